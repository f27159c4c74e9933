import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { DbExecutor } from '../db/database.js';
import { apiTokens, roles, sessions, users } from '../db/schema.js';

const actorColumns = {
  userId: users.id,
  displayName: users.displayName,
  status: users.status,
  departmentId: users.departmentId,
  roleId: roles.id,
  roleKey: roles.key,
  roleName: roles.name,
  dataScope: roles.dataScope,
  permissions: roles.permissions,
  fieldMasks: roles.fieldMasks,
};

export type ActorRow = {
  userId: string;
  displayName: string;
  status: 'active' | 'inactive';
  departmentId: string | null;
  roleId: string;
  roleKey: string | null;
  roleName: string;
  dataScope: import('../../../core/access/catalog.js').DataScope;
  permissions: Record<string, string[]>;
  fieldMasks: Record<string, import('../../../core/access/catalog.js').MaskMode>;
};

export const authRepository = {
  async insertSession(
    tx: DbExecutor,
    row: { orgId: string; tokenHash: string; userId: string; csrfToken: string; expiresAt: Date; userAgent?: string; ip?: string },
  ): Promise<void> {
    await tx.insert(sessions).values(row);
  },

  async findActorBySession(tx: DbExecutor, orgId: string, tokenHash: string, now: Date) {
    const rows = await tx
      .select({ ...actorColumns, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt })
      .from(sessions)
      .innerJoin(users, and(eq(users.orgId, sessions.orgId), eq(users.id, sessions.userId)))
      .innerJoin(roles, and(eq(roles.orgId, users.orgId), eq(roles.id, users.roleId)))
      .where(and(eq(sessions.orgId, orgId), eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
      .limit(1);
    return rows[0] as (ActorRow & { csrfToken: string; expiresAt: Date }) | undefined;
  },

  async deleteSession(tx: DbExecutor, orgId: string, tokenHash: string): Promise<void> {
    await tx.delete(sessions).where(and(eq(sessions.orgId, orgId), eq(sessions.tokenHash, tokenHash)));
  },

  async deleteSessionsOfUser(tx: DbExecutor, orgId: string, userId: string, exceptTokenHash?: string): Promise<void> {
    await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.orgId, orgId),
          eq(sessions.userId, userId),
          exceptTokenHash ? sql`${sessions.tokenHash} <> ${exceptTokenHash}` : undefined,
        ),
      );
  },

  async findActorByApiToken(tx: DbExecutor, orgId: string, tokenHash: string, now: Date) {
    const rows = await tx
      .select({ ...actorColumns, tokenId: apiTokens.id, scopes: apiTokens.scopes })
      .from(apiTokens)
      .innerJoin(users, and(eq(users.orgId, apiTokens.orgId), eq(users.id, apiTokens.userId)))
      .innerJoin(roles, and(eq(roles.orgId, users.orgId), eq(roles.id, users.roleId)))
      .where(
        and(
          eq(apiTokens.orgId, orgId),
          eq(apiTokens.tokenHash, tokenHash),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        ),
      )
      .limit(1);
    return rows[0] as (ActorRow & { tokenId: string; scopes: string[] }) | undefined;
  },

  async touchApiToken(tx: DbExecutor, orgId: string, tokenId: string, now: Date): Promise<void> {
    await tx
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, tokenId)));
  },
};

export type AuthRepository = typeof authRepository;
