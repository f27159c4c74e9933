import { and, asc, count, eq, gte, inArray, isNull, isNotNull, lte, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, notifications, organizations, poolClaims, pools, users } from '../../platform/db/schema.js';
import type { PoolRules } from '../../../core/pools/rules.js';

export interface PoolRow {
  id: string;
  name: string;
  rules: PoolRules;
  departmentIds: string[];
  isDefault: boolean;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** An account as the pool rules see it. */
export interface PoolAccountRow {
  id: string;
  name: string;
  ownerId: string | null;
  departmentId: string | null;
  poolId: string | null;
  poolEnteredAt: Date | null;
  previousOwnerId: string | null;
  tier: string | null;
  locked: number;
  deletedAt: Date | null;
  createdAt: Date;
  ownerAssignedAt: Date | null;
  lastEffectiveFollowUpAt: Date | null;
  lastDealAt: Date | null;
  lastWonAt: Date | null;
  reclaimDueAt: Date | null;
  version: number;
}

const poolAccountColumns = {
  id: accounts.id,
  name: accounts.name,
  ownerId: accounts.ownerId,
  departmentId: accounts.departmentId,
  poolId: accounts.poolId,
  poolEnteredAt: accounts.poolEnteredAt,
  previousOwnerId: accounts.previousOwnerId,
  tier: accounts.tier,
  locked: accounts.locked,
  deletedAt: accounts.deletedAt,
  createdAt: accounts.createdAt,
  ownerAssignedAt: accounts.ownerAssignedAt,
  lastEffectiveFollowUpAt: accounts.lastEffectiveFollowUpAt,
  lastDealAt: accounts.lastDealAt,
  lastWonAt: accounts.lastWonAt,
  reclaimDueAt: accounts.reclaimDueAt,
  version: accounts.version,
};

const toPoolRow = (r: typeof pools.$inferSelect): PoolRow => ({
  id: r.id,
  name: r.name,
  rules: r.rules as unknown as PoolRules,
  departmentIds: r.departmentIds,
  isDefault: r.isDefault === 1,
  active: r.active === 1,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  version: r.version,
});

/** An array as ONE bind parameter (drizzle would otherwise expand it into a list). */
const arrayParam = (values: readonly (string | null)[], type: 'uuid' | 'timestamptz' | 'text') =>
  sql`${sql.param([...values])}::${sql.raw(type)}[]`;

export const poolsRepository = {
  /** Every organization (system transaction: the reclaim job walks them one by one). */
  async listOrgIds(tx: DbExecutor): Promise<string[]> {
    const rows = await tx.select({ id: organizations.id }).from(organizations).orderBy(asc(organizations.id));
    return rows.map((r) => r.id);
  },

  async list(tx: DbExecutor, orgId: string): Promise<PoolRow[]> {
    const rows = await tx.select().from(pools).where(eq(pools.orgId, orgId)).orderBy(sql`${pools.isDefault} desc`, asc(pools.createdAt), asc(pools.id));
    return rows.map(toPoolRow);
  },

  async findById(tx: DbExecutor, orgId: string, id: string): Promise<PoolRow | undefined> {
    const rows = await tx.select().from(pools).where(and(eq(pools.orgId, orgId), eq(pools.id, id))).limit(1);
    return rows[0] ? toPoolRow(rows[0]) : undefined;
  },

  async hasDefault(tx: DbExecutor, orgId: string): Promise<boolean> {
    const rows = await tx.select({ id: pools.id }).from(pools).where(and(eq(pools.orgId, orgId), eq(pools.isDefault, 1))).limit(1);
    return rows.length > 0;
  },

  /** Inserts a pool; with `ifAbsent`, a pool with the same id is left alone (the lazily created default one). */
  async insert(
    tx: DbExecutor,
    row: { orgId: string; id: string; name: string; rules: PoolRules; departmentIds: string[]; isDefault: boolean; active: boolean; actorId: string | null; now: Date },
    opts: { ifAbsent?: boolean } = {},
  ): Promise<void> {
    const q = tx.insert(pools).values({
      orgId: row.orgId,
      id: row.id,
      name: row.name,
      rules: row.rules as unknown as Record<string, unknown>,
      departmentIds: row.departmentIds,
      isDefault: row.isDefault ? 1 : 0,
      active: row.active ? 1 : 0,
      createdAt: row.now,
      createdBy: row.actorId,
      updatedAt: row.now,
      updatedBy: row.actorId,
    });
    if (opts.ifAbsent) await q.onConflictDoNothing();
    else await q;
  },

  async update(
    tx: DbExecutor,
    orgId: string,
    id: string,
    version: number,
    set: Partial<{ name: string; rules: PoolRules; departmentIds: string[]; isDefault: boolean; active: boolean }>,
    meta: { actorId: string; now: Date },
  ): Promise<boolean> {
    const rows = await tx
      .update(pools)
      .set({
        ...(set.name !== undefined ? { name: set.name } : {}),
        ...(set.rules !== undefined ? { rules: set.rules as unknown as Record<string, unknown> } : {}),
        ...(set.departmentIds !== undefined ? { departmentIds: set.departmentIds } : {}),
        ...(set.isDefault !== undefined ? { isDefault: set.isDefault ? 1 : 0 } : {}),
        ...(set.active !== undefined ? { active: set.active ? 1 : 0 } : {}),
        version: sql`${pools.version} + 1`,
        updatedAt: meta.now,
        updatedBy: meta.actorId,
      })
      .where(and(eq(pools.orgId, orgId), eq(pools.id, id), eq(pools.version, version)))
      .returning({ id: pools.id });
    return rows.length > 0;
  },

  /** Every other pool stops being the default. */
  async clearDefaultExcept(tx: DbExecutor, orgId: string, id: string): Promise<void> {
    await tx
      .update(pools)
      .set({ isDefault: 0, version: sql`${pools.version} + 1` })
      .where(and(eq(pools.orgId, orgId), eq(pools.isDefault, 1), sql`${pools.id} <> ${id}`));
  },

  async remove(tx: DbExecutor, orgId: string, id: string): Promise<boolean> {
    const rows = await tx.delete(pools).where(and(eq(pools.orgId, orgId), eq(pools.id, id))).returning({ id: pools.id });
    return rows.length > 0;
  },

  /** Live accounts in each pool. */
  async countAccountsByPool(tx: DbExecutor, orgId: string): Promise<Map<string, number>> {
    const rows = await tx
      .select({ poolId: accounts.poolId, n: count() })
      .from(accounts)
      .where(and(eq(accounts.orgId, orgId), isNotNull(accounts.poolId), isNull(accounts.ownerId), isNull(accounts.deletedAt)))
      .groupBy(accounts.poolId);
    return new Map(rows.map((r) => [r.poolId!, Number(r.n)]));
  },

  async findAccounts(tx: DbExecutor, orgId: string, ids: readonly string[], opts: { forUpdate?: boolean } = {}): Promise<PoolAccountRow[]> {
    if (ids.length === 0) return [];
    const q = tx
      .select(poolAccountColumns)
      .from(accounts)
      .where(and(eq(accounts.orgId, orgId), sql`${accounts.id} = any(${arrayParam(ids, 'uuid')})`))
      .orderBy(asc(accounts.id));
    return (opts.forUpdate ? await q.for('update') : await q) as PoolAccountRow[];
  },

  /** Owned, live accounts the reclaim job must look at: due, or within `horizon` of being due (reminders). */
  async findDueAccounts(tx: DbExecutor, orgId: string, before: Date, limit: number, afterId?: string): Promise<PoolAccountRow[]> {
    return (await tx
      .select(poolAccountColumns)
      .from(accounts)
      .where(
        and(
          eq(accounts.orgId, orgId),
          lte(accounts.reclaimDueAt, before),
          isNotNull(accounts.ownerId),
          isNull(accounts.deletedAt),
          afterId ? sql`${accounts.id} > ${afterId}::uuid` : undefined,
        ),
      )
      .orderBy(asc(accounts.id))
      .limit(limit)) as PoolAccountRow[];
  },

  /**
   * Owned, live accounts of the given departments (ids only), for a rules change. `everything`: all owned
   * accounts (the whole-organization pool changed, which also covers accounts without or with a removed department).
   */
  async listOwnedAccountIds(tx: DbExecutor, orgId: string, departmentIds: readonly string[], everything: boolean): Promise<string[]> {
    if (!everything && departmentIds.length === 0) return [];
    const rows = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(
        and(
          eq(accounts.orgId, orgId),
          isNotNull(accounts.ownerId),
          isNull(accounts.deletedAt),
          everything ? undefined : inArray(accounts.departmentId, [...departmentIds]),
        ),
      );
    return rows.map((r) => r.id);
  },

  /** Writes the reclaim times (null: never) of many accounts in one statement; only changed rows are touched. */
  async setReclaimDue(tx: DbExecutor, orgId: string, values: { id: string; dueAt: Date | null }[]): Promise<number> {
    if (values.length === 0) return 0;
    const rows = await tx.execute(sql`
      update ${accounts} as a set reclaim_due_at = v.due
      from unnest(${arrayParam(values.map((v) => v.id), 'uuid')}, ${arrayParam(values.map((v) => v.dueAt?.toISOString() ?? null), 'timestamptz')}) as v(id, due)
      where a.org_id = ${orgId} and a.id = v.id and a.reclaim_due_at is distinct from v.due
      returning a.id`);
    return rowsOf(rows).length;
  },

  /** Owned → pool (release, reclaim): only accounts still owned by `expectedOwner` move. Returns the moved ids. */
  async moveToPool(
    tx: DbExecutor,
    orgId: string,
    moves: { id: string; poolId: string; expectedOwnerId: string }[],
    meta: { actorId: string | null; now: Date },
  ): Promise<string[]> {
    if (moves.length === 0) return [];
    const rows = await tx.execute<{ id: string }>(sql`
      update ${accounts} as a set
        pool_id = v.pool_id, pool_entered_at = ${meta.now.toISOString()}::timestamptz, previous_owner_id = a.owner_id,
        owner_id = null, reclaim_due_at = null, version = a.version + 1,
        updated_at = ${meta.now.toISOString()}::timestamptz, updated_by = ${meta.actorId}::uuid
      from unnest(${arrayParam(moves.map((m) => m.id), 'uuid')}, ${arrayParam(moves.map((m) => m.poolId), 'uuid')}, ${arrayParam(moves.map((m) => m.expectedOwnerId), 'uuid')}) as v(id, pool_id, owner_id)
      where a.org_id = ${orgId} and a.id = v.id and a.owner_id = v.owner_id and a.deleted_at is null
      returning a.id`);
    return rowsOf<{ id: string }>(rows).map((r) => r.id);
  },

  /** Pool → owner (claim, assign): only accounts still in `poolId` without an owner move. Returns the moved ids. */
  async takeFromPool(
    tx: DbExecutor,
    orgId: string,
    poolId: string,
    ids: readonly string[],
    owner: { id: string; departmentId: string | null },
    meta: { actorId: string; now: Date },
  ): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .update(accounts)
      .set({
        ownerId: owner.id,
        departmentId: owner.departmentId,
        poolId: null,
        poolEnteredAt: null,
        ownerAssignedAt: meta.now,
        version: sql`${accounts.version} + 1`,
        updatedAt: meta.now,
        updatedBy: meta.actorId,
      })
      .where(
        and(
          eq(accounts.orgId, orgId),
          sql`${accounts.id} = any(${arrayParam(ids, 'uuid')})`,
          eq(accounts.poolId, poolId),
          isNull(accounts.ownerId),
          isNull(accounts.deletedAt),
        ),
      )
      .returning({ id: accounts.id });
    return rows.map((r) => r.id);
  },

