import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { apiTokens, users } from '../../platform/db/schema.js';

const itemColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  scopes: apiTokens.scopes,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  userId: apiTokens.userId,
  userName: users.displayName,
};

export const apiTokensRepository = {
  /** Tokens not revoked, newest first; only `userId`'s when given. */
  async list(tx: DbExecutor, orgId: string, userId?: string) {
    return tx
      .select(itemColumns)
      .from(apiTokens)
      .leftJoin(users, and(eq(users.orgId, apiTokens.orgId), eq(users.id, apiTokens.userId)))
      .where(and(eq(apiTokens.orgId, orgId), isNull(apiTokens.revokedAt), userId ? eq(apiTokens.userId, userId) : undefined))
      .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  },

  async findItem(tx: DbExecutor, orgId: string, id: string) {
    const rows = await tx
      .select(itemColumns)
      .from(apiTokens)
      .leftJoin(users, and(eq(users.orgId, apiTokens.orgId), eq(users.id, apiTokens.userId)))
      .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .limit(1);
    return rows[0];
  },

  async insert(tx: DbExecutor, row: typeof apiTokens.$inferInsert) {
    await tx.insert(apiTokens).values(row);
  },

  async revoke(tx: DbExecutor, orgId: string, id: string, now: Date): Promise<boolean> {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  },
};

export type ApiTokensRepository = typeof apiTokensRepository;
