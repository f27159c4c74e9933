/**
 * People of an organization. A user's emails and mobiles are also entries of the global sign-in directory
 * (unique across all organizations); both change in one transaction (see withSignInDirectory).
 */
import { randomUUID } from 'node:crypto';
import { diffFields } from '../../../core/audit/diff.js';
import { CURSOR_TIMESTAMP_RE, decodeCursor, encodeCursor } from '../../../core/pagination/cursor.js';
import { normalizeEmail, normalizeMobile } from '../../../core/validation/mobile.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import { maskRecord } from '../../platform/access/access.js';
import type { Actor } from '../../platform/auth/actor.js';
import { authRepository } from '../../platform/auth/auth.repository.js';
import { isUniqueViolation, withSignInDirectory } from '../../platform/auth/directory.js';
import { identitiesRepository, identifiersOf } from '../../platform/auth/identities.repository.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import type { DbExecutor } from '../../platform/db/database.js';
import type { AppDeps } from '../../platform/deps.js';
import { httpErrors, type AppError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { fieldError, organizationErrors } from '../organizations/organizations.errors.js';
import { assertNothingHeld } from '../handover/handover.service.js';
import { userErrors } from './users.errors.js';
import { usersRepository, type UserRow } from './users.repository.js';
import type { CreateUserInput, ListUsersQuery, UpdateUserInput, UserDto } from './users.schemas.js';

export type UsersDeps = Pick<AppDeps, 'database' | 'clock'>;
export interface ServiceContext {
  audit: AuditContext;
  locale: Locale;
}

const AUDITED_FIELDS = ['displayName', 'email', 'mobile', 'departmentId', 'roleId', 'status'] as const;
const CURSOR_SORT = { sort: 'createdAt', order: 'asc' as const };

function toDto(row: UserRow): UserDto {
  const { createdAtKey: _key, ...rest } = row;
  return { ...rest, createdAt: row.createdAt.toISOString() };
}

/**
 * Normalises an email / mobile input: undefined → unchanged, '' or null → cleared, otherwise validated.
 * Throws a field error naming the bad field.
 */
export function normalizeContact(
  field: 'email' | 'mobile',
  value: string | null | undefined,
  locale: Locale,
): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  const normalized = field === 'email' ? normalizeEmail(value) : normalizeMobile(value);
  if (!normalized) {
    throw fieldError(field === 'email' ? organizationErrors.INVALID_EMAIL : organizationErrors.INVALID_MOBILE, field, locale);
  }
  return normalized;
}

function identifierTaken(identifier: string, email: string | null, locale: Locale): AppError {
  return fieldError(organizationErrors.IDENTIFIER_TAKEN, identifier === email ? 'email' : 'mobile', locale, { identifier });
}

/** A unique violation raced past the checks: report it as IDENTIFIER_TAKEN, naming the field when we can. */
function mapUniqueViolation(err: unknown, contact: { email: string | null; mobile: string | null }, locale: Locale): unknown {
  if (!isUniqueViolation(err)) return err;
  const detail = String((err as { detail?: string }).detail ?? (err as { cause?: { detail?: string } }).cause?.detail ?? '');
  const identifier =
    (contact.email && detail.includes(contact.email) && contact.email) ||
    (contact.mobile && detail.includes(contact.mobile) && contact.mobile) ||
    contact.email ||
    contact.mobile ||
    '';
  return identifierTaken(identifier, contact.email, locale);
}

/** Points the user's directory entries at exactly `contact`, refusing identifiers other users hold. */
async function syncIdentities(
  tx: DbExecutor,
  orgId: string,
  userId: string,
  contact: { email: string | null; mobile: string | null },
  locale: Locale,
) {
  const identifiers = identifiersOf(contact);
  await withSignInDirectory(tx, async (sys) => {
    const taken = (await identitiesRepository.findTaken(sys, identifiers)).filter((t) => !(t.orgId === orgId && t.userId === userId));
    if (taken[0]) throw identifierTaken(taken[0].identifier, contact.email, locale);
    await identitiesRepository.removeForUser(sys, orgId, userId);
    await identitiesRepository.insert(
      sys,
      identifiers.map((identifier) => ({ identifier, orgId, userId })),
    );
  });
}

