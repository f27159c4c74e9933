/**
 * SQL of deals (商机): rows with their account and owner names (one join, no N+1), filters shared by the list,
 * totals and board, per-stage totals with the weighted amount summed per deal in exact integer math, stage
 * history, and the facts the stage gate reads (attachment kinds, effective follow-ups).
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, activities, attachments, deals, dealStageHistory, dealTeamMembers, users, type DealStatus } from '../../platform/db/schema.js';

/** The organization's calendar for "close month" (as pools reminders). */
export const ORG_TIME_ZONE = 'Asia/Shanghai';

export type DealSort = 'updatedAt' | 'createdAt' | 'lastUpdateAt';
export type SortOrder = 'asc' | 'desc';

/** The columns the data scope (platform/access scopeFilter) filters on. */
export const dealScopeColumns = { id: deals.id, ownerId: deals.ownerId, departmentId: deals.departmentId };

const dealColumns = {
  id: deals.id,
  name: deals.name,
  accountId: deals.accountId,
  accountName: accounts.name,
  contactIds: deals.contactIds,
  pipelineId: deals.pipelineId,
  stageKey: deals.stageKey,
  stageEnteredAt: deals.stageEnteredAt,
  status: deals.status,
  amount: deals.amount,
  currency: deals.currency,
  expectedCloseDate: deals.expectedCloseDate,
  product: deals.product,
  source: deals.source,
  description: deals.description,
  closedAt: deals.closedAt,
  closeReason: deals.closeReason,
  lastUpdateAt: deals.lastUpdateAt,
  rottingSince: deals.rottingSince,
  ownerId: deals.ownerId,
  ownerName: users.displayName,
  departmentId: deals.departmentId,
  externalId: deals.externalId,
  customFields: deals.customFields,
  createdAt: deals.createdAt,
  updatedAt: deals.updatedAt,
  deletedAt: deals.deletedAt,
  version: deals.version,
};

export interface DealRow {
  id: string;
  name: string;
  accountId: string | null;
  accountName: string | null;
  contactIds: string[];
  pipelineId: string;
  stageKey: string;
  stageEnteredAt: Date;
  status: DealStatus;
  amount: number | null;
  currency: string;
  expectedCloseDate: string | null;
  product: string | null;
  source: string | null;
  description: string | null;
  closedAt: Date | null;
  closeReason: string | null;
  lastUpdateAt: Date;
  rottingSince: Date | null;
  ownerId: string | null;
  ownerName: string | null;
  departmentId: string | null;
  externalId: string | null;
  customFields: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  version: number;
}

/** The fields a user edits. */
export interface DealFields {
  name: string;
  accountId: string | null;
  contactIds: string[];
  amount: number | null;
  currency: string;
  expectedCloseDate: string | null;
  product: string | null;
  source: string | null;
  description: string | null;
  closeReason: string | null;
}

/** Stage moves write these (status follows the stage type). */
export interface StageSet {
  stageKey: string;
  status: DealStatus;
  stageEnteredAt: Date;
  closedAt: Date | null;
  closeReason?: string | null;
}

/** A (pipeline, stage) → probability / rotting days table, as SQL CASE arms. */
export interface StageTable {
  pipelineId: string;
  stageKey: string;
  probability: number;
}

const tsKey = (col: typeof deals.createdAt) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const SORTS = {
  updatedAt: { column: deals.updatedAt, key: tsKey(deals.updatedAt) },
  createdAt: { column: deals.createdAt, key: tsKey(deals.createdAt) },
  lastUpdateAt: { column: deals.lastUpdateAt, key: tsKey(deals.lastUpdateAt) },
} as const;

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface DealFilters {
  /** the data-scope condition from platform/access (undefined: no restriction) */
  scope: SQL | undefined;
  q?: string;
  ownerId?: string;
  departmentId?: string;
  pipelineId?: string;
  stageKey?: string;
  status?: DealStatus;
  accountId?: string;
  /** open deals: expected close date in the month; closed deals: closed in the month (organization calendar) */
  closeMonth?: { from: string; to: string };
  /** rotting open deals (condition built by the service from the stages' rotting days) */
  rotting?: SQL;
  deleted?: boolean;
}

