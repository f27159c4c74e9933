/**
 * API tokens for integrations: `ld_<org>_<secret>`, stored as sha256(secret), shown once. A token acts as
 * its user, limited to its scopes (see authorize). Everyone manages their own tokens; user administrators
 * (users: edit) see and revoke everyone's.
 */
import { randomUUID } from 'node:crypto';
import { hasPermission } from '../../../core/access/catalog.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import { formatApiToken, randomSecret, sha256 } from '../../platform/auth/tokens.js';
import type { AppDeps } from '../../platform/deps.js';
import { apiTokenErrors } from './api-tokens.errors.js';
import { apiTokensRepository } from './api-tokens.repository.js';
import type { ApiTokenItem, CreateApiTokenInput } from './api-tokens.schemas.js';

export type ApiTokensDeps = Pick<AppDeps, 'database' | 'clock'>;

const DAY_MS = 24 * 3600 * 1000;

/** Whether the actor manages everyone's tokens, not only their own. */
export function managesAllTokens(actor: Pick<Actor, 'permissions'>): boolean {
  return hasPermission(actor.permissions, 'users', 'edit');
}

type ItemRow = NonNullable<Awaited<ReturnType<typeof apiTokensRepository.findItem>>>;
const toItem = (r: ItemRow): ApiTokenItem => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  expiresAt: r.expiresAt?.toISOString() ?? null,
});

export async function listApiTokens(deps: ApiTokensDeps, actor: Actor): Promise<ApiTokenItem[]> {
  const rows = await deps.database.withTenant(actor.orgId, (tx) =>
    apiTokensRepository.list(tx, actor.orgId, managesAllTokens(actor) ? undefined : actor.userId),
  );
  return rows.map(toItem);
}

export async function createApiToken(
  deps: ApiTokensDeps,
  actor: Actor,
  input: CreateApiTokenInput,
  audit: AuditContext,
): Promise<{ token: string; item: ApiTokenItem }> {
  const { orgId } = actor;
  const id = randomUUID();
  const secret = randomSecret();
  const now = deps.clock.now();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null;
  const item = await deps.database.withTenant(orgId, async (tx) => {
    await apiTokensRepository.insert(tx, {
      orgId,
      id,
      userId: actor.userId,
      name: input.name,
      tokenHash: sha256(secret),
      scopes: input.scopes,
      createdAt: now,
      expiresAt,
    });
    await auditRepository.insert(tx, [
      {
        ...audit,
        objectType: 'api_tokens',
        recordId: id,
        action: 'create',
        changes: [
          { field: 'name', old: null, new: input.name },
          { field: 'scopes', old: null, new: input.scopes },
          ...(expiresAt ? [{ field: 'expiresAt', old: null, new: expiresAt.toISOString() }] : []),
        ],
      },
    ]);
    return apiTokensRepository.findItem(tx, orgId, id);
  });
  return { token: formatApiToken(orgId, secret), item: toItem(item!) };
}

export async function revokeApiToken(deps: ApiTokensDeps, actor: Actor, id: string, audit: AuditContext): Promise<void> {
  const { orgId } = actor;
  const now = deps.clock.now();
  await deps.database.withTenant(orgId, async (tx) => {
    const token = await apiTokensRepository.findItem(tx, orgId, id);
    if (!token || (token.userId !== actor.userId && !managesAllTokens(actor))) throw apiTokenErrors.API_TOKEN_NOT_FOUND();
    if (!(await apiTokensRepository.revoke(tx, orgId, id, now))) throw apiTokenErrors.API_TOKEN_NOT_FOUND();
    await auditRepository.insert(tx, [
      { ...audit, objectType: 'api_tokens', recordId: id, action: 'delete', changes: [{ field: 'revokedAt', old: null, new: now.toISOString() }] },
    ]);
  });
}
