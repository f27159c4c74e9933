import { and, asc, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, deals, departments, notifications, organizations, tasks, users, type TaskStatus } from '../../platform/db/schema.js';

/** The columns the data scope filters on: a task belongs to its assignee (owner_id = assignee_id). */
export const taskScopeColumns = { id: tasks.id, ownerId: tasks.ownerId, departmentId: tasks.departmentId };

export type TaskView = 'today' | 'overdue' | 'upcoming' | 'done';

const taskColumns = {
  id: tasks.id,
  title: tasks.title,
  notes: tasks.notes,
  dueDate: tasks.dueDate,
  remindAt: tasks.remindAt,
  remindedAt: tasks.remindedAt,
  assigneeId: tasks.assigneeId,
  assigneeName: users.displayName,
  departmentId: tasks.departmentId,
  status: tasks.status,
  source: tasks.source,
  activityId: tasks.activityId,
  dealId: tasks.dealId,
  dealName: deals.name,
  accountId: tasks.accountId,
  accountName: accounts.name,
  completedAt: tasks.completedAt,
  completedBy: tasks.completedBy,
  createdBy: tasks.createdBy,
  createdAt: tasks.createdAt,
  updatedAt: tasks.updatedAt,
  version: tasks.version,
};

export interface TaskRow {
  id: string;
  title: string;
  notes: string | null;
  dueDate: string;
  remindAt: Date | null;
  remindedAt: Date | null;
  assigneeId: string;
  assigneeName: string | null;
  departmentId: string | null;
  status: TaskStatus;
  source: string;
  activityId: string | null;
  dealId: string | null;
  dealName: string | null;
  accountId: string | null;
  accountName: string | null;
  completedAt: Date | null;
  completedBy: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface NewTask {
  orgId: string;
  id: string;
  title: string;
  notes: string | null;
  dueDate: string;
  remindAt: Date | null;
  assigneeId: string;
  departmentId: string | null;
  source: string;
  activityId: string | null;
  dealId: string | null;
  accountId: string | null;
  actorId: string | null;
  now: Date;
}

const tsKey = (col: typeof tasks.completedAt) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function baseQuery(tx: DbExecutor, extra: Record<string, SQL> = {}) {
  return tx
    .select({ ...taskColumns, ...extra })
    .from(tasks)
    .leftJoin(users, and(eq(users.orgId, tasks.orgId), eq(users.id, tasks.assigneeId)))
    .leftJoin(accounts, and(eq(accounts.orgId, tasks.orgId), eq(accounts.id, tasks.accountId)))
    .leftJoin(deals, and(eq(deals.orgId, tasks.orgId), eq(deals.id, tasks.dealId)));
}

export interface DueReminderRow {
  id: string;
  title: string;
  dueDate: string;
  remindAt: Date;
  assigneeId: string;
  assigneeLocale: string | null;
  assigneeStatus: string | null;
}

export const tasksRepository = {
  async insert(tx: DbExecutor, t: NewTask): Promise<void> {
    const { actorId, now, ...values } = t;
    await tx.insert(tasks).values({
      ...values,
      ownerId: t.assigneeId,
      status: 'open',
      createdAt: now,
      createdBy: actorId,
      updatedAt: now,
      updatedBy: actorId,
    });
  },

  async findById(tx: DbExecutor, orgId: string, id: string, scope: SQL | undefined): Promise<TaskRow | undefined> {
    const rows = await baseQuery(tx)
      .where(and(eq(tasks.orgId, orgId), eq(tasks.id, id), isNull(tasks.deletedAt), scope))
      .limit(1);
    return rows[0] as TaskRow | undefined;
  },

  /** One page of an assignee's tasks in a view; `today` is the organization's calendar date. */
  async list(
    tx: DbExecutor,
    orgId: string,
    q: { assigneeId: string; view: TaskView; today: string; after?: { key: string; id: string }; limit: number },
  ): Promise<(TaskRow & { sortKey: string })[]> {
    const open = eq(tasks.status, 'open');
    const base = and(eq(tasks.orgId, orgId), eq(tasks.assigneeId, q.assigneeId), isNull(tasks.deletedAt));
    if (q.view === 'done') {
      const rows = await baseQuery(tx, { sortKey: tsKey(tasks.completedAt) })
        .where(
          and(
            base,
            eq(tasks.status, 'done'),
            q.after ? sql`(${tasks.completedAt}, ${tasks.id}) < (${q.after.key}::timestamptz, ${q.after.id}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(tasks.completedAt), desc(tasks.id))
        .limit(q.limit);
      return rows as (TaskRow & { sortKey: string })[];
    }
    const dateCond =
      q.view === 'today' ? eq(tasks.dueDate, q.today) : q.view === 'overdue' ? sql`${tasks.dueDate} < ${q.today}` : sql`${tasks.dueDate} > ${q.today}`;
    const rows = await baseQuery(tx, { sortKey: sql<string>`${tasks.dueDate}` })
      .where(and(base, open, dateCond, q.after ? sql`(${tasks.dueDate}, ${tasks.id}) > (${q.after.key}, ${q.after.id}::uuid)` : undefined))
      .orderBy(asc(tasks.dueDate), asc(tasks.id))
      .limit(q.limit);
    return rows as (TaskRow & { sortKey: string })[];
  },

  /** Optimistic update; false when the version did not match. */
  async update(tx: DbExecutor, orgId: string, id: string, version: number, set: Partial<typeof tasks.$inferInsert>, meta: { actorId: string | null; now: Date }): Promise<boolean> {
    const rows = await tx
      .update(tasks)
      .set({ ...set, version: sql`${tasks.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(tasks.orgId, orgId), eq(tasks.id, id), eq(tasks.version, version), isNull(tasks.deletedAt)))
      .returning({ id: tasks.id });
    return rows.length > 0;
  },

  /** The next-action tasks of follow-ups: activity id → task id (the latest when several). */
  async nextActionTaskIds(tx: DbExecutor, orgId: string, activityIds: string[]): Promise<Map<string, string>> {
    if (activityIds.length === 0) return new Map();
    const rows = await tx
      .select({ id: tasks.id, activityId: tasks.activityId })
      .from(tasks)
      .where(and(eq(tasks.orgId, orgId), inArray(tasks.activityId, activityIds), eq(tasks.source, 'next_action'), isNull(tasks.deletedAt)))
      .orderBy(asc(tasks.createdAt));
    return new Map(rows.map((r) => [r.activityId!, r.id]));
  },

  async findNextActionTask(tx: DbExecutor, orgId: string, activityId: string): Promise<{ id: string; status: TaskStatus; version: number; title: string; dueDate: string } | undefined> {
    const rows = await tx
      .select({ id: tasks.id, status: tasks.status, version: tasks.version, title: tasks.title, dueDate: tasks.dueDate })
      .from(tasks)
      .where(and(eq(tasks.orgId, orgId), eq(tasks.activityId, activityId), eq(tasks.source, 'next_action'), isNull(tasks.deletedAt)))
      .orderBy(desc(tasks.createdAt))
      .limit(1);
    return rows[0];
  },

  /** A user of the organization with their department (for assignment and scope checks). */
  async findUser(tx: DbExecutor, orgId: string, userId: string): Promise<{ id: string; departmentId: string | null; status: string; locale: string | null; displayName: string } | undefined> {
    const rows = await tx
      .select({ id: users.id, departmentId: users.departmentId, status: users.status, locale: users.locale, displayName: users.displayName })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
      .limit(1);
    return rows[0];
  },

  /** The manager of a department (departments.manager_id), if any. */
  async departmentManager(tx: DbExecutor, orgId: string, departmentId: string): Promise<string | null> {
    const rows = await tx
      .select({ managerId: departments.managerId })
      .from(departments)
      .where(and(eq(departments.orgId, orgId), eq(departments.id, departmentId), isNull(departments.deletedAt)))
      .limit(1);
    return rows[0]?.managerId ?? null;
  },

  // ---- reminders (job) ----

  /** Open tasks whose reminder is due and not yet sent, locked for this run (others skip them). */
  async dueReminders(tx: DbExecutor, orgId: string, now: Date, limit: number): Promise<DueReminderRow[]> {
    const rows = await tx
      .select({
        id: tasks.id,
        title: tasks.title,
        dueDate: tasks.dueDate,
        remindAt: tasks.remindAt,
        assigneeId: tasks.assigneeId,
        assigneeLocale: users.locale,
        assigneeStatus: users.status,
      })
      .from(tasks)
      .leftJoin(users, and(eq(users.orgId, tasks.orgId), eq(users.id, tasks.assigneeId)))
      .where(and(eq(tasks.orgId, orgId), eq(tasks.status, 'open'), lte(tasks.remindAt, now), isNull(tasks.remindedAt), isNull(tasks.deletedAt)))
      .orderBy(asc(tasks.remindAt), asc(tasks.id))
      .limit(limit)
      .for('update', { of: tasks, skipLocked: true });
    return rows as DueReminderRow[];
  },

  /** Marks reminders sent (only those still unsent). */
  async markReminded(tx: DbExecutor, orgId: string, ids: string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await tx
      .update(tasks)
      .set({ remindedAt: now })
      .where(and(eq(tasks.orgId, orgId), inArray(tasks.id, ids), isNull(tasks.remindedAt)));
  },

  /** Notifications with a dedupe key: a key the user already has is skipped. Returns the inserted rows. */
  async insertNotificationsOnce(tx: DbExecutor, rows: (typeof notifications.$inferInsert & { dedupeKey: string })[]) {
    if (rows.length === 0) return [];
    return tx.insert(notifications).values(rows).onConflictDoNothing().returning();
  },

  /** Every organization (system connection). */
  async listOrgIds(tx: DbExecutor): Promise<string[]> {
    const rows = await tx.select({ id: organizations.id }).from(organizations).orderBy(asc(organizations.id));
    return rows.map((r) => r.id);
  },
};

export type TasksRepository = typeof tasksRepository;
