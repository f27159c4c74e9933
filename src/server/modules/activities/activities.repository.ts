import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, activities, deals, users, type FeedbackSentiment } from '../../platform/db/schema.js';

/** The columns the data scope (platform/access scopeFilter) filters on: the follow-up's owner and department. */
export const activityScopeColumns = { id: activities.id, ownerId: activities.ownerId, departmentId: activities.departmentId };

const activityColumns = {
  id: activities.id,
  type: activities.type,
  occurredAt: activities.occurredAt,
  accountId: activities.accountId,
  accountName: accounts.name,
  dealId: activities.dealId,
  dealName: deals.name,
  contactIds: activities.contactIds,
  need: activities.need,
  feedback: activities.feedback,
  sentiment: activities.sentiment,
  nextAction: activities.nextAction,
  nextActionDate: activities.nextActionDate,
  notes: activities.notes,
  durationSeconds: activities.durationSeconds,
  checkIn: activities.checkIn,
  effective: activities.effective,
  ownerId: activities.ownerId,
  ownerName: users.displayName,
  departmentId: activities.departmentId,
  createdAt: activities.createdAt,
  updatedAt: activities.updatedAt,
  version: activities.version,
};

/** The content a user writes (and the audit log compares). */
export interface ActivityContent {
  type: string;
  occurredAt: Date;
  contactIds: string[];
  need: string | null;
  feedback: string | null;
  sentiment: FeedbackSentiment | null;
  nextAction: string | null;
  nextActionDate: string | null;
  notes: string | null;
  durationSeconds: number | null;
  checkIn: Record<string, unknown> | null;
}

export interface ActivityRow extends ActivityContent {
  id: string;
  accountId: string | null;
  accountName: string | null;
  dealId: string | null;
  dealName: string | null;
  effective: number;
  ownerId: string | null;
  ownerName: string | null;
  departmentId: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** A linked record as the access layer needs it. */
export interface RecordRef {
  id: string;
  name: string;
  ownerId: string | null;
  departmentId: string | null;
}

const tsKey = sql<string>`to_char(${activities.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function baseQuery(tx: DbExecutor, extra: Record<string, SQL> = {}) {
  return tx
    .select({ ...activityColumns, ...extra })
    .from(activities)
    .leftJoin(users, and(eq(users.orgId, activities.orgId), eq(users.id, activities.ownerId)))
    .leftJoin(accounts, and(eq(accounts.orgId, activities.orgId), eq(accounts.id, activities.accountId)))
    .leftJoin(deals, and(eq(deals.orgId, activities.orgId), eq(deals.id, activities.dealId)));
}

export const activitiesRepository = {
  /** One page, newest first by (occurred_at, id); each row carries its cursor key. */
  async list(
    tx: DbExecutor,
    orgId: string,
    q: { scope: SQL | undefined; accountId?: string; dealId?: string; ownerId?: string; type?: string; effective?: boolean; after?: { key: string; id: string }; limit: number },
  ): Promise<(ActivityRow & { sortKey: string })[]> {
    const rows = await baseQuery(tx, { sortKey: tsKey })
      .where(
        and(
          eq(activities.orgId, orgId),
          isNull(activities.deletedAt),
          q.scope,
          q.accountId ? eq(activities.accountId, q.accountId) : undefined,
          q.dealId ? eq(activities.dealId, q.dealId) : undefined,
          q.ownerId ? eq(activities.ownerId, q.ownerId) : undefined,
          q.type ? eq(activities.type, q.type) : undefined,
          q.effective === undefined ? undefined : eq(activities.effective, q.effective ? 1 : 0),
          q.after ? sql`(${activities.occurredAt}, ${activities.id}) < (${q.after.key}::timestamptz, ${q.after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(activities.occurredAt), desc(activities.id))
      .limit(q.limit);
    return rows as (ActivityRow & { sortKey: string })[];
  },

