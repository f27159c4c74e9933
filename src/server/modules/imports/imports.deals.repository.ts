/**
 * SQL of the deal import (imports.deals.ts): the importing user as an actor, owners by display name, and the
 * batch's writes — deals, their stage history and their accounts' last deal / last won dates — one statement each.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DataScope, MaskMode } from '../../../core/access/catalog.js';
import type { DbExecutor } from '../../platform/db/database.js';
import { deals, dealStageHistory, roles, users } from '../../platform/db/schema.js';

export type DealInsert = typeof deals.$inferInsert;
export type StageHistoryInsert = typeof dealStageHistory.$inferInsert;

const CHUNK = 1000;

export const dealImportRepository = {
  /** The importing user with their role (the stage gate asks whether they are an admin). */
  async importer(tx: DbExecutor, orgId: string, userId: string) {
    const rows = await tx
      .select({
        displayName: users.displayName,
        departmentId: users.departmentId,
        roleId: users.roleId,
        roleKey: roles.key,
        roleName: roles.name,
        dataScope: roles.dataScope,
        permissions: roles.permissions,
        fieldMasks: roles.fieldMasks,
      })
      .from(users)
      .innerJoin(roles, and(eq(roles.orgId, users.orgId), eq(roles.id, users.roleId)))
      .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
      .limit(1);
    return rows[0] as
      | { displayName: string; departmentId: string | null; roleId: string; roleKey: string | null; roleName: string; dataScope: DataScope; permissions: Record<string, string[]>; fieldMasks: Record<string, MaskMode> }
      | undefined;
  },

  /** Users whose display name (trimmed) is one of `names`. */
  async usersByName(tx: DbExecutor, orgId: string, names: string[]) {
    if (names.length === 0) return [];
    return tx
      .select({ id: users.id, displayName: users.displayName, departmentId: users.departmentId, status: users.status })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(sql`btrim(${users.displayName})`, names)));
  },

  async insertDeals(tx: DbExecutor, rows: DealInsert[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(deals).values(rows.slice(i, i + CHUNK));
  },

  async insertStageHistory(tx: DbExecutor, rows: StageHistoryInsert[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(dealStageHistory).values(rows.slice(i, i + CHUNK));
  },

  /** accounts.last_deal_at / last_won_at move forward to the imported deals' dates (never back). */
  async touchAccounts(tx: DbExecutor, orgId: string, rows: { accountId: string; lastDealAt: Date; lastWonAt: Date | null }[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.execute(sql`
      update accounts a
         set last_deal_at = greatest(coalesce(a.last_deal_at, v.last_deal_at), v.last_deal_at),
             last_won_at = case when v.last_won_at is null then a.last_won_at else greatest(coalesce(a.last_won_at, v.last_won_at), v.last_won_at) end
        from unnest(${sql.param(rows.map((r) => r.accountId))}::uuid[], ${sql.param(rows.map((r) => r.lastDealAt.toISOString()))}::timestamptz[],
                    ${sql.param(rows.map((r) => r.lastWonAt?.toISOString() ?? null))}::timestamptz[]) as v(id, last_deal_at, last_won_at)
       where a.org_id = ${orgId}::uuid and a.id = v.id`);
  },
};
