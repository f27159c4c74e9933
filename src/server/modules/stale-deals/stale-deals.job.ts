/**
 * Stale deals (PRODUCT.md 4.3, 4.10): the scheduled job `deals.rotting` (every 15 minutes, once per slot across
 * instances, like pools' reclaim) marks open deals whose last update is older than their stage's rotting days
 * (`rottingSince = now`) and notifies the owner and the manager of the deal's department (not twice when the
 * owner is the manager) — once per episode: the notifications' dedupe key `deal.rotting:<dealId>:<lastUpdateAt ms>`
 * is unique per user, so a second run, another instance, or a deal marked again without a new update adds nothing.
 * An update of the deal (modules/deals markDealUpdated: follow-up, stage move, field edit, team change) clears
 * `rottingSince` and moves `lastUpdateAt`, so going stale again later is a new episode with a new notice.
 *
 * Per organization, in batches of short tenant transactions; each pipeline's stages give the cutoff per stage
 * (core/pipelines/rotting: default 7 days, 0 = off). Time comes from the caller (the job context's `now`).
 */
import { randomUUID } from 'node:crypto';
import type { StageDefinition } from '../../../core/pipelines/defaultPipeline.js';
import { idleDays, isRotting, rotsAt, effectiveRottingDays } from '../../../core/pipelines/rotting.js';
import type { Database } from '../../platform/db/database.js';
import type { AppDeps } from '../../platform/deps.js';
import { publishInTransaction } from '../../platform/events/eventBus.js';
import { interpolate } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { Jobs } from '../../platform/jobs/index.js';
import { notificationEvent, toNotificationDto } from '../notifications/notifications.service.js';
import { staleDealMessages } from './stale-deals.errors.js';
import { staleDealsRepository, type StageCutoff } from './stale-deals.repository.js';

export const ROTTING_JOB = 'deals.rotting';
export const ROTTING_NOTIFICATION_KIND = 'deal.rotting';

export const rottingDedupeKey = (dealId: string, lastUpdateAt: Date) => `deal.rotting:${dealId}:${lastUpdateAt.getTime()}`;

export interface RottingResult {
  marked: number;
  notified: number;
  organizations: number;
}

const localeOf = (l: string | null): Locale => (l === 'en' ? 'en' : 'zh-CN');

/** Where a stage's deals start rotting as of `now` (rotsAt(last) < now ⇔ last < now − span); null: off. */
function cutoffOf(now: Date, rottingDays: number | null | undefined): Date | null {
  const span = rotsAt(new Date(0), rottingDays);
  return span ? new Date(now.getTime() - span.getTime()) : null;
}