/** The WHERE of a deal query (without the organization, which callers add). */
export function dealFilter(f: DealFilters): SQL | undefined {
  const closedLocal = sql`(${deals.closedAt} at time zone ${sql.raw(`'${ORG_TIME_ZONE}'`)})`;
  return and(
    f.deleted ? isNotNull(deals.deletedAt) : isNull(deals.deletedAt),
    f.scope,
    f.q ? sql`${deals.name} ilike ${likePattern(f.q)}` : undefined,
    f.ownerId ? eq(deals.ownerId, f.ownerId) : undefined,
    f.departmentId ? eq(deals.departmentId, f.departmentId) : undefined,
    f.pipelineId ? eq(deals.pipelineId, f.pipelineId) : undefined,
    f.stageKey ? eq(deals.stageKey, f.stageKey) : undefined,
    f.status ? eq(deals.status, f.status) : undefined,
    f.accountId ? eq(deals.accountId, f.accountId) : undefined,
    f.closeMonth
      ? sql`(case when ${deals.status} = 'open'
          then ${deals.expectedCloseDate} >= ${f.closeMonth.from} and ${deals.expectedCloseDate} < ${f.closeMonth.to}
          else ${closedLocal} >= ${f.closeMonth.from}::timestamp and ${closedLocal} < ${f.closeMonth.to}::timestamp end)`
      : undefined,
    f.rotting,
  );
}

/** CASE expression: the probability of the deal's (pipeline, stage); 0 for unknown stages. */
function probabilityCase(table: readonly StageTable[]): SQL {
  if (table.length === 0) return sql`0`;
  const arms = table.map((s) => sql`when ${deals.pipelineId} = ${s.pipelineId}::uuid and ${deals.stageKey} = ${s.stageKey} then ${s.probability}::int`);
  return sql`(case ${sql.join(arms, sql` `)} else 0 end)`;
}

function rowsOf<R>(result: unknown): R[] {
  return Array.isArray(result) ? (result as R[]) : ((result as { rows: R[] }).rows ?? []);
}

function baseQuery(tx: DbExecutor, extra: Record<string, SQL> = {}) {
  return tx
    .select({ ...dealColumns, ...extra })
    .from(deals)
    .leftJoin(accounts, and(eq(accounts.orgId, deals.orgId), eq(accounts.id, deals.accountId)))
    .leftJoin(users, and(eq(users.orgId, deals.orgId), eq(users.id, deals.ownerId)));
}

const normalize = (r: DealRow): DealRow => ({ ...r, amount: r.amount === null ? null : Number(r.amount) });

export interface TotalsRow {
  stageKey: string;
  count: number;
  amount: number;
  weightedAmount: number;
}