  async insertClaims(tx: DbExecutor, rows: { orgId: string; id: string; poolId: string; accountId: string; userId: string; kind: 'claim' | 'assign'; claimedAt: Date }[]) {
    if (rows.length) await tx.insert(poolClaims).values(rows);
  },

  /** Claims (not assignments) by the user since `since`. */
  async countClaimsSince(tx: DbExecutor, orgId: string, userId: string, since: Date): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(poolClaims)
      .where(and(eq(poolClaims.orgId, orgId), eq(poolClaims.userId, userId), eq(poolClaims.kind, 'claim'), gte(poolClaims.claimedAt, since)));
    return Number(row?.n ?? 0);
  },

  /** Live accounts the user owns. */
  async countHeld(tx: DbExecutor, orgId: string, userId: string): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(accounts)
      .where(and(eq(accounts.orgId, orgId), eq(accounts.ownerId, userId), isNull(accounts.deletedAt)));
    return Number(row?.n ?? 0);
  },

  /**
   * Serialises the claims of one user (daily cap and holding cap are read-then-write checks): a transaction
   * lock released at commit.
   */
  async lockUserClaims(tx: DbExecutor, orgId: string, userId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`pool-claims:${orgId}:${userId}`}, 0))`);
  },

  async findActiveUsers(tx: DbExecutor, orgId: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    return tx
      .select({ id: users.id, displayName: users.displayName, departmentId: users.departmentId, locale: users.locale })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, [...ids]), eq(users.status, 'active')));
  },

  async findUsers(tx: DbExecutor, orgId: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    return tx
      .select({ id: users.id, displayName: users.displayName, departmentId: users.departmentId, locale: users.locale, status: users.status })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, [...ids])));
  },

  /** Inserts notifications that are not there yet (unique per user and dedupe key); returns the inserted rows. */
  async insertNotificationsOnce(tx: DbExecutor, rows: (typeof notifications.$inferInsert & { dedupeKey: string })[]) {
    if (rows.length === 0) return [];
    return tx.insert(notifications).values(rows).onConflictDoNothing().returning();
  },
};

function rowsOf<R>(result: unknown): R[] {
  return Array.isArray(result) ? (result as R[]) : ((result as { rows: R[] }).rows ?? []);
}

export type PoolsRepository = typeof poolsRepository;
