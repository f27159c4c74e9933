/**
 * The scheduled job `reclaim-idle-customers` (every 10 minutes, once per slot across instances): per
 * organization, in batches of short tenant transactions, it
 * - moves owned customers whose reclaim time has come into their pool (audit 'reclaim' with the reason on the
 *   customer's history; one notification per former owner and batch), and
 * - reminds owners M days before (one notification per account and reclaim episode: notifications.dedupe_key
 *   `pool-reminder:<accountId>:<dueAt>` is unique per user, so a second run, or another instance, adds nothing).
 * Every move is guarded by the expected owner, so a run that overlaps a claim or a handover never moves a
 * customer that changed hands meanwhile. Time comes from the caller (the job context's `now`).
 */
import { randomUUID } from 'node:crypto';
import { daysRemaining, reminderAt, reminderDedupeKey } from '../../../core/pools/rules.js';
import { systemAuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Database } from '../../platform/db/database.js';
import type { AppDeps } from '../../platform/deps.js';
import { publishInTransaction } from '../../platform/events/eventBus.js';
import { interpolate } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { Jobs } from '../../platform/jobs/index.js';
import { notificationEvent, notificationsService, toNotificationDto } from '../notifications/notifications.service.js';
import { poolMessages, reclaimReasons } from './pools.errors.js';
import { poolsRepository, type PoolAccountRow } from './pools.repository.js';
import { computeDue, loadPoolContext } from './pools.reclaimDue.js';

export const RECLAIM_JOB = 'reclaim-idle-customers';
/** reminders are at most 30 days ahead (pool rules validate reminderDays ≤ 30) */
const REMINDER_HORIZON_MS = 30 * 86_400_000;

export interface ReclaimResult {
  reclaimed: number;
  reminded: number;
  corrected: number;
  organizations: number;
}

const localeOf = (l: string | null): Locale => (l === 'en' ? 'en' : 'zh-CN');