export const dealsRepository = {
  /** A real update of the deal (follow-up, stage move, edit, attachment): lastUpdateAt moves forward, rotting ends. */
  async markUpdated(tx: DbExecutor, orgId: string, dealId: string, at: Date): Promise<void> {
    await tx
      .update(deals)
      .set({ lastUpdateAt: sql`greatest(${deals.lastUpdateAt}, ${at.toISOString()}::timestamptz)`, rottingSince: null })
      .where(and(eq(deals.orgId, orgId), eq(deals.id, dealId)));
  },

  /** One page in (sort key, id) order; each row carries its sort key for the next cursor. */
  async list(
    tx: DbExecutor,
    orgId: string,
    query: { where: SQL | undefined; sort: DealSort; order: SortOrder; after?: { key: string; id: string }; limit: number },
  ): Promise<(DealRow & { sortKey: string })[]> {
    const sort = SORTS[query.sort];
    const cmp = query.order === 'asc' ? sql`>` : sql`<`;
    const dir = query.order === 'asc' ? asc : desc;
    const rows = await baseQuery(tx, { sortKey: sort.key })
      .where(
        and(
          eq(deals.orgId, orgId),
          query.where,
          query.after ? sql`(${sort.column}, ${deals.id}) ${cmp} (${query.after.key}::timestamptz, ${query.after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(dir(sort.column), dir(deals.id))
      .limit(query.limit);
    return (rows as (DealRow & { sortKey: string })[]).map((r) => ({ ...normalize(r), sortKey: r.sortKey }));
  },

  /** Count, amount and weighted amount of the matching deals per stage (bigint / numeric sums, as text). */
  async totalsByStage(tx: DbExecutor, orgId: string, where: SQL | undefined, stages: readonly StageTable[]): Promise<TotalsRow[]> {
    const rows = await tx
      .select({
        stageKey: deals.stageKey,
        count: sql<number>`count(*)::int`,
        amount: sql<string>`coalesce(sum(${deals.amount}), 0)::text`,
        // per deal, rounded half up in integer math (amounts are ≥ 0 and small enough that amount × 100 fits int8): the
        // same as core weightedAmount, at a third of the cost of numeric
        weighted: sql<string>`coalesce(sum((${deals.amount} * ${probabilityCase(stages)} + 50) / 100), 0)::text`,
      })
      .from(deals)
      .where(and(eq(deals.orgId, orgId), where))
      .groupBy(deals.stageKey);
    return rows.map((r) => ({ stageKey: r.stageKey, count: Number(r.count), amount: Number(r.amount), weightedAmount: Number(r.weighted) }));
  },

  /**
   * The first `limit` deals of every board column in one statement, most idle first: a LATERAL subquery per
   * column reads deals_board_cover_idx (org, pipeline, status, stage, last_update_at, id) in order and stops at
   * `limit`; account and owner names are joined to those rows only (joining first made the planner join a whole
   * column before sorting: 150 ms for one column of 1,000 deals).
   */
  async boardColumns(
    tx: DbExecutor,
    orgId: string,
    pipelineId: string,
    columns: readonly { status: DealStatus; stageKey: string; where: SQL | undefined }[],
    limit: number,
  ): Promise<DealRow[]> {
    if (columns.length === 0) return [];
    const arms = columns.map(
      (c) => sql`(select ${deals.id} as id from ${deals}
        where ${and(eq(deals.orgId, orgId), eq(deals.pipelineId, pipelineId), eq(deals.status, c.status), eq(deals.stageKey, c.stageKey), c.where)}
        order by ${deals.lastUpdateAt}, ${deals.id} limit ${limit})`,
    );
    const ids = rowsOf<{ id: string }>(await tx.execute(sql.join(arms, sql` union all `))).map((r) => r.id);
    if (ids.length === 0) return [];
    const rows = await baseQuery(tx).where(and(eq(deals.orgId, orgId), inArray(deals.id, ids)));
    return (rows as DealRow[]).map(normalize).sort((a, b) => a.lastUpdateAt.getTime() - b.lastUpdateAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  },

  async findById(tx: DbExecutor, orgId: string, id: string, opts: { scope: SQL | undefined; includeDeleted: boolean }): Promise<DealRow | undefined> {
    const rows = await baseQuery(tx)
      .where(and(eq(deals.orgId, orgId), eq(deals.id, id), opts.includeDeleted ? undefined : isNull(deals.deletedAt), opts.scope))
      .limit(1);
    const row = rows[0] as DealRow | undefined;
    return row ? normalize(row) : undefined;
  },

  /** Locks the live deals among ids (bulk and other writers) — the ones the scope lets the actor see. */
  async findManyVisible(tx: DbExecutor, orgId: string, ids: readonly string[], scope: SQL | undefined): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .select({ id: deals.id })
      .from(deals)
      .where(and(eq(deals.orgId, orgId), inArray(deals.id, [...ids]), isNull(deals.deletedAt), scope));
    return rows.map((r) => r.id);
  },

  async findIdByExternalId(tx: DbExecutor, orgId: string, externalId: string): Promise<string | undefined> {
    const rows = await tx.select({ id: deals.id }).from(deals).where(and(eq(deals.orgId, orgId), eq(deals.externalId, externalId))).limit(1);
    return rows[0]?.id;
  },

  async insert(
    tx: DbExecutor,
    row: DealFields & {
      orgId: string;
      id: string;
      ownerId: string;
      departmentId: string | null;
      pipelineId: string;
      stageKey: string;
      status: DealStatus;
      externalId: string | null;
      actorId: string;
      now: Date;
    },
  ): Promise<void> {
    const { actorId, now, ...values } = row;
    await tx.insert(deals).values({
      ...values,
      stageEnteredAt: now,
      lastUpdateAt: now,
      createdAt: now,
      createdBy: actorId,
      updatedAt: now,
      updatedBy: actorId,
    });
  },

  /** Optimistic update: applies `set` only if the deal is live and still at `version`; bumps the version. */
  async update(
    tx: DbExecutor,
    orgId: string,
    id: string,
    version: number,
    set: Partial<DealFields> & Partial<StageSet> & { ownerId?: string; departmentId?: string | null; pipelineId?: string },
    meta: { actorId: string; now: Date },
  ): Promise<boolean> {
    const rows = await tx
      .update(deals)
      .set({ ...set, version: sql`${deals.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(deals.orgId, orgId), eq(deals.id, id), eq(deals.version, version), isNull(deals.deletedAt)))
      .returning({ id: deals.id });
    return rows.length > 0;
  },

  async setDeleted(tx: DbExecutor, orgId: string, id: string, deleted: boolean, meta: { actorId: string; now: Date }): Promise<boolean> {
    const rows = await tx
      .update(deals)
      .set({
        deletedAt: deleted ? meta.now : null,
        deletedBy: deleted ? meta.actorId : null,
        version: sql`${deals.version} + 1`,
        updatedAt: meta.now,
        updatedBy: meta.actorId,
      })
      .where(and(eq(deals.orgId, orgId), eq(deals.id, id), deleted ? isNull(deals.deletedAt) : isNotNull(deals.deletedAt)))
      .returning({ id: deals.id });
    return rows.length > 0;
  },

  async insertStageHistory(tx: DbExecutor, row: typeof dealStageHistory.$inferInsert): Promise<void> {
    await tx.insert(dealStageHistory).values(row);
  },

  async stageHistory(tx: DbExecutor, orgId: string, dealId: string) {
    const mover = sql<string | null>`(select ${users.displayName} from ${users} where ${users.orgId} = ${dealStageHistory.orgId} and ${users.id} = ${dealStageHistory.movedBy})`;
    const rows = await tx
      .select({
        id: dealStageHistory.id,
        pipelineId: dealStageHistory.pipelineId,
        fromStage: dealStageHistory.fromStage,
        toStage: dealStageHistory.toStage,
        movedAt: dealStageHistory.movedAt,
        movedBy: dealStageHistory.movedBy,
        movedByName: mover,
        secondsInPrevious: dealStageHistory.secondsInPrevious,
        via: dealStageHistory.via,
        criteriaWaived: dealStageHistory.criteriaWaived,
      })
      .from(dealStageHistory)
      .where(and(eq(dealStageHistory.orgId, orgId), eq(dealStageHistory.dealId, dealId)))
      // the first row (from null) first when a deal was created and moved in the same instant
      .orderBy(asc(dealStageHistory.movedAt), sql`${dealStageHistory.fromStage} is not null`, asc(dealStageHistory.id));
    return rows.map((r) => ({ ...r, secondsInPrevious: r.secondsInPrevious === null ? null : Number(r.secondsInPrevious) }));
  },

  /** Moves out of stages of a pipeline, of the deals the scope lets the actor see (velocity). */
  async stageMoves(tx: DbExecutor, orgId: string, pipelineId: string, scope: SQL | undefined): Promise<{ fromStage: string | null; secondsInPrevious: number | null }[]> {
    const rows = await tx
      .select({ fromStage: dealStageHistory.fromStage, secondsInPrevious: sql<string | null>`${dealStageHistory.secondsInPrevious}::text` })
      .from(dealStageHistory)
      .innerJoin(deals, and(eq(deals.orgId, dealStageHistory.orgId), eq(deals.id, dealStageHistory.dealId)))
      .where(and(eq(dealStageHistory.orgId, orgId), eq(dealStageHistory.pipelineId, pipelineId), isNotNull(dealStageHistory.fromStage), isNull(deals.deletedAt), scope));
    return rows.map((r) => ({ fromStage: r.fromStage, secondsInPrevious: r.secondsInPrevious === null ? null : Number(r.secondsInPrevious) }));
  },

  /** Kinds of the deal's live attachments (one entry per attachment). */
  async attachmentKinds(tx: DbExecutor, orgId: string, dealId: string): Promise<string[]> {
    const rows = await tx
      .select({ kind: attachments.kind })
      .from(attachments)
      .where(and(eq(attachments.orgId, orgId), eq(attachments.objectType, 'deals'), eq(attachments.recordId, dealId), isNull(attachments.deletedAt)));
    return rows.map((r) => r.kind);
  },

  /** Effective follow-ups logged on the deal (activities: effective = 1, not deleted). */
  async effectiveFollowUps(tx: DbExecutor, orgId: string, dealId: string): Promise<number> {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(activities)
      .where(and(eq(activities.orgId, orgId), eq(activities.dealId, dealId), eq(activities.effective, 1), isNull(activities.deletedAt)));
    return Number(row?.n ?? 0);
  },

  async team(tx: DbExecutor, orgId: string, dealId: string) {
    return tx
      .select({ userId: dealTeamMembers.userId, userName: users.displayName, role: dealTeamMembers.role, creditPercent: dealTeamMembers.creditPercent })
      .from(dealTeamMembers)
      .leftJoin(users, and(eq(users.orgId, dealTeamMembers.orgId), eq(users.id, dealTeamMembers.userId)))
      .where(and(eq(dealTeamMembers.orgId, orgId), eq(dealTeamMembers.dealId, dealId)))
      .orderBy(desc(dealTeamMembers.creditPercent), asc(dealTeamMembers.userId));
  },

  /** An active user of the organization who may own records, with their department. */
  async findActiveUser(tx: DbExecutor, orgId: string, userId: string): Promise<{ id: string; departmentId: string | null } | undefined> {
    const rows = await tx
      .select({ id: users.id, departmentId: users.departmentId })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.id, userId), eq(users.status, 'active')))
      .limit(1);
    return rows[0];
  },

  /** The live account if the scope lets the actor see it. */
  async findAccount(tx: DbExecutor, orgId: string, accountId: string, scope: SQL | undefined): Promise<{ id: string } | undefined> {
    const rows = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.orgId, orgId), eq(accounts.id, accountId), isNull(accounts.deletedAt), scope))
      .limit(1);
    return rows[0];
  },

  /** The account's last deal / last won dates move forward (pools' reclaim rules read them). */
  async touchAccountDealDates(tx: DbExecutor, orgId: string, accountId: string, at: Date, kind: 'deal' | 'won'): Promise<void> {
    const ts = sql`${at.toISOString()}::timestamptz`;
    const set =
      kind === 'deal'
        ? { lastDealAt: sql`greatest(coalesce(${accounts.lastDealAt}, ${ts}), ${ts})` }
        : { lastWonAt: sql`greatest(coalesce(${accounts.lastWonAt}, ${ts}), ${ts})` };
    await tx.update(accounts).set(set).where(and(eq(accounts.orgId, orgId), eq(accounts.id, accountId)));
  },

  // ----- handover -----

  async countOpenOwned(tx: DbExecutor, orgId: string, userId: string): Promise<number> {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(deals)
      .where(and(eq(deals.orgId, orgId), eq(deals.ownerId, userId), eq(deals.status, 'open'), isNull(deals.deletedAt)));
    return Number(row?.n ?? 0);
  },

  /** The user's live open deals, with their account (handover: deals follow their account's receiver). */
  async lockOpenOwned(tx: DbExecutor, orgId: string, userId: string) {
    return tx
      .select({ id: deals.id, accountId: deals.accountId, departmentId: deals.departmentId })
      .from(deals)
      .where(and(eq(deals.orgId, orgId), eq(deals.ownerId, userId), eq(deals.status, 'open'), isNull(deals.deletedAt)))
      .for('update');
  },

  /** One UPDATE for a handover's deal moves (arrays as parameters). */
  async moveOwners(tx: DbExecutor, orgId: string, fromUserId: string, moves: readonly { id: string; ownerId: string; departmentId: string | null }[], meta: { actorId: string; now: Date }): Promise<string[]> {
    if (moves.length === 0) return [];
    const result = await tx.execute(sql`
      update ${deals} as d set owner_id = m.owner_id, department_id = m.department_id,
        version = d.version + 1, updated_at = ${meta.now.toISOString()}::timestamptz, updated_by = ${meta.actorId}::uuid
      from unnest(${sql.param(moves.map((m) => m.id))}::uuid[], ${sql.param(moves.map((m) => m.ownerId))}::uuid[], ${sql.param(moves.map((m) => m.departmentId))}::uuid[])
        as m(id, owner_id, department_id)
      where d.org_id = ${orgId} and d.id = m.id and d.owner_id = ${fromUserId} and d.deleted_at is null
      returning d.id`);
    return rowsOf<{ id: string }>(result).map((r) => r.id);
  },

  /** Rotting: open deals idle since before `since` (an arm per rotting-days value). */
  rottingArm(stages: readonly { pipelineId: string; stageKey: string }[], since: Date): SQL {
    const pairs = stages.map((s) => sql`(${s.pipelineId}::uuid, ${s.stageKey}::text)`);
    return sql`(${deals.status} = 'open' and (${deals.pipelineId}, ${deals.stageKey}) in (${sql.join(pairs, sql`, `)}) and ${deals.lastUpdateAt} < ${since.toISOString()}::timestamptz)`;
  },

  /** Closed (won/lost) deals closed in [from, to). */
  closedBetween(from: Date, to: Date): SQL {
    return and(gte(deals.closedAt, from), lt(deals.closedAt, to))!;
  },
};

export type DealsRepository = typeof dealsRepository;
