/**
 * Tasks (任务) over HTTP with a ManualClock: today / overdue / upcoming / done views by the organization's date,
 * completing (who and when), managers seeing their team's tasks, and the reminder job (exactly one `task.due`
 * notification per task, in the assignee's language).
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { users } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { createJobs } from '../../platform/jobs/index.js';
import { testDatabaseKind } from '../../test/testDatabase.js';
import { CONTENT, DAY, MIN, setupFollowUps, T0, warmFollowUps, type FollowUpCtx } from '../activities/activities.testkit.js';
import { registerTaskJobs, sendTaskReminders } from './tasks.reminders.js';

type Session = FollowUpCtx['admin']['session'];
const titles = async (ctx: FollowUpCtx, s: Session, query: string) =>
  ((await ctx.call(s, 'GET', `/tasks?${query}`)).json().items as { title: string }[]).map((t) => t.title);

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(`tasks on ${testDatabaseKind()}`, () => {
  // the first start (migrations, app) is slow on a busy 2-core machine
  beforeAll(async () => {
    await warmFollowUps();
  }, 180_000);

  it('today, overdue and upcoming follow the organization’s calendar date', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    // T0 is 2026-03-02 10:00 in Shanghai
    for (const [title, dueDate] of [['昨天的任务', '2026-03-01'], ['今天的任务', '2026-03-02'], ['明天的任务', '2026-03-03'], ['下周的任务', '2026-03-09']]) {
      const res = await ctx.call(rep.session, 'POST', '/tasks', { title, dueDate });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect(await titles(ctx, rep.session, 'view=today')).toEqual(['今天的任务']);
    expect(await titles(ctx, rep.session, 'view=overdue')).toEqual(['昨天的任务']);
    expect(await titles(ctx, rep.session, 'view=upcoming')).toEqual(['明天的任务', '下周的任务']);
    const overdue = (await ctx.call(rep.session, 'GET', '/tasks?view=overdue')).json();
    expect(overdue).toMatchObject({ today: '2026-03-02', items: [{ overdue: true, remindAt: '2026-03-01T01:00:00.000Z', assigneeId: rep.id, source: 'manual' }] });

    // 16:30 UTC is already the next day in Shanghai
    ctx.clock.set(new Date('2026-03-02T16:30:00.000Z'));
    expect(await titles(ctx, rep.session, 'view=today')).toEqual(['明天的任务']);
    expect(await titles(ctx, rep.session, 'view=overdue')).toEqual(['昨天的任务', '今天的任务']);
    expect(await titles(ctx, rep.session, 'view=upcoming&limit=1')).toEqual(['下周的任务']);

    // bad input
    const bad = await ctx.call(rep.session, 'POST', '/tasks', { title: 'x', dueDate: '2026-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('dueDate');
  });

  it('completing a task records who and when; it moves to done; a stale version is refused', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    const task = (await ctx.call(rep.session, 'POST', '/tasks', { title: '确认合同条款', dueDate: '2026-03-02', notes: '法务意见' })).json();
    ctx.clock.advance(2 * 3_600_000);
    const done = await ctx.call(rep.session, 'PATCH', `/tasks/${task.id}`, { version: task.version, status: 'done' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedAt: ctx.clock.now().toISOString(), completedBy: rep.id, version: task.version + 1 });
    expect(await titles(ctx, rep.session, 'view=today')).toEqual([]);
    expect(await titles(ctx, rep.session, 'view=done')).toEqual(['确认合同条款']);
    expect((await ctx.call(rep.session, 'PATCH', `/tasks/${task.id}`, { version: task.version, status: 'open' })).statusCode).toBe(409);

    // reopening clears the completion; a new due date re-arms the reminder
    const reopened = (await ctx.call(rep.session, 'PATCH', `/tasks/${task.id}`, { version: task.version + 1, status: 'open', dueDate: '2026-03-04' })).json();
    expect(reopened).toMatchObject({ status: 'open', completedAt: null, completedBy: null, dueDate: '2026-03-04', remindAt: '2026-03-04T01:00:00.000Z' });
  });

  it('managers see and complete their team’s tasks; reps neither see others’ tasks nor assign outside their scope', async () => {
    const ctx = await setupFollowUps();
    const { manager, rep } = await ctx.team();
    const outsider = await ctx.newUser();
    const mine = (await ctx.call(rep.session, 'POST', '/tasks', { title: '整理客户资料', dueDate: '2026-03-02' })).json();

    expect(await titles(ctx, manager.session, `view=today&assignee=${rep.id}`)).toEqual(['整理客户资料']);
    const byManager = await ctx.call(manager.session, 'PATCH', `/tasks/${mine.id}`, { version: mine.version, status: 'done' });
    expect(byManager.json()).toMatchObject({ status: 'done', completedBy: manager.id });
    // the manager assigns a task to the rep
    const assigned = await ctx.call(manager.session, 'POST', '/tasks', { title: '周五前回访', dueDate: '2026-03-06', assigneeId: rep.id });
    expect(assigned.statusCode, assigned.body).toBe(201);
    expect(await titles(ctx, rep.session, 'view=upcoming')).toEqual(['周五前回访']);

    const peek = await ctx.call(rep.session, 'GET', `/tasks?assignee=${outsider.id}`);
    expect(peek.statusCode).toBe(404);
    expect(peek.json().error.code).toBe('ASSIGNEE_NOT_VISIBLE');
    const outsiderTask = (await ctx.call(outsider.session, 'POST', '/tasks', { title: '别人的任务', dueDate: '2026-03-02' })).json();
    expect((await ctx.call(rep.session, 'GET', `/tasks/${outsiderTask.id}`)).statusCode).toBe(404);
    expect((await ctx.call(rep.session, 'PATCH', `/tasks/${outsiderTask.id}`, { version: 1, status: 'done' })).statusCode).toBe(404);
    const assign = await ctx.call(rep.session, 'POST', '/tasks', { title: 'x', dueDate: '2026-03-02', assigneeId: outsider.id });
    expect(assign.statusCode).toBe(400);
    expect(assign.json().error.fields[0].field).toBe('assigneeId');
  });

  it('the reminder job notifies the assignee once at the reminder time, in their language', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    const account = await ctx.account(rep.session);
    const logged = await ctx.log(rep.session, { type: 'call', accountId: account.id, durationSeconds: 240, ...CONTENT, nextAction: '发送正式报价单', nextActionDate: '2026-03-05' });
    expect(logged.statusCode, logged.body).toBe(201);
    const run = () => sendTaskReminders(ctx.database, ctx.clock.now(), { orgIds: [ctx.org.orgId] });
    const due = async () => (await ctx.notifications(rep.session)).filter((n) => n.kind === 'task.due');

    expect(await run()).toEqual({ reminded: 0 });
    ctx.clock.set(new Date('2026-03-05T00:59:00.000Z'));
    expect(await run()).toEqual({ reminded: 0 });
    ctx.clock.set(new Date('2026-03-05T01:00:00.000Z')); // 09:00 in Shanghai
    expect(await run()).toEqual({ reminded: 1 });
    ctx.clock.advance(MIN);
    expect(await run()).toEqual({ reminded: 0 });
    const notices = await due();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: '任务提醒：发送正式报价单', body: '截止日期 2026-03-05', link: '/tasks' });
    expect((await ctx.call(rep.session, 'GET', `/tasks/${logged.json().taskId}`)).json().remindedAt).toBe('2026-03-05T01:00:00.000Z');

    // an English-speaking assignee; a completed task is not reminded
    await ctx.database.withTenant(ctx.org.orgId, (tx) => tx.update(users).set({ locale: 'en' }).where(and(eq(users.orgId, ctx.org.orgId), eq(users.id, rep.id))));
    await ctx.call(rep.session, 'POST', '/tasks', { title: 'Call back', dueDate: '2026-03-06' });
    const doneTask = (await ctx.call(rep.session, 'POST', '/tasks', { title: 'Already done', dueDate: '2026-03-06' })).json();
    await ctx.call(rep.session, 'PATCH', `/tasks/${doneTask.id}`, { version: doneTask.version, status: 'done' });
    ctx.clock.set(new Date('2026-03-06T02:00:00.000Z'));
    expect(await run()).toEqual({ reminded: 1 });
    expect(await run()).toEqual({ reminded: 0 });
    expect((await due()).map((n) => n.title)).toEqual(['Task due: Call back', '任务提醒：发送正式报价单']);
  });

  it('scheduled through the job queue, a slot runs once and reminds once', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    await ctx.call(rep.session, 'POST', '/tasks', { title: '排程提醒', dueDate: '2026-03-03' });
    const instanceClock = new ManualClock(T0);
    const jobs = createJobs(
      { database: ctx.database, clock: instanceClock, instanceId: `task-test-${randomUUID().slice(0, 6)}`, config: loadConfig({}) },
      { connectionString: process.env.TEST_DATABASE_URL, pollingIntervalSeconds: 0.5, tickMs: 0, stopTimeoutMs: 5_000 },
    );
    const name = `task-reminders-test-${randomUUID().slice(0, 8)}`;
    registerTaskJobs(jobs, { database: ctx.database }, { name, orgIds: [ctx.org.orgId] });
    await jobs.start();
    try {
      let ran = 0;
      const runSlot = async (at: Date) => {
        instanceClock.set(at);
        expect(await jobs.runDue(at)).toHaveLength(1);
        await waitFor(async () => {
          const rows = await ctx.database.query<{ n: number }>(`select count(*)::int as n from job_runs where job_name = $1 and finished_at is not null`, [name]);
          return rows[0]!.n >= ran + 1;
        });
        ran++;
      };
      await runSlot(new Date(T0.getTime() + DAY - 60 * MIN)); // 2026-03-03 09:00 Shanghai
      expect(await jobs.runDue(new Date(T0.getTime() + DAY - 60 * MIN + 30_000))).toEqual([]); // same slot
      await runSlot(new Date(T0.getTime() + DAY - 59 * MIN));
      expect((await ctx.notifications(rep.session)).filter((n) => n.kind === 'task.due')).toHaveLength(1);
    } finally {
      await jobs.stop();
      await ctx.database.query('select pgboss.delete_queue($1)', [name]).catch(() => {});
    }
  });
});
