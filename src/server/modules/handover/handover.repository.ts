/**
 * Set-based moves of one user's records for a handover (离职交接): each is ONE UPDATE whatever the number of
 * records, returning what moved (id, new owner, old and new department) for the bulk audit insert.
 */
import { and, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, auditEvents, contacts, handovers, leads, users } from '../../platform/db/schema.js';

export interface MovedRow {
  id: string;
  ownerId: string;
  oldDepartmentId: string | null;
  departmentId: string | null;
}

const uuidArray = (values: readonly (string | null)[]) => sql`${sql.param([...values])}::uuid[]`;

function rowsOf<R>(result: unknown): R[] {
  return Array.isArray(result) ? (result as R[]) : ((result as { rows: R[] }).rows ?? []);
}

const toMoved = (r: { id: string; owner_id: string; old_department_id: string | null; department_id: string | null }): MovedRow => ({
  id: r.id,
  ownerId: r.owner_id,
  oldDepartmentId: r.old_department_id,
  departmentId: r.department_id,
});

export interface HandoverRow {
  id: string;
  fromUserId: string;
  fromUserName: string | null;
  summary: Record<string, unknown>;
  reason: string | null;
  createdAt: Date;
  createdBy: string | null;
  createdByName: string | null;
}

export const handoverRepository = {
  /** Live records of a user, per record table. */
  async countOwned(tx: DbExecutor, orgId: string, table: 'accounts' | 'contacts' | 'leads', userId: string): Promise<number> {
    const t = table === 'accounts' ? accounts : table === 'contacts' ? contacts : leads;
    const [row] = await tx
      .select({ n: count() })
      .from(t)
      .where(and(eq(t.orgId, orgId), eq(t.ownerId, userId), isNull(t.deletedAt)));
    return Number(row?.n ?? 0);
  },

  /** Which of `ids` are live accounts of `userId`. */
  async ownedAccountIds(tx: DbExecutor, orgId: string, userId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.orgId, orgId), eq(accounts.ownerId, userId), isNull(accounts.deletedAt), sql`${accounts.id} = any(${uuidArray(ids)})`));
    return rows.map((r) => r.id);
  },

  /** The user's live accounts with what the pool rules look at, locked for the move. */
  async lockOwnedAccounts(tx: DbExecutor, orgId: string, userId: string) {
    return tx
      .select({
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
      })
      .from(accounts)
      .where(and(eq(accounts.orgId, orgId), eq(accounts.ownerId, userId), isNull(accounts.deletedAt)))
      .for('update');
  },

  /**
   * Moves accounts of `fromUserId` to their new owners in one UPDATE: owner, department, reclaim time (computed
   * by the caller), previous owner, and the reclaim clock restarts. Returns the ids that moved.
   */
  async moveAccounts(
    tx: DbExecutor,
    orgId: string,
    fromUserId: string,
    moves: { id: string; ownerId: string; departmentId: string | null; reclaimDueAt: Date | null }[],
    meta: { actorId: string; now: Date },
  ): Promise<string[]> {
    if (moves.length === 0) return [];
    const at = meta.now.toISOString();
    const result = await tx.execute(sql`
      update ${accounts} as a set
        owner_id = v.owner_id, department_id = v.department_id, reclaim_due_at = v.due, previous_owner_id = a.owner_id,
        owner_assigned_at = ${at}::timestamptz, pool_id = null, pool_entered_at = null,
        version = a.version + 1, updated_at = ${at}::timestamptz, updated_by = ${meta.actorId}::uuid
      from unnest(
        ${uuidArray(moves.map((m) => m.id))}, ${uuidArray(moves.map((m) => m.ownerId))}, ${uuidArray(moves.map((m) => m.departmentId))},
        ${sql.param(moves.map((m) => m.reclaimDueAt?.toISOString() ?? null))}::timestamptz[]
      ) as v(id, owner_id, department_id, due)
      where a.org_id = ${orgId} and a.id = v.id and a.owner_id = ${fromUserId}
      returning a.id`);
    return rowsOf<{ id: string }>(result).map((r) => r.id);
  },

  /** Contacts of the user on the given (moved) accounts follow their account's new owner. */
  async moveContactsWithAccounts(tx: DbExecutor, orgId: string, fromUserId: string, accountIds: readonly string[], meta: { actorId: string; now: Date }): Promise<MovedRow[]> {
    if (accountIds.length === 0) return [];
    const at = meta.now.toISOString();
    const result = await tx.execute(sql`
      with src as (
        select c.id, c.department_id as old_department_id, a.owner_id, a.department_id
        from ${contacts} c join ${accounts} a on a.org_id = c.org_id and a.id = c.account_id
        where c.org_id = ${orgId} and c.owner_id = ${fromUserId} and c.deleted_at is null and c.account_id = any(${uuidArray(accountIds)})
        for update of c
      )
      update ${contacts} as c set owner_id = s.owner_id, department_id = s.department_id,
        version = c.version + 1, updated_at = ${at}::timestamptz, updated_by = ${meta.actorId}::uuid
      from src s where c.org_id = ${orgId} and c.id = s.id
      returning c.id, c.owner_id, s.old_department_id, c.department_id`);
    return rowsOf<Parameters<typeof toMoved>[0]>(result).map(toMoved);
  },

  /**
   * The user's other live records of a table (contacts without a moved account, leads) go to `toUserId`.
   * For contacts, those on accounts the user keeps stay with the user (`exceptOnAccountsOf`).
   */
  async moveRest(
    tx: DbExecutor,
    orgId: string,
    table: 'contacts' | 'leads',
    fromUserId: string,
    toUserId: string,
    meta: { actorId: string; now: Date },
  ): Promise<MovedRow[]> {
    const t = table === 'contacts' ? contacts : leads;
    const at = meta.now.toISOString();
    // contacts on an account the user still owns stay with that account
    const keep =
      table === 'contacts'
        ? sql`and not exists (select 1 from ${accounts} a where a.org_id = ${orgId} and a.id = x.account_id and a.owner_id = ${fromUserId})`
        : sql``;
    const result = await tx.execute(sql`
      with src as (
        select x.id, x.department_id as old_department_id from ${t} x
        where x.org_id = ${orgId} and x.owner_id = ${fromUserId} and x.deleted_at is null ${keep}
        for update
      )
      update ${t} as r set owner_id = u.id, department_id = u.department_id,
        version = r.version + 1, updated_at = ${at}::timestamptz, updated_by = ${meta.actorId}::uuid
      from src s join ${users} u on u.org_id = ${orgId} and u.id = ${toUserId}
      where r.org_id = ${orgId} and r.id = s.id
      returning r.id, r.owner_id, s.old_department_id, r.department_id`);
    return rowsOf<Parameters<typeof toMoved>[0]>(result).map(toMoved);
  },

  /**
   * The 'transfer' audit events of a handover in one statement (arrays as parameters: a few parameters
   * whatever the number of records, instead of eight per row).
   */
  async insertTransferEvents(
    tx: DbExecutor,
    ctx: { orgId: string; actorId: string | null; actorKind: string; requestId: string | null; occurredAt: Date },
    events: { objectType: string; recordId: string; changes: unknown[] }[],
  ): Promise<void> {
    if (events.length === 0) return;
    await tx.execute(sql`
      insert into ${auditEvents} (org_id, occurred_at, actor_id, actor_kind, object_type, record_id, action, changes, request_id)
      select ${ctx.orgId}::uuid, ${ctx.occurredAt.toISOString()}::timestamptz, ${ctx.actorId}::uuid, ${ctx.actorKind}, e.object_type, e.record_id,
        'transfer', e.changes::jsonb, ${ctx.requestId}
      from unnest(${sql.param(events.map((e) => e.objectType))}::text[], ${uuidArray(events.map((e) => e.recordId))},
        ${sql.param(events.map((e) => JSON.stringify(e.changes)))}::text[]) as e(object_type, record_id, changes)`);
  },

  async insertHandover(tx: DbExecutor, row: typeof handovers.$inferInsert): Promise<void> {
    await tx.insert(handovers).values(row);
  },

  async listHandovers(tx: DbExecutor, orgId: string, opts: { fromUserId?: string; before?: Date; limit: number }): Promise<HandoverRow[]> {
    const from = sql`(select ${users.displayName} from ${users} where ${users.orgId} = ${handovers.orgId} and ${users.id} = ${handovers.fromUserId})`;
    const by = sql`(select ${users.displayName} from ${users} where ${users.orgId} = ${handovers.orgId} and ${users.id} = ${handovers.createdBy})`;
    return tx
      .select({
        id: handovers.id,
        fromUserId: handovers.fromUserId,
        fromUserName: sql<string | null>`${from}`,
        summary: handovers.summary,
        reason: handovers.reason,
        createdAt: handovers.createdAt,
        createdBy: handovers.createdBy,
        createdByName: sql<string | null>`${by}`,
      })
      .from(handovers)
      .where(
        and(
          eq(handovers.orgId, orgId),
          opts.fromUserId ? eq(handovers.fromUserId, opts.fromUserId) : undefined,
          opts.before ? lt(handovers.createdAt, opts.before) : undefined,
        ),
      )
      .orderBy(desc(handovers.createdAt), desc(handovers.id))
      .limit(opts.limit);
  },

  async findUsers(tx: DbExecutor, orgId: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    return tx
      .select({ id: users.id, displayName: users.displayName, departmentId: users.departmentId, status: users.status, locale: users.locale })
      .from(users)
      .where(and(eq(users.orgId, orgId), sql`${users.id} = any(${uuidArray(ids)})`));
  },
};

export type HandoverRepository = typeof handoverRepository;
