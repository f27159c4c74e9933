import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { deals } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { createJobs } from '../../platform/jobs/index.js';
import { createTestDepartment, setDepartmentManager } from '../../test/factories.js';
import { testDatabaseKind } from '../../test/testDatabase.js';
import { DAY_MS, insertDeal, insertPipeline, setupCollab, T0, warmCollab, type CollabCtx } from '../deal-teams/deal-teams.testkit.js';
import { CONTENT } from '../activities/activities.testkit.js';
import { detectRottingDeals, registerStaleDealJobs } from './stale-deals.job.js';

const HOUR = 3_600_000;
type Session = Parameters<CollabCtx['call']>[0];

async function setup() {
  const ctx = await setupCollab();
  const dept = await createTestDepartment(ctx.database, ctx.org.orgId, { parentId: ctx.org.rootDepartmentId });
  const owner = await ctx.newUser({ departmentId: dept, displayName: '孙八' });
  const manager = await ctx.newUser({ role: 'manager', departmentId: dept });
  await setDepartmentManager(ctx.database, ctx.org.orgId, dept, manager.id);
  const detect = (at: Date) => detectRottingDeals(ctx.database, at, { orgIds: [ctx.org.orgId] });
  const rottingNotices = async (s: Session) =>
    ((await ctx.call(s, 'GET', '/notifications')).json().items as { kind: string; title: string; body: string; link: string }[]).filter((n) => n.kind === 'deal.rotting');
  const dealState = async (id: string) => {
    const [row] = await ctx.database.withTenant(ctx.org.orgId, (tx) =>
      tx.select({ rottingSince: deals.rottingSince, lastUpdateAt: deals.lastUpdateAt }).from(deals).where(and(eq(deals.orgId, ctx.org.orgId), eq(deals.id, id))),
    );
    return row!;
  };
  return { ...ctx, dept, owner, manager, detect, rottingNotices, dealState };
}