  async findById(tx: DbExecutor, orgId: string, id: string, scope: SQL | undefined): Promise<ActivityRow | undefined> {
    const rows = await baseQuery(tx)
      .where(and(eq(activities.orgId, orgId), eq(activities.id, id), isNull(activities.deletedAt), scope))
      .limit(1);
    return rows[0] as ActivityRow | undefined;
  },

  async insert(
    tx: DbExecutor,
    row: ActivityContent & { orgId: string; id: string; accountId: string | null; dealId: string | null; effective: boolean; ownerId: string; departmentId: string | null; actorId: string; now: Date },
  ): Promise<void> {
    const { actorId, now, effective, ...values } = row;
    await tx.insert(activities).values({ ...values, effective: effective ? 1 : 0, createdAt: now, createdBy: actorId, updatedAt: now, updatedBy: actorId });
  },

  /** Optimistic update of a live follow-up; false when the version did not match. */
  async update(tx: DbExecutor, orgId: string, id: string, version: number, set: Partial<ActivityContent> & { effective?: number }, meta: { actorId: string; now: Date }): Promise<boolean> {
    const rows = await tx
      .update(activities)
      .set({ ...set, version: sql`${activities.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(activities.orgId, orgId), eq(activities.id, id), eq(activities.version, version), isNull(activities.deletedAt)))
      .returning({ id: activities.id });
    return rows.length > 0;
  },

  async softDelete(tx: DbExecutor, orgId: string, id: string, meta: { actorId: string; now: Date }): Promise<boolean> {
    const rows = await tx
      .update(activities)
      .set({ deletedAt: meta.now, deletedBy: meta.actorId, version: sql`${activities.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(activities.orgId, orgId), eq(activities.id, id), isNull(activities.deletedAt)))
      .returning({ id: activities.id });
    return rows.length > 0;
  },

  async findAccount(tx: DbExecutor, orgId: string, id: string): Promise<RecordRef | undefined> {
    const rows = await tx
      .select({ id: accounts.id, name: accounts.name, ownerId: accounts.ownerId, departmentId: accounts.departmentId })
      .from(accounts)
      .where(and(eq(accounts.orgId, orgId), eq(accounts.id, id), isNull(accounts.deletedAt)))
      .limit(1);
    return rows[0];
  },

  async findDeal(tx: DbExecutor, orgId: string, id: string): Promise<(RecordRef & { accountId: string | null }) | undefined> {
    const rows = await tx
      .select({ id: deals.id, name: deals.name, ownerId: deals.ownerId, departmentId: deals.departmentId, accountId: deals.accountId })
      .from(deals)
      .where(and(eq(deals.orgId, orgId), eq(deals.id, id), isNull(deals.deletedAt)))
      .limit(1);
    return rows[0];
  },

  /** accounts.last_effective_follow_up_at = greatest(current, at). */
  async bumpLastEffectiveFollowUp(tx: DbExecutor, orgId: string, accountId: string, at: Date): Promise<void> {
    await tx
      .update(accounts)
      .set({ lastEffectiveFollowUpAt: sql`greatest(${accounts.lastEffectiveFollowUpAt}, ${at.toISOString()}::timestamptz)` })
      .where(and(eq(accounts.orgId, orgId), eq(accounts.id, accountId)));
  },

  /** After an edit or delete: the account's last effective follow-up recomputed from its live effective follow-ups. */
  async recomputeLastEffectiveFollowUp(tx: DbExecutor, orgId: string, accountId: string): Promise<void> {
    await tx
      .update(accounts)
      .set({
        lastEffectiveFollowUpAt: sql`(select max(${activities.occurredAt}) from ${activities} where ${activities.orgId} = ${orgId} and ${activities.accountId} = ${accountId} and ${activities.effective} = 1 and ${activities.deletedAt} is null)`,
      })
      .where(and(eq(accounts.orgId, orgId), eq(accounts.id, accountId)));
  },
};

export type ActivitiesRepository = typeof activitiesRepository;
