/**
 * Follow-ups (跟进记录) over HTTP: required structured fields per type, the effective-follow-up rule feeding the
 * account's pool reclaim time, next-action tasks, negative feedback for the manager, access to linked records,
 * deals marked updated, editing and deleting, settings.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/db/schema.js';
import { testDatabaseKind } from '../../test/testDatabase.js';
import { sendTaskReminders } from '../tasks/tasks.reminders.js';
import { CONTENT, DAY, MIN, setupFollowUps, T0, warmFollowUps } from './activities.testkit.js';

const NEXT = { nextAction: '发送正式报价单', nextActionDate: '2026-03-05' };

describe(`follow-ups on ${testDatabaseKind()}`, () => {
  // the first start (migrations, app) is slow on a busy 2-core machine
  beforeAll(async () => {
    await warmFollowUps();
  }, 180_000);

  it('refuses a follow-up missing required fields, naming them in the request language, and stores nothing', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    const account = await ctx.account(rep.session);

    const en = await ctx.log(rep.session, { type: 'call', accountId: account.id, durationSeconds: 300 });
    expect(en.statusCode).toBe(400);
    expect(en.json().error).toMatchObject({ code: 'FOLLOW_UP_INCOMPLETE', message: 'The follow-up is missing required content: customer need, customer feedback, next action, next action date' });
    expect(en.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['need', 'feedback', 'nextAction', 'nextActionDate']);

    const zh = await ctx.log(rep.session, { type: 'call', accountId: account.id, ...CONTENT }, 'zh-CN');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.message).toBe('跟进记录缺少必填内容：下一步行动、下一步行动日期');
    expect(zh.json().error.fields).toEqual([
      { field: 'nextAction', message: '下一步行动为必填项' },
      { field: 'nextActionDate', message: '下一步行动日期为必填项' },
    ]);

    // unknown type, a future time, a next action without date
    expect((await ctx.log(rep.session, { type: 'fax', accountId: account.id, ...CONTENT, ...NEXT })).json().error.fields[0].field).toBe('type');
    const future = await ctx.log(rep.session, { type: 'call', accountId: account.id, ...CONTENT, ...NEXT, occurredAt: new Date(T0.getTime() + 10 * MIN).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields).toEqual([{ field: 'occurredAt', message: 'cannot be in the future' }]);
    // a little ahead (device clock) and back-dated are fine
    expect((await ctx.log(rep.session, { type: 'email', accountId: account.id, ...CONTENT, ...NEXT, occurredAt: new Date(T0.getTime() + 2 * MIN).toISOString() })).statusCode).toBe(201);
    const back = await ctx.log(rep.session, { type: 'email', accountId: account.id, ...CONTENT, ...NEXT, occurredAt: new Date(T0.getTime() - 3 * DAY).toISOString() });
    expect(back.statusCode).toBe(201);
    expect(back.json().occurredAt).toBe(new Date(T0.getTime() - 3 * DAY).toISOString());

    const list = (await ctx.call(rep.session, 'GET', `/activities?accountId=${account.id}`)).json().items;
    expect(list).toHaveLength(2);
  });

  it('a 4-minute call is effective and moves the account’s last effective follow-up and reclaim time; a 1-minute call does not', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    const account = await ctx.account(rep.session);
    expect(account.reclaimDueAt).toBe(new Date(T0.getTime() + 30 * DAY).toISOString());

    ctx.clock.advance(5 * DAY);
    const long = await ctx.log(rep.session, { type: 'call', accountId: account.id, durationSeconds: 240, ...CONTENT, ...{ nextAction: '回访', nextActionDate: '2026-03-10' } });
    expect(long.statusCode, long.body).toBe(201);
    expect(long.json()).toMatchObject({ effective: true, ineffectiveReasons: [], typeName: 'Call', ownerId: rep.id, accountId: account.id, accountName: account.name });
    const afterLong = await ctx.accountRow(account.id);
    expect(afterLong.lastEffectiveFollowUpAt?.toISOString()).toBe(ctx.clock.now().toISOString());
    const due = new Date(ctx.clock.now().getTime() + 30 * DAY).toISOString();
    expect((await ctx.call(rep.session, 'GET', `/accounts/${account.id}`)).json().reclaimDueAt).toBe(due);

    ctx.clock.advance(5 * DAY);
    const short = await ctx.log(rep.session, { type: 'call', accountId: account.id, durationSeconds: 60, ...CONTENT, nextAction: '回访', nextActionDate: '2026-03-12' });
    expect(short.json()).toMatchObject({ effective: false, ineffectiveReasons: [{ code: 'duration_short', message: 'call shorter than 180 seconds' }] });
    expect((await ctx.accountRow(account.id)).lastEffectiveFollowUpAt?.toISOString()).toBe(afterLong.lastEffectiveFollowUpAt?.toISOString());
    expect((await ctx.call(rep.session, 'GET', `/accounts/${account.id}`)).json().reclaimDueAt).toBe(due);

    // a back-dated effective follow-up never moves the date backwards
    await ctx.log(rep.session, { type: 'call', accountId: account.id, durationSeconds: 400, ...CONTENT, ...NEXT, occurredAt: new Date(T0.getTime() + DAY).toISOString() });
    expect((await ctx.accountRow(account.id)).lastEffectiveFollowUpAt?.toISOString()).toBe(afterLong.lastEffectiveFollowUpAt?.toISOString());

    // only effective ones in the effective filter
    const effective = (await ctx.call(rep.session, 'GET', `/activities?accountId=${account.id}&effective=true`)).json().items;
    expect(effective).toHaveLength(2);
  });

  it('logging a next action creates the owner’s task due that date, reminded at 09:00 Shanghai', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    const account = await ctx.account(rep.session);
    const res = await ctx.log(rep.session, { type: 'wechat', accountId: account.id, ...CONTENT, ...NEXT });
    expect(res.statusCode, res.body).toBe(201);
    const { taskId, id } = res.json();
    expect(taskId).toEqual(expect.any(String));
    const task = (await ctx.call(rep.session, 'GET', `/tasks/${taskId}`)).json();
    expect(task).toMatchObject({ title: NEXT.nextAction, dueDate: '2026-03-05', remindAt: '2026-03-05T01:00:00.000Z', assigneeId: rep.id, source: 'next_action', activityId: id, accountId: account.id, status: 'open' });
    expect((await ctx.call(rep.session, 'GET', `/activities/${id}`)).json().taskId).toBe(taskId);
    expect((await ctx.call(rep.session, 'GET', `/activities?accountId=${account.id}`)).json().items[0].taskId).toBe(taskId);
  });

  it('negative feedback creates a task for the owner’s department manager, not when the manager logs it', async () => {
    const ctx = await setupFollowUps();
    const { manager, rep } = await ctx.team();
    const account = await ctx.account(rep.session);
    const res = await ctx.log(rep.session, { type: 'visit', accountId: account.id, ...CONTENT, ...NEXT, sentiment: 'negative', feedback: '客户对交付周期很不满意' });
    expect(res.statusCode, res.body).toBe(201);
    const managerTasks = (await ctx.call(manager.session, 'GET', '/tasks?view=today')).json().items;
    expect(managerTasks).toHaveLength(1);
    expect(managerTasks[0]).toMatchObject({ source: 'negative_feedback', assigneeId: manager.id, dueDate: '2026-03-02', accountId: account.id, activityId: res.json().id });
    expect(managerTasks[0].title).toContain(account.name);
    // the manager is reminded at the next reminder run
    expect(await sendTaskReminders(ctx.database, ctx.clock.now(), { orgIds: [ctx.org.orgId] })).toEqual({ reminded: 1 });
    expect((await ctx.notifications(manager.session)).filter((n) => n.kind === 'task.due').map((n) => n.title)).toEqual([`任务提醒：${managerTasks[0].title}`]);
    // the rep's own tasks: only the next action
    expect((await ctx.call(rep.session, 'GET', '/tasks?view=upcoming')).json().items.map((t: { source: string }) => t.source)).toEqual(['next_action']);

    // the manager's own negative feedback: no task for themselves
    const own = await ctx.account(manager.session);
    await ctx.log(manager.session, { type: 'call', accountId: own.id, durationSeconds: 200, ...CONTENT, ...NEXT, sentiment: 'negative' });
    expect((await ctx.call(manager.session, 'GET', '/tasks?view=today')).json().items).toHaveLength(1);

    // switched off in the settings
    const settings = (await ctx.call(ctx.admin.session, 'GET', '/settings/activities')).json();
    const { version, ...value } = settings;
    expect((await ctx.call(ctx.admin.session, 'PUT', '/settings/activities', { ...value, negativeFeedbackTaskForManager: false, version })).statusCode).toBe(200);
    await ctx.log(rep.session, { type: 'call', accountId: account.id, durationSeconds: 200, ...CONTENT, ...NEXT, sentiment: 'negative' });
    expect((await ctx.call(manager.session, 'GET', '/tasks?view=today')).json().items).toHaveLength(1);
  });

  it('a rep cannot log on an account or deal they cannot see (404); a deal gives its account', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    const other = await ctx.newUser();
    const hidden = await ctx.account(other.session);
    const hiddenDeal = await ctx.deal(other, hidden.id);
    const a = await ctx.log(rep.session, { type: 'call', accountId: hidden.id, durationSeconds: 300, ...CONTENT, ...NEXT });
    expect(a.statusCode).toBe(404);
    expect(a.json().error.code).toBe('ACCOUNT_NOT_FOUND');
    const d = await ctx.log(rep.session, { type: 'call', dealId: hiddenDeal, durationSeconds: 300, ...CONTENT, ...NEXT });
    expect(d.statusCode).toBe(404);
    expect(d.json().error.code).toBe('DEAL_NOT_FOUND');
    // the other rep's follow-ups are not listed for this rep; the admin sees them
    await ctx.log(other.session, { type: 'call', accountId: hidden.id, durationSeconds: 300, ...CONTENT, ...NEXT });
    expect((await ctx.call(rep.session, 'GET', `/activities?accountId=${hidden.id}`)).json().items).toHaveLength(0);
    expect((await ctx.call(ctx.admin.session, 'GET', `/activities?accountId=${hidden.id}`)).json().items).toHaveLength(1);
  });

  it('a follow-up on a deal marks the deal updated (last update now, rotting cleared) and takes its account', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    const account = await ctx.account(rep.session);
    const dealId = await ctx.deal(rep, account.id, { lastUpdateAt: new Date(T0.getTime() - 20 * DAY), rottingSince: new Date(T0.getTime() - 6 * DAY) });
    ctx.clock.advance(90 * MIN);
    const res = await ctx.log(rep.session, { type: 'demo', dealId, ...CONTENT, ...NEXT });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ dealId, accountId: account.id, dealName: expect.any(String) });
    const deal = await ctx.dealRow(dealId);
    expect(deal.lastUpdateAt.toISOString()).toBe(ctx.clock.now().toISOString());
    expect(deal.rottingSince).toBeNull();
    expect((await ctx.call(rep.session, 'GET', `/activities?dealId=${dealId}`)).json().items).toHaveLength(1);
    // a deal of another account than the one given
    const otherAccount = await ctx.account(rep.session);
    const mismatch = await ctx.log(rep.session, { type: 'demo', dealId, accountId: otherAccount.id, ...CONTENT, ...NEXT });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.fields[0].field).toBe('accountId');
  });

  it('only the owner edits a follow-up (versioned, audited, effective recomputed); deleting hides it and recomputes the account', async () => {
    const ctx = await setupFollowUps();
    const { manager, rep } = await ctx.team();
    const account = await ctx.account(rep.session);
    const created = (await ctx.log(rep.session, { type: 'call', accountId: account.id, durationSeconds: 60, ...CONTENT, ...NEXT })).json();
    expect(created.effective).toBe(false);

    // the manager sees it but cannot change it
    expect((await ctx.call(manager.session, 'GET', `/activities/${created.id}`)).statusCode).toBe(200);
    expect((await ctx.call(manager.session, 'PATCH', `/activities/${created.id}`, { durationSeconds: 600, version: created.version })).statusCode).toBe(403);

    const edited = await ctx.call(rep.session, 'PATCH', `/activities/${created.id}`, { durationSeconds: 600, nextActionDate: '2026-03-06', version: created.version });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ effective: true, durationSeconds: 600, version: created.version + 1, taskId: created.taskId });
    expect((await ctx.accountRow(account.id)).lastEffectiveFollowUpAt?.toISOString()).toBe(T0.toISOString());
    expect((await ctx.call(rep.session, 'GET', `/tasks/${created.taskId}`)).json()).toMatchObject({ dueDate: '2026-03-06', remindAt: '2026-03-06T01:00:00.000Z' });
    // stale version; clearing a required field
    expect((await ctx.call(rep.session, 'PATCH', `/activities/${created.id}`, { notes: 'x', version: created.version })).statusCode).toBe(409);
    const cleared = await ctx.call(rep.session, 'PATCH', `/activities/${created.id}`, { need: '', version: created.version + 1 });
    expect(cleared.statusCode).toBe(400);
    expect(cleared.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['need']);

    const audit = await ctx.database.withTenant(ctx.org.orgId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, ctx.org.orgId), eq(auditEvents.objectType, 'activities'), eq(auditEvents.recordId, created.id))),
    );
    expect(audit.map((e) => e.action).sort()).toEqual(['create', 'update']);
    expect(audit.find((e) => e.action === 'update')!.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'durationSeconds', old: 60, new: 600 }), expect.objectContaining({ field: 'effective', old: false, new: true })]),
    );

    expect((await ctx.call(rep.session, 'DELETE', `/activities/${created.id}`)).statusCode).toBe(204);
    expect((await ctx.call(rep.session, 'GET', `/activities/${created.id}`)).statusCode).toBe(404);
    expect((await ctx.call(rep.session, 'GET', `/activities?accountId=${account.id}`)).json().items).toHaveLength(0);
    expect((await ctx.accountRow(account.id)).lastEffectiveFollowUpAt).toBeNull();
    expect((await ctx.call(rep.session, 'GET', `/tasks/${created.taskId}`)).json().status).toBe('cancelled');
  });

  it('lists newest first with keyset pages', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    const account = await ctx.account(rep.session);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await ctx.log(rep.session, { type: 'email', accountId: account.id, ...CONTENT, ...NEXT, occurredAt: new Date(T0.getTime() - (5 - i) * DAY).toISOString() })).json().id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await ctx.call(rep.session, 'GET', `/activities?accountId=${account.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await ctx.call(rep.session, 'GET', '/activities?cursor=bad')).statusCode).toBe(400);
  });

  it('settings: defaults, admin-only changes (versioned), and the rule applies to new follow-ups', async () => {
    const ctx = await setupFollowUps();
    const rep = await ctx.newUser();
    const got = await ctx.call(rep.session, 'GET', '/settings/activities');
    expect(got.statusCode).toBe(200);
    const settings = got.json();
    expect(settings).toMatchObject({ version: 0, reminderTime: '09:00', timeZone: 'Asia/Shanghai', negativeFeedbackTaskForManager: true, effective: { default: { minTextChars: 20 }, byType: { call: { minDurationSeconds: 180 }, visit: { requireCheckIn: true } } } });
    expect(settings.types.map((t: { key: string }) => t.key)).toEqual(['call', 'visit', 'email', 'wechat', 'meeting', 'demo', 'other']);
    const { version, ...value } = settings;

    expect((await ctx.call(rep.session, 'PUT', '/settings/activities', { ...value, version })).statusCode).toBe(403);
    const bad = await ctx.call(ctx.admin.session, 'PUT', '/settings/activities', { ...value, reminderTime: '9am', version });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ field: 'reminderTime', message: 'must be a time HH:MM' }]);

    // calls count from 1 minute; "other" requires nothing
    const types = value.types.map((t: { key: string }) => (t.key === 'other' ? { ...t, required: [] } : t));
    const put = await ctx.call(ctx.admin.session, 'PUT', '/settings/activities', { ...value, types, effective: { ...value.effective, byType: { ...value.effective.byType, call: { minDurationSeconds: 60 } } }, version });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().version).toBe(1);
    expect((await ctx.call(ctx.admin.session, 'PUT', '/settings/activities', { ...value, version })).statusCode).toBe(409);

    const account = await ctx.account(rep.session);
    expect((await ctx.log(rep.session, { type: 'call', accountId: account.id, durationSeconds: 60, ...CONTENT, ...NEXT })).json().effective).toBe(true);
    const other = await ctx.log(rep.session, { type: 'other', accountId: account.id });
    expect(other.statusCode, other.body).toBe(201);
    expect(other.json()).toMatchObject({ effective: false, taskId: null });
  });
});
