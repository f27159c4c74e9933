/**
 * Tasks (任务, PRODUCT.md 4.4): from a follow-up's next action (for its owner), from negative feedback (for the
 * owner's department manager) or by hand. A task belongs to its assignee for the data scope (owner_id =
 * assignee): managers see their subordinates' tasks, reps their own and those they created. Views by the
 * organization's calendar date (follow-up settings' time zone); reminders by the job in tasks.reminders.ts.
 */
import { randomUUID } from 'node:crypto';
import { or, eq } from 'drizzle-orm';
import { isRecordVisible } from '../../../core/access/scope.js';
import { isCalendarDate, localDate, zonedInstant } from '../../../core/activities/dates.js';
import { diffFields } from '../../../core/audit/diff.js';
import { decodeCursor, encodeCursor, isUuid, CURSOR_TIMESTAMP_RE } from '../../../core/pagination/cursor.js';
import { canSeeRecord, loadAccessScope, scopeFilter, type AccessScope } from '../../platform/access/access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import { tasks } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { activitiesRepository } from '../activities/activities.repository.js';
import { loadActivitySettings } from '../activities/activities.settings.js';
import { taskErrors, taskFieldMessages } from './tasks.errors.js';
import type { CreateTaskInput, ListTasksQuery, TaskDto, UpdateTaskInput } from './tasks.schemas.js';
import { taskScopeColumns, tasksRepository, type NewTask, type TaskRow, type TaskView } from './tasks.repository.js';

export const TASK_OBJECT_TYPE = 'tasks';
const AUDITED_FIELDS = ['title', 'notes', 'dueDate', 'remindAt', 'assigneeId', 'status', 'completedAt', 'completedBy'] as const;