describe(`stale deals on ${testDatabaseKind()}`, () => {
  // the first start (migrations, app) is slow on a busy machine
  beforeAll(async () => {
    await warmCollab();
  }, 180_000);

  it('a deal idle 8 days in a 7-day stage rots: one notice each to owner and manager per episode; a follow-up ends it', async () => {
    const ctx = await setup();
    const dealId = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: ctx.owner.id, departmentId: ctx.dept, pipelineId: ctx.pipelineId, name: '西南集采' });

    // 7 days idle: not yet
    expect(await ctx.detect(new Date(T0.getTime() + 7 * DAY_MS))).toMatchObject({ marked: 0, notified: 0 });
    expect((await ctx.dealState(dealId)).rottingSince).toBeNull();

    const day8 = new Date(T0.getTime() + 8 * DAY_MS);
    expect(await ctx.detect(day8)).toEqual({ marked: 1, notified: 2, organizations: 1 });
    expect((await ctx.dealState(dealId)).rottingSince).toEqual(day8);
    // the job runs again (next slot, or another instance): nothing new
    expect(await ctx.detect(new Date(day8.getTime() + 15 * 60_000))).toMatchObject({ marked: 0, notified: 0 });
    const ownerNotices = await ctx.rottingNotices(ctx.owner.session);
    expect(ownerNotices).toHaveLength(1);
    expect(ownerNotices[0]).toMatchObject({ link: `/deals/${dealId}` });
    expect(ownerNotices[0]!.title).toContain('西南集采');
    expect(ownerNotices[0]!.title).toContain('8');
    const managerNotices = await ctx.rottingNotices(ctx.manager.session);
    expect(managerNotices).toHaveLength(1);
    expect(managerNotices[0]!.body).toContain('孙八');

    // even if the mark were lost, the same episode never notifies twice (dedupe key per last update)
    await ctx.database.withTenant(ctx.org.orgId, (tx) => tx.update(deals).set({ rottingSince: null }).where(and(eq(deals.orgId, ctx.org.orgId), eq(deals.id, dealId))));
    expect(await ctx.detect(new Date(day8.getTime() + HOUR))).toMatchObject({ marked: 1, notified: 0 });

    // a follow-up is logged: the episode ends
    const followUp = new Date(day8.getTime() + 2 * HOUR);
    ctx.clock.set(followUp);
    const logged = await ctx.call(ctx.owner.session, 'POST', '/activities', { type: 'call', dealId, durationSeconds: 300, ...CONTENT, nextAction: '发送报价单', nextActionDate: '2026-03-20' });
    expect(logged.statusCode, logged.body).toBe(201);
    expect(await ctx.dealState(dealId)).toEqual({ rottingSince: null, lastUpdateAt: followUp });
    expect(await ctx.detect(new Date(followUp.getTime() + 7 * DAY_MS))).toMatchObject({ marked: 0 });

    // idle again for more than 7 days: a new episode with a new notice each
    const later = new Date(followUp.getTime() + 7 * DAY_MS + HOUR);
    expect(await ctx.detect(later)).toEqual({ marked: 1, notified: 2, organizations: 1 });
    expect(await ctx.rottingNotices(ctx.owner.session)).toHaveLength(2);
    expect(await ctx.rottingNotices(ctx.manager.session)).toHaveLength(2);
  });

  it("follows each stage's rotting days (0 = off), skips closed deals, and writes once to an owner who manages the department", async () => {
    const ctx = await setup();
    const pipelineId = await insertPipeline(ctx.database, ctx.org.orgId, (stages) =>
      stages.map((s) => (s.key === 'initial_contact' ? { ...s, rottingDays: 3 } : s.key === 'needs_confirmed' ? { ...s, rottingDays: 0 } : s.key === 'solution_demo' ? { ...s, rottingDays: null } : s)),
    );
    const fast = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: ctx.owner.id, departmentId: ctx.dept, pipelineId, stageKey: 'initial_contact' });
    const off = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: ctx.owner.id, departmentId: ctx.dept, pipelineId, stageKey: 'needs_confirmed' });
    const byDefault = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: ctx.owner.id, departmentId: ctx.dept, pipelineId, stageKey: 'solution_demo' });
    const won = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: ctx.owner.id, departmentId: ctx.dept, pipelineId, stageKey: 'won' });
    await ctx.database.withTenant(ctx.org.orgId, (tx) => tx.update(deals).set({ status: 'won' }).where(and(eq(deals.orgId, ctx.org.orgId), eq(deals.id, won))));
    const managersOwn = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: ctx.manager.id, departmentId: ctx.dept, pipelineId, stageKey: 'initial_contact' });

    expect(await ctx.detect(new Date(T0.getTime() + 3 * DAY_MS + HOUR))).toMatchObject({ marked: 2, notified: 3 });
    expect((await ctx.dealState(fast)).rottingSince).not.toBeNull();
    expect((await ctx.dealState(managersOwn)).rottingSince).not.toBeNull();
    expect((await ctx.dealState(byDefault)).rottingSince).toBeNull();
    expect(await ctx.rottingNotices(ctx.manager.session)).toHaveLength(2); // the fast deal as manager + their own deal once

    expect(await ctx.detect(new Date(T0.getTime() + 60 * DAY_MS))).toMatchObject({ marked: 1 });
    expect((await ctx.dealState(byDefault)).rottingSince).not.toBeNull();
    expect((await ctx.dealState(off)).rottingSince).toBeNull();
    expect((await ctx.dealState(won)).rottingSince).toBeNull();
  });

  it('processes many deals in batches', async () => {
    const ctx = await setup();
    for (let i = 0; i < 7; i++) await insertDeal(ctx.database, ctx.org.orgId, { ownerId: ctx.owner.id, departmentId: ctx.dept, pipelineId: ctx.pipelineId, lastUpdateAt: new Date(T0.getTime() + i * 1000) });
    const r = await detectRottingDeals(ctx.database, new Date(T0.getTime() + 10 * DAY_MS), { orgIds: [ctx.org.orgId], batchSize: 3 });
    expect(r).toEqual({ marked: 7, notified: 14, organizations: 1 });
  });

  it('runs as the scheduled job deals.rotting, once per slot', async () => {
    const ctx = await setup();
    await insertDeal(ctx.database, ctx.org.orgId, { ownerId: ctx.owner.id, departmentId: ctx.dept, pipelineId: ctx.pipelineId });
    const instanceClock = new ManualClock(T0);
    const jobs = createJobs(
      { database: ctx.database, clock: instanceClock, instanceId: `rot-test-${randomUUID().slice(0, 6)}`, config: loadConfig({}) },
      { connectionString: process.env.TEST_DATABASE_URL, pollingIntervalSeconds: 0.5, tickMs: 0, stopTimeoutMs: 5_000 },
    );
    const name = `rotting-test-${randomUUID().slice(0, 8)}`;
    registerStaleDealJobs(jobs, { database: ctx.database }, { name, orgIds: [ctx.org.orgId] });
    await jobs.start();
    try {
      const slotAt = new Date(T0.getTime() + 8 * DAY_MS + 2 * 60_000);
      instanceClock.set(slotAt);
      expect(await jobs.runDue(slotAt)).toHaveLength(1);
      expect(await jobs.runDue(new Date(slotAt.getTime() + 5 * 60_000))).toEqual([]); // same 15-minute slot
      await waitFor(async () => {
        const rows = await ctx.database.query<{ n: number }>(`select count(*)::int as n from job_runs where job_name = $1 and finished_at is not null`, [name]);
        return rows[0]!.n >= 1;
      });
      const [run] = await ctx.database.query<{ result: unknown }>(`select result from job_runs where job_name = $1`, [name]);
      expect(run!.result).toEqual({ marked: 1, notified: 2, organizations: 1 });
      expect(await ctx.rottingNotices(ctx.owner.session)).toHaveLength(1);
    } finally {
      await jobs.stop();
      await ctx.database.query('select pgboss.delete_queue($1)', [name]).catch(() => {});
    }
  });
});

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
