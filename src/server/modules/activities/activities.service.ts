/**
 * Follow-ups (跟进记录, PRODUCT.md 4.4). A follow-up belongs to the person who logged it (owner, department):
 * reads go through the data scope on those (plus record shares). Logging one needs the linked account or deal
 * to be visible (else 404), validates the structured fields its type requires (400 naming them), and in one
 * short transaction:
 * - computes `effective` by the organization's rule; an effective one moves the account's last effective
 *   follow-up (and so its pool reclaim time);
 * - marks the linked deal updated (deals.last_update_at, rotting cleared);
 * - turns the next action into a task for the owner, reminded at the reminder time of its date;
 * - on negative feedback, gives the owner's department manager a task;
 * - writes the audit event.
 */
import { randomUUID } from 'node:crypto';
import { isCalendarDate, localDate, zonedInstant } from '../../../core/activities/dates.js';
import { isEffectiveFollowUp, validateFollowUp, type EffectiveReason } from '../../../core/activities/evaluate.js';
import type { ActivitySettings } from '../../../core/activities/settings.js';
import { hasPermission } from '../../../core/access/catalog.js';
import { diffFields, type FieldChange } from '../../../core/audit/diff.js';
import { CURSOR_TIMESTAMP_RE, decodeCursor, encodeCursor, isUuid } from '../../../core/pagination/cursor.js';
import { canSeeRecord, loadAccessScope, scopeFilter, type AccessScope } from '../../platform/access/access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors, interpolate, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { markDealUpdated } from '../deals/deals.service.js';
import { refreshReclaimDue } from '../pools/pools.reclaimDue.js';
import { tasksRepository } from '../tasks/tasks.repository.js';
import { createTaskWithin, TASK_OBJECT_TYPE } from '../tasks/tasks.service.js';
import { activityErrors, activityFieldMessages, activityFieldNames, activityTaskTexts, effectiveReasonMessages } from './activities.errors.js';
import { activitiesRepository, activityScopeColumns, type ActivityContent, type ActivityRow } from './activities.repository.js';
import type { ActivityDto, CreateActivityInput, ListActivitiesQuery, UpdateActivityInput } from './activities.schemas.js';
import { loadActivitySettings } from './activities.settings.js';

export const ACTIVITY_OBJECT_TYPE = 'activities';
/** logging a follow-up a little ahead of the server clock (device clocks drift) is tolerated */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

const CONTENT_FIELDS = ['type', 'occurredAt', 'contactIds', 'need', 'feedback', 'sentiment', 'nextAction', 'nextActionDate', 'notes', 'durationSeconds', 'checkIn'] as const;
const AUDITED_FIELDS = [...CONTENT_FIELDS, 'accountId', 'dealId', 'ownerId', 'effective'] as const;

export interface ActivityCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface ActivitiesServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
}

const typeName = (settings: ActivitySettings, key: string, locale: Locale) => settings.types.find((t) => t.key === key)?.name[locale] ?? key;