export async function listUsers(deps: UsersDeps, actor: Actor, query: ListUsersQuery, locale: Locale) {
  let after: { createdAt: string; id: string } | undefined;
  if (query.cursor) {
    const c = decodeCursor(query.cursor, { ...CURSOR_SORT, validKey: (k) => CURSOR_TIMESTAMP_RE.test(k) });
    if (!c) throw fieldError(userErrors.INVALID_CURSOR, 'cursor', locale);
    after = { createdAt: c.key, id: c.id };
  }
  const rows = await deps.database.withTenant(actor.orgId, (tx) =>
    usersRepository.list(tx, actor.orgId, { q: query.q || undefined, departmentId: query.departmentId, status: query.status, after, limit: query.limit }),
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ ...CURSOR_SORT, key: last.createdAtKey, id: last.id }) : null;
  return { items: page.map((r) => maskRecord('users', toDto(r), actor.fieldMasks, 'list')), nextCursor };
}

export async function getUser(deps: UsersDeps, actor: Actor, id: string): Promise<UserDto> {
  const row = await deps.database.withTenant(actor.orgId, (tx) => usersRepository.findDto(tx, actor.orgId, id));
  if (!row) throw userErrors.USER_NOT_FOUND();
  return maskRecord('users', toDto(row), actor.fieldMasks, 'detail');
}

export async function createUser(deps: UsersDeps, actor: Actor, input: CreateUserInput, ctx: ServiceContext): Promise<UserDto> {
  const { orgId } = actor;
  const contact = {
    email: normalizeContact('email', input.email, ctx.locale) ?? null,
    mobile: normalizeContact('mobile', input.mobile, ctx.locale) ?? null,
  };
  if (!contact.email && !contact.mobile) {
    throw fieldError(organizationErrors.EMAIL_OR_MOBILE_REQUIRED, ['email', 'mobile'], ctx.locale);
  }
  const passwordHash = await hashPassword(input.password); // slow: outside the transaction
  const id = randomUUID();
  const now = deps.clock.now();
  try {
    const row = await deps.database.withTenant(orgId, async (tx) => {
      if (!(await usersRepository.departmentExists(tx, orgId, input.departmentId))) {
        throw fieldError(userErrors.DEPARTMENT_NOT_FOUND, 'departmentId', ctx.locale);
      }
      if (!(await usersRepository.roleExists(tx, orgId, input.roleId))) {
        throw fieldError(userErrors.ROLE_NOT_FOUND, 'roleId', ctx.locale);
      }
      const values = {
        orgId,
        id,
        displayName: input.displayName,
        ...contact,
        passwordHash,
        departmentId: input.departmentId,
        roleId: input.roleId,
        status: 'active' as const,
        createdAt: now,
        createdBy: actor.userId,
        updatedAt: now,
        updatedBy: actor.userId,
      };
      await usersRepository.insert(tx, values);
      await syncIdentities(tx, orgId, id, contact, ctx.locale);
      await auditRepository.insert(tx, [
        { ...ctx.audit, objectType: 'users', recordId: id, action: 'create', changes: diffFields(null, values, AUDITED_FIELDS) },
      ]);
      return usersRepository.findDto(tx, orgId, id);
    });
    return maskRecord('users', toDto(row!), actor.fieldMasks, 'detail');
  } catch (err) {
    throw mapUniqueViolation(err, contact, ctx.locale);
  }
}