function formatDue(d: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** One batch of one organization; returns what it did and the last account id it looked at. */
async function reclaimBatch(
  database: Pick<Database, 'withTenant'>,
  orgId: string,
  now: Date,
  batchSize: number,
  afterId: string | undefined,
): Promise<{ reclaimed: number; reminded: number; corrected: number; lastId: string | undefined }> {
  return database.withTenant(orgId, async (tx) => {
    const rows = await poolsRepository.findDueAccounts(tx, orgId, new Date(now.getTime() + REMINDER_HORIZON_MS), batchSize, afterId);
    if (rows.length === 0) return { reclaimed: 0, reminded: 0, corrected: 0, lastId: undefined };
    const ctx = await loadPoolContext(tx, orgId, now);

    const toReclaim: { row: PoolAccountRow; poolId: string; poolName: string; reason: { rule: keyof typeof reclaimReasons; days: number } }[] = [];
    const toRemind: { row: PoolAccountRow; dueAt: Date }[] = [];
    const corrections: { id: string; dueAt: Date | null }[] = [];
    for (const row of rows) {
      const pool = ctx.poolFor(row.departmentId);
      const due = computeDue(ctx, row);
      if (!pool || !due) {
        corrections.push({ id: row.id, dueAt: null });
        continue;
      }
      if (row.reclaimDueAt?.getTime() !== due.dueAt.getTime()) corrections.push({ id: row.id, dueAt: due.dueAt });
      if (due.dueAt.getTime() <= now.getTime()) {
        toReclaim.push({ row, poolId: pool.id, poolName: pool.name, reason: { rule: due.rule, days: due.days } });
      } else {
        const remindAt = reminderAt(due.dueAt, pool.rules.reminderDays);
        if (remindAt && remindAt.getTime() <= now.getTime()) toRemind.push({ row, dueAt: due.dueAt });
      }
    }

    await poolsRepository.setReclaimDue(tx, orgId, corrections);

    // reclaim
    const moved = new Set(
      await poolsRepository.moveToPool(
        tx,
        orgId,
        toReclaim.map((r) => ({ id: r.row.id, poolId: r.poolId, expectedOwnerId: r.row.ownerId! })),
        { actorId: null, now },
      ),
    );
    const reclaimed = toReclaim.filter((r) => moved.has(r.row.id));
    const audit = systemAuditContext(orgId);
    await auditRepository.insert(
      tx,
      reclaimed.map((r) => ({
        ...audit,
        objectType: 'accounts',
        recordId: r.row.id,
        action: 'reclaim',
        occurredAt: now,
        changes: [
          { field: 'ownerId', old: r.row.ownerId, new: null },
          { field: 'pool', old: null, new: r.poolName },
          { field: 'reason', old: null, new: interpolate(reclaimReasons[r.reason.rule]['zh-CN'], { days: r.reason.days }) },
        ],
      })),
    );

    // people to write to, in their language
    const ownerIds = [...new Set([...reclaimed.map((r) => r.row.ownerId!), ...toRemind.map((r) => r.row.ownerId!)])];
    const owners = new Map((await poolsRepository.findUsers(tx, orgId, ownerIds)).map((u) => [u.id, u]));

    const byOwner = new Map<string, PoolAccountRow[]>();
    for (const r of reclaimed) byOwner.set(r.row.ownerId!, [...(byOwner.get(r.row.ownerId!) ?? []), r.row]);
    for (const [ownerId, list] of byOwner) {
      const owner = owners.get(ownerId);
      if (!owner || owner.status !== 'active') continue;
      const locale = localeOf(owner.locale);
      const names = list.slice(0, 5).map((a) => a.name).join(locale === 'en' ? ', ' : '、') + (list.length > 5 ? '…' : '');
      await notificationsService.notify(tx, {
        orgId,
        userId: ownerId,
        kind: 'pool.reclaimed',
        title: interpolate(poolMessages.reclaimedTitle[locale], { count: list.length }),
        body: interpolate(poolMessages.reclaimedBody[locale], { names }),
        link: list.length === 1 ? `/accounts/${list[0]!.id}` : '/pools',
      });
    }

    // reminders, once per account and episode
    const reminders = toRemind
      .filter((r) => owners.get(r.row.ownerId!)?.status === 'active')
      .map((r) => {
        const locale = localeOf(owners.get(r.row.ownerId!)!.locale);
        return {
          orgId,
          id: randomUUID(),
          userId: r.row.ownerId!,
          kind: 'pool.reminder',
          title: interpolate(poolMessages.reminderTitle[locale], { name: r.row.name, days: daysRemaining(r.dueAt, now) }),
          body: interpolate(poolMessages.reminderBody[locale], { due: formatDue(r.dueAt, locale) }),
          link: `/accounts/${r.row.id}`,
          dedupeKey: reminderDedupeKey(r.row.id, r.dueAt),
          createdAt: now,
        };
      });
    const inserted = await poolsRepository.insertNotificationsOnce(tx, reminders);
    for (const n of inserted) await publishInTransaction(tx, orgId, n.userId, notificationEvent(toNotificationDto(n)));

    return {
      reclaimed: reclaimed.length,
      reminded: inserted.length,
      corrected: corrections.length,
      lastId: rows.length < batchSize ? undefined : rows[rows.length - 1]!.id,
    };
  });
}

/** Runs the reclaim and reminders of every organization as of `now`. */
export async function reclaimIdleCustomers(
  database: Pick<Database, 'withTenant' | 'withSystem'>,
  now: Date,
  opts: { batchSize?: number; orgIds?: string[] } = {},
): Promise<ReclaimResult> {
  const batchSize = opts.batchSize ?? 500;
  const orgIds = opts.orgIds ?? (await database.withSystem((tx) => poolsRepository.listOrgIds(tx)));
  const total: ReclaimResult = { reclaimed: 0, reminded: 0, corrected: 0, organizations: 0 };
  for (const orgId of orgIds) {
    let afterId: string | undefined;
    let touched = false;
    do {
      const r = await reclaimBatch(database, orgId, now, batchSize, afterId);
      total.reclaimed += r.reclaimed;
      total.reminded += r.reminded;
      total.corrected += r.corrected;
      touched ||= r.reclaimed + r.reminded > 0;
      afterId = r.lastId;
    } while (afterId);
    if (touched) total.organizations++;
  }
  return total;
}

/**
 * Job module (platform/jobs/index.ts). No single transaction: each organization's batches commit on their own
 * (short transactions; PGlite has one connection), and every step is idempotent, so the slot guard's "at most
 * once" plus the next slot picking up what an interrupted run left gives "exactly once" for each customer.
 * `opts` is for tests (a queue of their own, their own organizations).
 */
export function registerPoolJobs(jobs: Jobs, deps: Pick<AppDeps, 'database'>, opts: { name?: string; orgIds?: string[] } = {}): void {
  const name = opts.name ?? RECLAIM_JOB;
  jobs.register(name, async ({ now }) => reclaimIdleCustomers(deps.database, now, { orgIds: opts.orgIds }), { transaction: false });
  jobs.schedule(name, '*/10 * * * *');
}
