/**
 * The scheduled job `task-reminders` (every minute, once per slot across instances): per organization, in
 * short tenant transactions of up to `batchSize` tasks, open tasks whose reminder time has come and that were
 * not reminded yet get one `task.due` notification for their assignee (in the assignee's language) and
 * `reminded_at` set. The rows are locked (SKIP LOCKED) and the notification carries the dedupe key
 * `task-due:<taskId>:<remindAt>`, so an overlapping or repeated run adds nothing; a task whose due date moves
 * gets a new reminder. Overdue tasks are a list view only (no notification).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/database.js';
import type { AppDeps } from '../../platform/deps.js';
import { publishInTransaction } from '../../platform/events/eventBus.js';
import { interpolate } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { Jobs } from '../../platform/jobs/index.js';
import { notificationEvent, toNotificationDto } from '../notifications/notifications.service.js';
import { taskReminderTexts } from './tasks.errors.js';
import { tasksRepository } from './tasks.repository.js';

export const TASK_REMINDER_JOB = 'task-reminders';

const localeOf = (l: string | null): Locale => (l === 'en' ? 'en' : 'zh-CN');

export const taskReminderDedupeKey = (taskId: string, remindAt: Date) => `task-due:${taskId}:${remindAt.toISOString()}`;

/** Sends the due reminders of the given organizations (default: all) as of `now`; returns how many were sent. */
export async function sendTaskReminders(
  database: Pick<Database, 'withTenant' | 'withSystem'>,
  now: Date,
  opts: { batchSize?: number; orgIds?: string[] } = {},
): Promise<{ reminded: number }> {
  const batchSize = opts.batchSize ?? 200;
  const orgIds = opts.orgIds ?? (await database.withSystem((tx) => tasksRepository.listOrgIds(tx)));
  let reminded = 0;
  for (const orgId of orgIds) {
    for (;;) {
      const batch = await database.withTenant(orgId, async (tx) => {
        const rows = await tasksRepository.dueReminders(tx, orgId, now, batchSize);
        const toSend = rows
          .filter((r) => r.assigneeStatus === 'active')
          .map((r) => {
            const locale = localeOf(r.assigneeLocale);
            return {
              orgId,
              id: randomUUID(),
              userId: r.assigneeId,
              kind: 'task.due',
              title: interpolate(taskReminderTexts.title[locale], { title: r.title }),
              body: interpolate(taskReminderTexts.body[locale], { dueDate: r.dueDate }),
              link: '/tasks',
              dedupeKey: taskReminderDedupeKey(r.id, r.remindAt),
              createdAt: now,
            };
          });
        const inserted = await tasksRepository.insertNotificationsOnce(tx, toSend);
        for (const n of inserted) await publishInTransaction(tx, orgId, n.userId, notificationEvent(toNotificationDto(n)));
        await tasksRepository.markReminded(tx, orgId, rows.map((r) => r.id), now);
        return { count: rows.length, sent: inserted.length };
      });
      reminded += batch.sent;
      if (batch.count < batchSize) break;
    }
  }
  return { reminded };
}

/**
 * Job module (platform/jobs/index.ts): non-transactional like the pool reclaim (short per-organization
 * transactions; every step idempotent). `opts` is for tests (a queue of their own, their own organizations).
 */
export function registerTaskJobs(jobs: Jobs, deps: Pick<AppDeps, 'database'>, opts: { name?: string; orgIds?: string[] } = {}): void {
  const name = opts.name ?? TASK_REMINDER_JOB;
  jobs.register(name, async ({ now }) => sendTaskReminders(deps.database, now, { orgIds: opts.orgIds }), { transaction: false });
  jobs.schedule(name, '* * * * *');
}