export async function updateUser(
  deps: UsersDeps,
  actor: Actor,
  id: string,
  input: UpdateUserInput,
  ctx: ServiceContext,
): Promise<UserDto> {
  const { orgId } = actor;
  const email = normalizeContact('email', input.email, ctx.locale);
  const mobile = normalizeContact('mobile', input.mobile, ctx.locale);
  const now = deps.clock.now();
  let contact = { email: null as string | null, mobile: null as string | null };
  try {
    const row = await deps.database.withTenant(orgId, async (tx) => {
      const before = await usersRepository.findForUpdate(tx, orgId, id);
      if (!before) throw userErrors.USER_NOT_FOUND();
      if (before.version !== input.version) throw httpErrors.VERSION_CONFLICT();

      const after = {
        ...before,
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(email !== undefined ? { email } : {}),
        ...(mobile !== undefined ? { mobile } : {}),
        ...(input.departmentId !== undefined ? { departmentId: input.departmentId } : {}),
        ...(input.roleId !== undefined ? { roleId: input.roleId } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
      };
      contact = { email: after.email, mobile: after.mobile };
      const changes = diffFields(before, after, AUDITED_FIELDS);
      const changed = new Set(changes.map((c) => c.field));

      if (id === actor.userId && changed.has('status') && after.status === 'inactive') {
        throw fieldError(userErrors.CANNOT_DEACTIVATE_SELF, 'status', ctx.locale);
      }
      // a user who still owns customers, contacts or leads is handed over first (409 HANDOVER_REQUIRED)
      if (changed.has('status') && after.status === 'inactive') await assertNothingHeld(tx, orgId, id);
      if (id === actor.userId && changed.has('roleId')) throw fieldError(userErrors.CANNOT_CHANGE_OWN_ROLE, 'roleId', ctx.locale);
      if (!after.email && !after.mobile) {
        throw fieldError(organizationErrors.EMAIL_OR_MOBILE_REQUIRED, ['email', 'mobile'], ctx.locale);
      }
      if (changed.has('departmentId') && after.departmentId && !(await usersRepository.departmentExists(tx, orgId, after.departmentId))) {
        throw fieldError(userErrors.DEPARTMENT_NOT_FOUND, 'departmentId', ctx.locale);
      }
      if (changed.has('roleId') && !(await usersRepository.roleExists(tx, orgId, after.roleId))) {
        throw fieldError(userErrors.ROLE_NOT_FOUND, 'roleId', ctx.locale);
      }

      if (changes.length > 0) {
        const patch = Object.fromEntries(changes.map((c) => [c.field, after[c.field as keyof typeof after]]));
        const ok = await usersRepository.update(tx, orgId, id, input.version, { ...patch, updatedAt: now, updatedBy: actor.userId });
        if (!ok) throw httpErrors.VERSION_CONFLICT();
        if (changed.has('email') || changed.has('mobile')) await syncIdentities(tx, orgId, id, contact, ctx.locale);
        if (changed.has('status') && after.status === 'inactive') await authRepository.deleteSessionsOfUser(tx, orgId, id);
        await auditRepository.insert(tx, [{ ...ctx.audit, objectType: 'users', recordId: id, action: 'update', changes }]);
      }
      return usersRepository.findDto(tx, orgId, id);
    });
    return maskRecord('users', toDto(row!), actor.fieldMasks, 'detail');
  } catch (err) {
    throw mapUniqueViolation(err, contact, ctx.locale);
  }
}

/** An administrator sets a new password for a user; the user's sessions end (except the caller's own). */
export async function resetPassword(
  deps: UsersDeps,
  actor: Actor,
  id: string,
  input: { newPassword: string },
  ctx: ServiceContext,
): Promise<void> {
  const exists = await deps.database.withTenant(actor.orgId, (tx) => usersRepository.findDto(tx, actor.orgId, id));
  if (!exists) throw userErrors.USER_NOT_FOUND();
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await deps.database.withTenant(actor.orgId, async (tx) => {
    if (!(await usersRepository.setPassword(tx, actor.orgId, id, passwordHash, now, actor.userId))) throw userErrors.USER_NOT_FOUND();
    await authRepository.deleteSessionsOfUser(tx, actor.orgId, id, id === actor.userId ? actor.sessionTokenHash : undefined);
    await auditRepository.insert(tx, [{ ...ctx.audit, objectType: 'users', recordId: id, action: 'password_reset', changes: [] }]);
  });
}
