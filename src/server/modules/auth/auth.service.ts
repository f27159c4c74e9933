/**
 * Sign-in (email or mobile + password, rate-limited), sessions, the signed-in user's payload and
 * password change. Argon2 hashing and verification always run outside transactions (they are slow).
 */
import { normalizeMobile } from '../../../core/validation/mobile.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import { authRepository } from '../../platform/auth/auth.repository.js';
import { identitiesRepository } from '../../platform/auth/identities.repository.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { SESSION_TTL_MS, formatSessionCookie, randomSecret, sha256 } from '../../platform/auth/tokens.js';
import type { AppDeps } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { fieldError } from '../organizations/organizations.errors.js';
import { authModuleErrors } from './auth.errors.js';
import { authModuleRepository } from './auth.repository.js';
import type { MePayload } from './auth.schemas.js';

export type AuthDeps = Pick<AppDeps, 'database' | 'clock'>;

/** At most this many failed sign-ins per IP and per identifier within the window; the next is refused. */
export const SIGN_IN_MAX_FAILURES = 10;
export const SIGN_IN_WINDOW_MS = 60_000;
/** failure rows older than this are pruned now and then */
const FAILURE_RETENTION_MS = 3600_000;
const PRUNE_PROBABILITY = 0.05;

/** Emails compare lower-cased; mobiles after normalisation (+86, spaces, hyphens). */
export function normalizeIdentifier(raw: string): string {
  const s = raw.trim();
  if (s.includes('@')) return s.toLowerCase();
  return normalizeMobile(s) ?? s.toLowerCase();
}

export function rateLimitKeys(ip: string, identifier: string): string[] {
  return [`ip:${ip}`, `id:${identifier}`];
}

export function isRateLimited(counts: Record<string, number>, keys: readonly string[]): boolean {
  return keys.some((k) => (counts[k] ?? 0) >= SIGN_IN_MAX_FAILURES);
}

// Verifying against a throw-away hash when the identifier is unknown keeps response times alike, so
// timing does not reveal which emails and mobiles have accounts.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(randomSecret()));

export interface SignedIn {
  /** value of the session cookie */
  cookieValue: string;
  me: MePayload;
}

export interface SessionMeta {
  ip?: string;
  userAgent?: string;
}

export async function signIn(
  deps: AuthDeps,
  input: { identifier: string; password: string } & SessionMeta,
): Promise<SignedIn> {
  const now = deps.clock.now();
  const identifier = normalizeIdentifier(input.identifier);
  const keys = rateLimitKeys(input.ip ?? 'unknown', identifier);
  const identity = await deps.database.withSystem(async (tx) => {
    const counts = await identitiesRepository.countRecentFailures(tx, keys, new Date(now.getTime() - SIGN_IN_WINDOW_MS));
    if (isRateLimited(counts, keys)) return 'rate_limited' as const;
    return (await identitiesRepository.find(tx, identifier)) ?? null;
  });
  if (identity === 'rate_limited') throw authModuleErrors.TOO_MANY_ATTEMPTS();

  const user = identity
    ? await deps.database.withTenant(identity.orgId, (tx) =>
        authModuleRepository.findCredentials(tx, identity.orgId, identity.userId),
      )
    : undefined;
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (!identity || !user || !passwordOk || user.status !== 'active') {
    await deps.database.withSystem(async (tx) => {
      await identitiesRepository.recordFailures(tx, keys, now);
      if (Math.random() < PRUNE_PROBABILITY) {
        await identitiesRepository.pruneFailures(tx, new Date(now.getTime() - FAILURE_RETENTION_MS));
      }
    });
    throw authModuleErrors.INVALID_CREDENTIALS();
  }
  return createSession(deps, identity.orgId, user.id, input);
}

/** Starts a cookie session for a user (sign-in, first-run setup) and returns the cookie value and me payload. */
export async function createSession(deps: AuthDeps, orgId: string, userId: string, meta: SessionMeta = {}): Promise<SignedIn> {
  const secret = randomSecret();
  const csrfToken = randomSecret(16);
  const now = deps.clock.now();
  const me = await deps.database.withTenant(orgId, async (tx) => {
    await authRepository.insertSession(tx, {
      orgId,
      tokenHash: sha256(secret),
      userId,
      csrfToken,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      userAgent: meta.userAgent?.slice(0, 500),
      ip: meta.ip,
    });
    return authModuleRepository.findMe(tx, orgId, userId);
  });
  if (!me) throw httpErrors.UNAUTHENTICATED();
  return { cookieValue: formatSessionCookie(orgId, secret), me: toMePayload(orgId, me, csrfToken) };
}

function toMePayload(
  orgId: string,
  row: NonNullable<Awaited<ReturnType<typeof authModuleRepository.findMe>>>,
  csrfToken: string | null,
): MePayload {
  return {
    user: {
      id: row.id,
      displayName: row.displayName,
      email: row.email,
      mobile: row.mobile,
      departmentId: row.departmentId,
      roleId: row.roleId,
      roleName: row.roleName,
      dataScope: row.dataScope,
      permissions: row.permissions,
    },
    organization: { id: orgId, name: row.organizationName },
    csrfToken,
  };
}

export async function getMe(deps: AuthDeps, actor: Actor): Promise<MePayload> {
  const row = await deps.database.withTenant(actor.orgId, (tx) => authModuleRepository.findMe(tx, actor.orgId, actor.userId));
  if (!row) throw httpErrors.UNAUTHENTICATED();
  return toMePayload(actor.orgId, row, actor.kind === 'user' ? (actor.csrfToken ?? null) : null);
}

export async function signOut(deps: AuthDeps, actor: Actor | null): Promise<void> {
  if (!actor?.sessionTokenHash) return;
  const tokenHash = actor.sessionTokenHash;
  await deps.database.withTenant(actor.orgId, (tx) => authRepository.deleteSession(tx, actor.orgId, tokenHash));
}

/** Changes the signed-in user's own password and ends their other sessions. */
export async function changePassword(
  deps: AuthDeps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  ctx: { audit: AuditContext; locale: Locale },
): Promise<void> {
  if (actor.kind !== 'user') throw authModuleErrors.SESSION_REQUIRED();
  const creds = await deps.database.withTenant(actor.orgId, (tx) =>
    authModuleRepository.findCredentials(tx, actor.orgId, actor.userId),
  );
  if (!creds || !(await verifyPassword(creds.passwordHash, input.currentPassword))) {
    throw fieldError(authModuleErrors.WRONG_CURRENT_PASSWORD, 'currentPassword', ctx.locale);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await deps.database.withTenant(actor.orgId, async (tx) => {
    await authModuleRepository.updatePassword(tx, actor.orgId, actor.userId, passwordHash, now, actor.userId);
    await authRepository.deleteSessionsOfUser(tx, actor.orgId, actor.userId, actor.sessionTokenHash);
    await auditRepository.insert(tx, [
      { ...ctx.audit, objectType: 'users', recordId: actor.userId, action: 'password_change', changes: [] },
    ]);
  });
}