async function rottingBatch(
  database: Pick<Database, 'withTenant'>,
  orgId: string,
  now: Date,
  batchSize: number,
  after: { key: string; id: string } | undefined,
): Promise<{ marked: number; notified: number; last: { key: string; id: string } | undefined }> {
  return database.withTenant(orgId, async (tx) => {
    const stagesOf = new Map<string, Map<string, StageDefinition>>();
    const rules: StageCutoff[] = [];
    for (const p of await staleDealsRepository.listPipelineStages(tx, orgId)) {
      const stages = new Map((p.stages as unknown as StageDefinition[]).map((s) => [s.key, s]));
      stagesOf.set(p.id, stages);
      for (const s of stages.values()) rules.push({ pipelineId: p.id, stageKey: s.key, cutoff: cutoffOf(now, s.rottingDays) });
    }
    const defaultCutoff = cutoffOf(now, null)!;
    const latestCutoff = new Date(Math.max(defaultCutoff.getTime(), ...rules.map((r) => r.cutoff?.getTime() ?? 0)));
    const rows = await staleDealsRepository.findCandidates(tx, orgId, { rules, defaultCutoff, latestCutoff, after, limit: batchSize });
    if (rows.length === 0) return { marked: 0, notified: 0, last: undefined };

    const stageOf = (r: (typeof rows)[number]) => stagesOf.get(r.pipelineId)?.get(r.stageKey);
    const rotting = rows.filter((r) => isRotting({ status: r.status, lastUpdateAt: r.lastUpdateAt, rottingDays: stageOf(r)?.rottingDays }, now));
    const marked = new Set(await staleDealsRepository.markRotting(tx, orgId, rotting, now));
    const deals = rotting.filter((r) => marked.has(r.id));

    const people = new Map(
      (await staleDealsRepository.findUsers(tx, orgId, [...new Set(deals.flatMap((d) => [d.ownerId, d.managerId]).filter((id): id is string => !!id))])).map((u) => [u.id, u]),
    );
    const notices = deals.flatMap((d) => {
      const owner = d.ownerId ? people.get(d.ownerId) : undefined;
      const recipients: { userId: string; asManager: boolean }[] = [];
      if (owner?.status === 'active') recipients.push({ userId: owner.id, asManager: false });
      if (d.managerId && d.managerId !== d.ownerId && people.get(d.managerId)?.status === 'active') recipients.push({ userId: d.managerId, asManager: true });
      const limit = effectiveRottingDays(stageOf(d)?.rottingDays);
      return recipients.map(({ userId, asManager }) => {
        const locale = localeOf(people.get(userId)!.locale);
        return {
          orgId,
          id: randomUUID(),
          userId,
          kind: ROTTING_NOTIFICATION_KIND,
          title: interpolate(staleDealMessages.title[locale], { name: d.name, days: idleDays(d.lastUpdateAt, now) }),
          body: interpolate(staleDealMessages[asManager ? 'bodyManager' : 'bodyOwner'][locale], { limit, owner: owner?.displayName ?? '—' }),
          link: `/deals/${d.id}`,
          dedupeKey: rottingDedupeKey(d.id, d.lastUpdateAt),
          createdAt: now,
        };
      });
    });
    const inserted = await staleDealsRepository.insertNotificationsOnce(tx, notices);
    for (const n of inserted) await publishInTransaction(tx, orgId, n.userId, notificationEvent(toNotificationDto(n)));
    const lastRow = rows[rows.length - 1]!;
    return { marked: deals.length, notified: inserted.length, last: rows.length < batchSize ? undefined : { key: lastRow.lastUpdateKey, id: lastRow.id } };
  });
}

/** Marks and notifies the stale deals of every organization (or the given ones) as of `now`. */
export async function detectRottingDeals(
  database: Pick<Database, 'withTenant' | 'withSystem'>,
  now: Date,
  opts: { batchSize?: number; orgIds?: string[] } = {},
): Promise<RottingResult> {
  const batchSize = opts.batchSize ?? 200;
  const orgIds = opts.orgIds ?? (await database.withSystem((tx) => staleDealsRepository.listOrgIds(tx)));
  const total: RottingResult = { marked: 0, notified: 0, organizations: 0 };
  for (const orgId of orgIds) {
    let after: { key: string; id: string } | undefined;
    let touched = false;
    do {
      const r = await rottingBatch(database, orgId, now, batchSize, after);
      total.marked += r.marked;
      total.notified += r.notified;
      touched ||= r.marked > 0;
      after = r.last;
    } while (after);
    if (touched) total.organizations++;
  }
  return total;
}

/**
 * Job module (platform/jobs/index.ts). Each organization's batches commit on their own (short transactions;
 * PGlite has one connection); every step is idempotent (guarded update, dedupe keys), so the slot guard plus
 * the next slot picking up what an interrupted run left gives exactly one mark and one notice per episode.
 * `opts` is for tests (a queue name of their own, their own organizations).
 */
export function registerStaleDealJobs(jobs: Jobs, deps: Pick<AppDeps, 'database'>, opts: { name?: string; orgIds?: string[] } = {}): void {
  const name = opts.name ?? ROTTING_JOB;
  jobs.register(name, async ({ now }) => detectRottingDeals(deps.database, now, { orgIds: opts.orgIds }), { transaction: false });
  jobs.schedule(name, '*/15 * * * *');
}