export interface TaskCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toTaskDto(row: TaskRow, today: string): TaskDto {
  return {
    id: row.id,
    title: row.title,
    notes: row.notes,
    dueDate: row.dueDate,
    remindAt: iso(row.remindAt),
    remindedAt: iso(row.remindedAt),
    assigneeId: row.assigneeId,
    assigneeName: row.assigneeName,
    status: row.status,
    source: row.source,
    activityId: row.activityId,
    dealId: row.dealId,
    dealName: row.dealName,
    accountId: row.accountId,
    accountName: row.accountName,
    overdue: row.status === 'open' && row.dueDate < today,
    completedAt: iso(row.completedAt),
    completedBy: row.completedBy,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** Inserts a task in the caller's transaction, audited (the follow-up service and manual creation use it). */
export async function createTaskWithin(tx: DbExecutor, task: Omit<NewTask, 'id'>, audit: AuditContext): Promise<string> {
  const id = randomUUID();
  await tasksRepository.insert(tx, { ...task, id });
  await auditRepository.insert(tx, [
    {
      ...audit,
      objectType: TASK_OBJECT_TYPE,
      recordId: id,
      action: 'create',
      occurredAt: task.now,
      changes: diffFields<Record<string, unknown>>(null, { title: task.title, notes: task.notes, dueDate: task.dueDate, remindAt: task.remindAt?.toISOString() ?? null, assigneeId: task.assigneeId, status: 'open' }, AUDITED_FIELDS),
    },
  ]);
  return id;
}

/** When a task due on `dueDate` reminds by default: the organization's reminder time of that date. */
export async function defaultRemindAt(tx: DbExecutor, orgId: string, dueDate: string): Promise<Date> {
  const s = await loadActivitySettings(tx, orgId);
  return zonedInstant(dueDate, s.reminderTime, s.timeZone);
}

/** The organization's calendar date now. */
export async function organizationToday(tx: DbExecutor, orgId: string, now: Date): Promise<string> {
  return localDate(now, (await loadActivitySettings(tx, orgId)).timeZone);
}

function validationFailed(errors: FieldError[]): never {
  throw httpErrors.VALIDATION_FAILED({}, errors);
}

export function createTasksService(deps: { database: Pick<Database, 'withTenant'>; clock: Clock }) {
  const now = () => deps.clock.now();

  /** Whether a user (by id) is within the actor's data scope; returns the user when so. */
  async function visibleUser(tx: DbExecutor, actor: Actor, scope: AccessScope, userId: string) {
    const user = await tasksRepository.findUser(tx, actor.orgId, userId);
    if (!user) return undefined;
    if (user.id === actor.userId || isRecordVisible(scope, { ownerId: user.id, departmentId: user.departmentId })) return user;
    return undefined;
  }

  /** A task the actor may see: assigned to someone in their scope, or created by them. */
  async function findVisible(tx: DbExecutor, actor: Actor, id: string): Promise<TaskRow> {
    if (!isUuid(id)) throw taskErrors.TASK_NOT_FOUND();
    const scope = await loadAccessScope(tx, actor);
    const filter = scopeFilter(taskScopeColumns, TASK_OBJECT_TYPE, scope);
    const row = await tasksRepository.findById(tx, actor.orgId, id, filter ? or(filter, eq(tasks.createdBy, actor.userId)) : undefined);
    if (!row) throw taskErrors.TASK_NOT_FOUND();
    return row;
  }

  return {
    async list(actor: Actor, query: ListTasksQuery, locale: Locale): Promise<{ items: TaskDto[]; nextCursor: string | null; today: string }> {
      const view: TaskView = query.view;
      const order = view === 'done' ? 'desc' : 'asc';
      let after: { key: string; id: string } | undefined;
      if (query.cursor !== undefined) {
        const decoded = decodeCursor(query.cursor, {
          sort: view,
          order,
          validKey: (k) => (view === 'done' ? CURSOR_TIMESTAMP_RE.test(k) : isCalendarDate(k)),
        });
        if (!decoded) validationFailed([{ field: 'cursor', message: taskFieldMessages.cursor[locale] }]);
        after = { key: decoded.key, id: decoded.id };
      }
      const { rows, today } = await deps.database.withTenant(actor.orgId, async (tx) => {
        let assigneeId = actor.userId;
        if (query.assignee !== 'me' && query.assignee !== actor.userId) {
          const scope = await loadAccessScope(tx, actor);
          const user = await visibleUser(tx, actor, scope, query.assignee);
          if (!user) throw taskErrors.ASSIGNEE_NOT_VISIBLE();
          assigneeId = user.id;
        }
        const today = await organizationToday(tx, actor.orgId, now());
        const rows = await tasksRepository.list(tx, actor.orgId, { assigneeId, view, today, after, limit: query.limit + 1 });
        return { rows, today };
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => toTaskDto(r, today)),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ sort: view, order, key: last.sortKey, id: last.id }) : null,
        today,
      };
    },

    async get(actor: Actor, id: string): Promise<TaskDto> {
      return deps.database.withTenant(actor.orgId, async (tx) => toTaskDto(await findVisible(tx, actor, id), await organizationToday(tx, actor.orgId, now())));
    },

    /** A task by hand, for yourself or a user within your data scope; optionally linked to a visible account or deal. */
    async create(ctx: TaskCommandContext, input: CreateTaskInput): Promise<TaskDto> {
      const { actor, locale } = ctx;
      if (!isCalendarDate(input.dueDate)) validationFailed([{ field: 'dueDate', message: taskFieldMessages.dueDate[locale] }]);
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const scope = await loadAccessScope(tx, actor);
        const assignee = await visibleUser(tx, actor, scope, input.assigneeId ?? actor.userId);
        if (!assignee || assignee.status !== 'active') validationFailed([{ field: 'assigneeId', message: taskFieldMessages.assigneeId[locale] }]);
        let accountId = input.accountId ?? null;
        let dealId: string | null = null;
        if (input.dealId) {
          const deal = await activitiesRepository.findDeal(tx, actor.orgId, input.dealId);
          if (!deal || !(await canSeeRecord(tx, scope, 'deals', deal))) validationFailed([{ field: 'dealId', message: taskFieldMessages.dealId[locale] }]);
          dealId = deal.id;
          accountId ??= deal.accountId;
        }
        if (input.accountId) {
          const account = await activitiesRepository.findAccount(tx, actor.orgId, input.accountId);
          if (!account || !(await canSeeRecord(tx, scope, 'accounts', account))) validationFailed([{ field: 'accountId', message: taskFieldMessages.accountId[locale] }]);
        }
        const at = now();
        const remindAt = input.remindAt === null ? null : input.remindAt ? new Date(input.remindAt) : await defaultRemindAt(tx, actor.orgId, input.dueDate);
        const id = await createTaskWithin(
          tx,
          {
            orgId: actor.orgId,
            title: input.title,
            notes: input.notes || null,
            dueDate: input.dueDate,
            remindAt,
            assigneeId: assignee.id,
            departmentId: assignee.departmentId,
            source: 'manual',
            activityId: null,
            dealId,
            accountId,
            actorId: actor.userId,
            now: at,
          },
          ctx.audit,
        );
        const row = await tasksRepository.findById(tx, actor.orgId, id, undefined);
        return toTaskDto(row!, await organizationToday(tx, actor.orgId, at));
      });
    },

    /** Edits or completes a task (status done records who and when; reopening clears it). A new due date re-arms the reminder. */
    async update(ctx: TaskCommandContext, id: string, input: UpdateTaskInput): Promise<TaskDto> {
      const { actor, locale } = ctx;
      if (input.dueDate !== undefined && !isCalendarDate(input.dueDate)) validationFailed([{ field: 'dueDate', message: taskFieldMessages.dueDate[locale] }]);
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await findVisible(tx, actor, id);
        if (before.version !== input.version) throw httpErrors.VERSION_CONFLICT();
        const at = now();
        const set: Partial<typeof tasks.$inferInsert> = {};
        if (input.title !== undefined) set.title = input.title;
        if (input.notes !== undefined) set.notes = input.notes || null;
        if (input.dueDate !== undefined && input.dueDate !== before.dueDate) {
          set.dueDate = input.dueDate;
          if (input.remindAt === undefined) set.remindAt = await defaultRemindAt(tx, actor.orgId, input.dueDate);
        }
        if (input.remindAt !== undefined) set.remindAt = input.remindAt === null ? null : new Date(input.remindAt);
        if (set.remindAt !== undefined && (set.remindAt?.getTime() ?? null) !== (before.remindAt?.getTime() ?? null)) set.remindedAt = null;
        if (input.status !== undefined && input.status !== before.status) {
          set.status = input.status;
          set.completedAt = input.status === 'done' ? at : null;
          set.completedBy = input.status === 'done' ? actor.userId : null;
        }
        const old = { ...before, remindAt: iso(before.remindAt), completedAt: iso(before.completedAt) } as Record<string, unknown>;
        const neu = { ...old, ...set, remindAt: set.remindAt !== undefined ? iso(set.remindAt) : old.remindAt, completedAt: set.completedAt !== undefined ? iso(set.completedAt) : old.completedAt };
        const changes = diffFields<Record<string, unknown>>(old, neu, AUDITED_FIELDS);
        if (changes.length === 0) return toTaskDto(before, await organizationToday(tx, actor.orgId, at));
        if (!(await tasksRepository.update(tx, actor.orgId, id, input.version, set, { actorId: actor.userId, now: at }))) throw httpErrors.VERSION_CONFLICT();
        await auditRepository.insert(tx, [{ ...ctx.audit, objectType: TASK_OBJECT_TYPE, recordId: id, action: input.status === 'done' && before.status !== 'done' ? 'complete' : 'update', changes, occurredAt: at }]);
        const row = await tasksRepository.findById(tx, actor.orgId, id, undefined);
        return toTaskDto(row!, await organizationToday(tx, actor.orgId, at));
      });
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