export function toActivityDto(row: ActivityRow, extra: { settings: ActivitySettings; locale: Locale; taskId: string | null; reasons?: EffectiveReason[] }): ActivityDto {
  return {
    id: row.id,
    type: row.type,
    typeName: typeName(extra.settings, row.type, extra.locale),
    occurredAt: row.occurredAt.toISOString(),
    accountId: row.accountId,
    accountName: row.accountName,
    dealId: row.dealId,
    dealName: row.dealName,
    contactIds: row.contactIds ?? [],
    need: row.need,
    feedback: row.feedback,
    sentiment: row.sentiment,
    nextAction: row.nextAction,
    nextActionDate: row.nextActionDate,
    notes: row.notes,
    durationSeconds: row.durationSeconds,
    checkIn: row.checkIn,
    effective: row.effective === 1,
    ...(extra.reasons
      ? { ineffectiveReasons: extra.reasons.map((r) => ({ code: r.code, message: interpolate(effectiveReasonMessages[r.code][extra.locale], 'required' in r ? { required: r.required } : {}) })) }
      : {}),
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    departmentId: row.departmentId,
    taskId: extra.taskId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

function validationFailed(errors: FieldError[]): never {
  throw httpErrors.VALIDATION_FAILED({}, errors);
}

const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim());

export function createActivitiesService(deps: ActivitiesServiceDeps) {
  const now = () => deps.clock.now();

  /** Refuses content its type does not allow: unknown type, missing required fields (400 naming them), bad dates. */
  function assertValid(content: ActivityContent, settings: ActivitySettings, locale: Locale, opts: { allowInactiveType?: boolean; at: Date }) {
    const { missing } = validateFollowUp(content, settings, { allowInactive: opts.allowInactiveType });
    if (missing.includes('type')) validationFailed([{ field: 'type', message: activityFieldMessages.type[locale] }]);
    if (missing.length) {
      const names = missing.map((f) => activityFieldNames[f]![locale]);
      throw activityErrors.FOLLOW_UP_INCOMPLETE(
        { fields: names.join(locale === 'en' ? ', ' : '、') },
        missing.map((f, i) => ({ field: f, message: interpolate(activityFieldMessages.required[locale], { name: names[i]! }) })),
      );
    }
    const errors: FieldError[] = [];
    if (content.nextActionDate && !isCalendarDate(content.nextActionDate)) errors.push({ field: 'nextActionDate', message: activityFieldMessages.date[locale] });
    if (content.occurredAt.getTime() > opts.at.getTime() + FUTURE_TOLERANCE_MS) errors.push({ field: 'occurredAt', message: activityFieldMessages.occurredAtFuture[locale] });
    if (errors.length) validationFailed(errors);
  }

  /** The follow-up if the actor may see it; else 404. */
  async function findVisible(tx: DbExecutor, actor: Actor, id: string): Promise<ActivityRow> {
    if (!isUuid(id)) throw activityErrors.ACTIVITY_NOT_FOUND();
    const scope = await loadAccessScope(tx, actor);
    const row = await activitiesRepository.findById(tx, actor.orgId, id, scopeFilter(activityScopeColumns, ACTIVITY_OBJECT_TYPE, scope));
    if (!row) throw activityErrors.ACTIVITY_NOT_FOUND();
    return row;
  }

  /** The account and deal a new follow-up links to, both visible to the actor (else 404); the deal's account by default. */
  async function resolveLinks(tx: DbExecutor, actor: Actor, scope: AccessScope, input: { accountId?: string; dealId?: string }, locale: Locale) {
    let accountId = input.accountId ?? null;
    let dealId: string | null = null;
    if (input.dealId) {
      const deal = await activitiesRepository.findDeal(tx, actor.orgId, input.dealId);
      if (!deal || !(await canSeeRecord(tx, scope, 'deals', deal))) throw activityErrors.DEAL_NOT_FOUND();
      dealId = deal.id;
      if (accountId && deal.accountId && deal.accountId !== accountId) validationFailed([{ field: 'accountId', message: activityFieldMessages.accountMismatch[locale] }]);
      // the deal's account comes with a visible deal
      accountId ??= deal.accountId;
    } else if (input.accountId) {
      const account = await activitiesRepository.findAccount(tx, actor.orgId, input.accountId);
      if (!account || !(await canSeeRecord(tx, scope, 'accounts', account))) throw activityErrors.ACCOUNT_NOT_FOUND();
    }
    const accountName = accountId ? ((await activitiesRepository.findAccount(tx, actor.orgId, accountId))?.name ?? null) : null;
    return { accountId, dealId, accountName };
  }

  /** The owner's next action as a task (due that date, reminded at the organization's reminder time). */
  async function createNextActionTask(tx: DbExecutor, ctx: ActivityCommandContext, settings: ActivitySettings, a: { id: string; ownerId: string; departmentId: string | null; accountId: string | null; dealId: string | null; nextAction: string; nextActionDate: string }, at: Date) {
    return createTaskWithin(
      tx,
      {
        orgId: ctx.actor.orgId,
        title: a.nextAction,
        notes: null,
        dueDate: a.nextActionDate,
        remindAt: zonedInstant(a.nextActionDate, settings.reminderTime, settings.timeZone),
        assigneeId: a.ownerId,
        departmentId: a.departmentId,
        source: 'next_action',
        activityId: a.id,
        dealId: a.dealId,
        accountId: a.accountId,
        actorId: ctx.actor.userId,
        now: at,
      },
      ctx.audit,
    );
  }

  /** Negative feedback: a task for the owner's department manager (none when there is no manager or it is the owner). */
  async function createManagerTask(tx: DbExecutor, ctx: ActivityCommandContext, settings: ActivitySettings, a: { id: string; accountId: string | null; accountName: string | null; dealId: string | null; feedback: string | null }, at: Date) {
    const { actor } = ctx;
    if (!settings.negativeFeedbackTaskForManager || !actor.departmentId) return null;
    const managerId = await tasksRepository.departmentManager(tx, actor.orgId, actor.departmentId);
    if (!managerId || managerId === actor.userId) return null;
    const manager = await tasksRepository.findUser(tx, actor.orgId, managerId);
    if (!manager || manager.status !== 'active') return null;
    const locale: Locale = manager.locale === 'en' ? 'en' : 'zh-CN';
    return createTaskWithin(
      tx,
      {
        orgId: actor.orgId,
        title: interpolate(activityTaskTexts.negativeTitle[locale], { account: a.accountName ?? activityTaskTexts.noAccount[locale] }),
        notes: interpolate(activityTaskTexts.negativeNotes[locale], { owner: actor.displayName, feedback: a.feedback ?? '' }),
        dueDate: localDate(at, settings.timeZone),
        // remind at once (the next reminder run)
        remindAt: at,
        assigneeId: manager.id,
        departmentId: manager.departmentId,
        source: 'negative_feedback',
        activityId: a.id,
        dealId: a.dealId,
        accountId: a.accountId,
        actorId: actor.userId,
        now: at,
      },
      ctx.audit,
    );
  }

  /** After the effective status or date of an account's follow-ups changed: its last effective follow-up and reclaim time. */
  async function refreshAccount(tx: DbExecutor, orgId: string, accountId: string | null, at: Date) {
    if (!accountId) return;
    await activitiesRepository.recomputeLastEffectiveFollowUp(tx, orgId, accountId);
    await refreshReclaimDue(tx, orgId, [accountId], { now: at });
  }

  async function writeAudit(tx: DbExecutor, ctx: AuditContext, recordId: string, action: string, changes: FieldChange[], at: Date) {
    await auditRepository.insert(tx, [{ ...ctx, objectType: ACTIVITY_OBJECT_TYPE, recordId, action, changes, occurredAt: at }]);
  }

  const auditable = (r: Partial<ActivityRow> & { effective?: number }) => ({ ...r, effective: r.effective === undefined ? undefined : r.effective === 1 }) as Record<string, unknown>;

  return {
    async create(ctx: ActivityCommandContext, input: CreateActivityInput): Promise<ActivityDto> {
      const { actor, locale } = ctx;
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const at = now();
        const settings = await loadActivitySettings(tx, actor.orgId);
        const content: ActivityContent = {
          type: input.type,
          occurredAt: input.occurredAt ? new Date(input.occurredAt) : at,
          contactIds: [...new Set(input.contactIds ?? [])],
          need: blankToNull(input.need) ?? null,
          feedback: blankToNull(input.feedback) ?? null,
          sentiment: input.sentiment ?? null,
          nextAction: blankToNull(input.nextAction) ?? null,
          nextActionDate: blankToNull(input.nextActionDate) ?? null,
          notes: blankToNull(input.notes) ?? null,
          durationSeconds: input.durationSeconds ?? null,
          checkIn: input.checkIn ? { ...input.checkIn, at: input.checkIn.at ?? at.toISOString() } : null,
        };
        assertValid(content, settings, locale, { at });
        const scope = await loadAccessScope(tx, actor);
        const links = await resolveLinks(tx, actor, scope, input, locale);
        const { effective, reasons } = isEffectiveFollowUp(content, settings.effective);
        const id = randomUUID();
        await activitiesRepository.insert(tx, {
          ...content,
          orgId: actor.orgId,
          id,
          accountId: links.accountId,
          dealId: links.dealId,
          effective,
          ownerId: actor.userId,
          departmentId: actor.departmentId,
          actorId: actor.userId,
          now: at,
        });
        if (effective && links.accountId) {
          await activitiesRepository.bumpLastEffectiveFollowUp(tx, actor.orgId, links.accountId, content.occurredAt);
          await refreshReclaimDue(tx, actor.orgId, [links.accountId], { now: at });
        }
        if (links.dealId) await markDealUpdated(tx, actor.orgId, links.dealId, at);
        const taskId =
          content.nextAction && content.nextActionDate
            ? await createNextActionTask(tx, ctx, settings, { id, ownerId: actor.userId, departmentId: actor.departmentId, accountId: links.accountId, dealId: links.dealId, nextAction: content.nextAction, nextActionDate: content.nextActionDate }, at)
            : null;
        if (content.sentiment === 'negative') await createManagerTask(tx, ctx, settings, { id, accountId: links.accountId, accountName: links.accountName, dealId: links.dealId, feedback: content.feedback }, at);
        const row = (await activitiesRepository.findById(tx, actor.orgId, id, undefined))!;
        await writeAudit(tx, ctx.audit, id, 'create', diffFields<Record<string, unknown>>(null, auditable(row), AUDITED_FIELDS), at);
        return toActivityDto(row, { settings, locale, taskId, reasons });
      });
    },

    async list(actor: Actor, query: ListActivitiesQuery, locale: Locale): Promise<{ items: ActivityDto[]; nextCursor: string | null }> {
      let after: { key: string; id: string } | undefined;
      if (query.cursor !== undefined) {
        const decoded = decodeCursor(query.cursor, { sort: 'occurredAt', order: 'desc', validKey: (k) => CURSOR_TIMESTAMP_RE.test(k) });
        if (!decoded) validationFailed([{ field: 'cursor', message: activityFieldMessages.cursor[locale] }]);
        after = { key: decoded.key, id: decoded.id };
      }
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const scope = await loadAccessScope(tx, actor);
        const settings = await loadActivitySettings(tx, actor.orgId);
        const rows = await activitiesRepository.list(tx, actor.orgId, {
          scope: scopeFilter(activityScopeColumns, ACTIVITY_OBJECT_TYPE, scope),
          accountId: query.accountId,
          dealId: query.dealId,
          ownerId: query.ownerId,
          type: query.type,
          effective: query.effective === undefined ? undefined : query.effective === 'true',
          after,
          limit: query.limit + 1,
        });
        const page = rows.slice(0, query.limit);
        const taskIds = await tasksRepository.nextActionTaskIds(tx, actor.orgId, page.map((r) => r.id));
        const last = page[page.length - 1];
        return {
          items: page.map((r) => toActivityDto(r, { settings, locale, taskId: taskIds.get(r.id) ?? null })),
          nextCursor: rows.length > query.limit && last ? encodeCursor({ sort: 'occurredAt', order: 'desc', key: last.sortKey, id: last.id }) : null,
        };
      });
    },

    async get(actor: Actor, id: string, locale: Locale): Promise<ActivityDto> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const row = await findVisible(tx, actor, id);
        const settings = await loadActivitySettings(tx, actor.orgId);
        const task = await tasksRepository.findNextActionTask(tx, actor.orgId, id);
        return toActivityDto(row, { settings, locale, taskId: task?.id ?? null, reasons: isEffectiveFollowUp(row, settings.effective).reasons });
      });
    },

    /** Edits a follow-up (its owner only) under the same rules; effective and the next-action task follow the edit. */
    async update(ctx: ActivityCommandContext, id: string, input: UpdateActivityInput): Promise<ActivityDto> {
      const { actor, locale } = ctx;
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await findVisible(tx, actor, id);
        if (before.ownerId !== actor.userId) throw activityErrors.NOT_ACTIVITY_OWNER();
        const at = now();
        const settings = await loadActivitySettings(tx, actor.orgId);
        const text = (k: 'need' | 'feedback' | 'nextAction' | 'nextActionDate' | 'notes') => (input[k] === undefined ? before[k] : (blankToNull(input[k]) ?? null));
        const content: ActivityContent = {
          type: input.type ?? before.type,
          occurredAt: input.occurredAt ? new Date(input.occurredAt) : before.occurredAt,
          contactIds: input.contactIds ? [...new Set(input.contactIds)] : before.contactIds,
          need: text('need'),
          feedback: text('feedback'),
          sentiment: input.sentiment === undefined ? before.sentiment : input.sentiment,
          nextAction: text('nextAction'),
          nextActionDate: text('nextActionDate'),
          notes: text('notes'),
          durationSeconds: input.durationSeconds === undefined ? before.durationSeconds : input.durationSeconds,
          checkIn: input.checkIn === undefined ? before.checkIn : input.checkIn ? { ...input.checkIn, at: input.checkIn.at ?? at.toISOString() } : null,
        };
        // an inactive type stays valid on the follow-ups that already use it
        assertValid(content, settings, locale, { at, allowInactiveType: content.type === before.type });
        if (before.version !== input.version) throw httpErrors.VERSION_CONFLICT();
        const { effective, reasons } = isEffectiveFollowUp(content, settings.effective);
        const after = { ...before, ...content, effective: effective ? 1 : 0 };
        const changes = diffFields<Record<string, unknown>>(auditable(before), auditable(after), AUDITED_FIELDS);
        let taskId = (await tasksRepository.findNextActionTask(tx, actor.orgId, id))?.id ?? null;
        if (changes.length === 0) return toActivityDto(before, { settings, locale, taskId, reasons });
        const set = Object.fromEntries(changes.filter((c) => c.field !== 'effective').map((c) => [c.field, content[c.field as keyof ActivityContent]])) as Partial<ActivityContent>;
        if (!(await activitiesRepository.update(tx, actor.orgId, id, input.version, { ...set, effective: after.effective }, { actorId: actor.userId, now: at }))) throw httpErrors.VERSION_CONFLICT();
        const changed = new Set(changes.map((c) => c.field));
        if (changed.has('effective') || (effective && changed.has('occurredAt'))) await refreshAccount(tx, actor.orgId, before.accountId, at);
        if (changed.has('nextAction') || changed.has('nextActionDate')) taskId = await syncNextActionTask(tx, ctx, settings, { ...before, ...content }, at);
        if (changed.has('sentiment') && content.sentiment === 'negative') {
          await createManagerTask(tx, ctx, settings, { id, accountId: before.accountId, accountName: before.accountName, dealId: before.dealId, feedback: content.feedback }, at);
        }
        await writeAudit(tx, ctx.audit, id, 'update', changes, at);
        const row = (await activitiesRepository.findById(tx, actor.orgId, id, undefined))!;
        return toActivityDto(row, { settings, locale, taskId, reasons });
      });
    },

    /** Soft delete (the owner, or a role with activities.delete); its open next-action task is cancelled. */
    async remove(ctx: ActivityCommandContext, id: string): Promise<void> {
      const { actor } = ctx;
      await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await findVisible(tx, actor, id);
        if (before.ownerId !== actor.userId && !hasPermission(actor.permissions, ACTIVITY_OBJECT_TYPE, 'delete')) throw httpErrors.FORBIDDEN();
        const at = now();
        if (!(await activitiesRepository.softDelete(tx, actor.orgId, id, { actorId: actor.userId, now: at }))) throw activityErrors.ACTIVITY_NOT_FOUND();
        if (before.effective === 1) await refreshAccount(tx, actor.orgId, before.accountId, at);
        const task = await tasksRepository.findNextActionTask(tx, actor.orgId, id);
        if (task && task.status === 'open') await setTaskStatus(tx, ctx, task, 'cancelled', at);
        await writeAudit(tx, ctx.audit, id, 'delete', [{ field: 'deletedAt', old: null, new: at.toISOString() }], at);
      });
    },
  };

  async function setTaskStatus(tx: DbExecutor, ctx: ActivityCommandContext, task: { id: string; version: number; status: string }, status: 'cancelled', at: Date) {
    if (await tasksRepository.update(tx, ctx.actor.orgId, task.id, task.version, { status }, { actorId: ctx.actor.userId, now: at })) {
      await auditRepository.insert(tx, [{ ...ctx.audit, objectType: TASK_OBJECT_TYPE, recordId: task.id, action: 'update', changes: [{ field: 'status', old: task.status, new: status }], occurredAt: at }]);
    }
  }

  /** The next-action task after an edit: moved or retitled while open, created when there was none, cancelled when the action was removed. */
  async function syncNextActionTask(tx: DbExecutor, ctx: ActivityCommandContext, settings: ActivitySettings, a: ActivityRow, at: Date): Promise<string | null> {
    const task = await tasksRepository.findNextActionTask(tx, ctx.actor.orgId, a.id);
    if (!a.nextAction || !a.nextActionDate) {
      if (task && task.status === 'open') await setTaskStatus(tx, ctx, task, 'cancelled', at);
      return task?.id ?? null;
    }
    if (task && task.status === 'open') {
      const remindAt = zonedInstant(a.nextActionDate, settings.reminderTime, settings.timeZone);
      if (await tasksRepository.update(tx, ctx.actor.orgId, task.id, task.version, { title: a.nextAction, dueDate: a.nextActionDate, remindAt, remindedAt: null }, { actorId: ctx.actor.userId, now: at })) {
        const changes = diffFields<Record<string, unknown>>({ title: task.title, dueDate: task.dueDate }, { title: a.nextAction, dueDate: a.nextActionDate }, ['title', 'dueDate']);
        await auditRepository.insert(tx, [{ ...ctx.audit, objectType: TASK_OBJECT_TYPE, recordId: task.id, action: 'update', changes, occurredAt: at }]);
      }
      return task.id;
    }
    return createNextActionTask(tx, ctx, settings, { id: a.id, ownerId: a.ownerId ?? ctx.actor.userId, departmentId: a.departmentId, accountId: a.accountId, dealId: a.dealId, nextAction: a.nextAction, nextActionDate: a.nextActionDate }, at);
  }
}

export type ActivitiesService = ReturnType<typeof createActivitiesService>;
