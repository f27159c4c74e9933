import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareTimeline, type TimelineKind } from '../../../core/timeline/cursor.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Database } from '../../platform/db/database.js';
import { activities, comments, dealStageHistory, tasks } from '../../platform/db/schema.js';
import { updateTestRole } from '../../test/factories.js';
import { testDatabaseKind } from '../../test/testDatabase.js';
import { createAccount } from '../accounts/accounts.testkit.js';
import { insertDeal, setupCollab, T0, warmCollab, type CollabCtx } from '../deal-teams/deal-teams.testkit.js';

const MIN = 60_000;
interface Item {
  id: string;
  kind: TimelineKind;
  at: string;
  actorId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
}

/** 45 entries of every kind on one deal, some at the very same moment (ties broken by kind, then id). */
async function seedFeed(database: Database, orgId: string, dealId: string, pipelineId: string, actorId: string) {
  const at = (i: number) => new Date(T0.getTime() + i * MIN);
  await database.withTenant(orgId, async (tx) => {
    for (let i = 0; i < 10; i++) {
      await tx.insert(activities).values({ orgId, id: randomUUID(), type: 'call', occurredAt: at(i * 4), dealId, ownerId: actorId, createdBy: actorId, notes: `电话 ${i}`, effective: 1 });
    }
    for (let i = 0; i < 8; i++) {
      await tx.insert(dealStageHistory).values({ orgId, id: randomUUID(), dealId, pipelineId, fromStage: 's' + i, toStage: 's' + (i + 1), movedAt: at(i * 4), movedBy: actorId });
    }
    await auditRepository.insert(
      tx,
      Array.from({ length: 7 }, (_, i) => ({ orgId, actorId, actorKind: 'user' as const, objectType: 'deals', recordId: dealId, action: 'update', changes: [{ field: 'name', old: `n${i}`, new: `n${i + 1}` }], occurredAt: at(i * 5 + 1) })),
    );
    for (let i = 0; i < 10; i++) {
      await tx.insert(comments).values({ orgId, id: randomUUID(), objectType: 'deals', recordId: dealId, body: `评论 ${i}`, authorId: actorId, createdAt: at(i * 3 + 2) });
    }
    for (let i = 0; i < 5; i++) {
      await tx.insert(tasks).values({ orgId, id: randomUUID(), title: `任务 ${i}`, dueDate: '2026-03-10', assigneeId: actorId, dealId, ownerId: actorId, createdBy: actorId, createdAt: at(i * 6), status: 'done', completedAt: at(i * 6 + 3), completedBy: actorId });
    }
    // noise that must not show: another deal's entries, a deleted comment, the deal's creation
    await tx.insert(comments).values({ orgId, id: randomUUID(), objectType: 'deals', recordId: randomUUID(), body: 'x', authorId: actorId, createdAt: at(1) });
    await tx.insert(comments).values({ orgId, id: randomUUID(), objectType: 'deals', recordId: dealId, body: 'deleted', authorId: actorId, createdAt: at(1), deletedAt: at(2) });
    await auditRepository.insert(tx, [{ orgId, actorId, actorKind: 'user', objectType: 'deals', recordId: dealId, action: 'create', changes: [{ field: 'name', old: null, new: 'n0' }], occurredAt: at(0) }]);
  });
}

async function readAll(ctx: CollabCtx, session: Parameters<CollabCtx['call']>[0], query: string, limit: number): Promise<Item[][]> {
  const pages: Item[][] = [];
  let cursor: string | null = null;
  do {
    const res = await ctx.call(session, 'GET', `/timeline?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    pages.push(res.json().items);
    cursor = res.json().nextCursor;
    expect(pages.length).toBeLessThan(10);
  } while (cursor);
  return pages;
}

describe(`timeline on ${testDatabaseKind()}`, () => {
  // the first start (migrations, app) is slow on a busy machine
  beforeAll(async () => {
    await warmCollab();
  }, 180_000);

  it('pages 45 mixed entries 20 + 20 + 5, strictly newest first, without duplicates or gaps', async () => {
    const ctx = await setupCollab();
    const owner = await ctx.newUser({ displayName: '钱七' });
    const dealId = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: owner.id, departmentId: ctx.org.rootDepartmentId, pipelineId: ctx.pipelineId });
    await seedFeed(ctx.database, ctx.org.orgId, dealId, ctx.pipelineId, owner.id);

    const pages = await readAll(ctx, owner.session, `objectType=deals&recordId=${dealId}`, 20);
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    const all = pages.flat();
    for (let i = 1; i < all.length; i++) expect(compareTimeline(all[i - 1]!, all[i]!), `${i}`).toBeLessThan(0);
    expect(new Set(all.map((i) => `${i.kind}/${i.id}`)).size).toBe(45);
    const count = (k: string) => all.filter((i) => i.kind === k).length;
    expect([count('activity'), count('stage_move'), count('field_change'), count('comment'), count('task')]).toEqual([10, 8, 7, 10, 10]);
    // one page with everything is the same sequence
    const whole = (await ctx.call(owner.session, 'GET', `/timeline?objectType=deals&recordId=${dealId}&limit=100`)).json();
    expect(whole.nextCursor).toBeNull();
    expect(whole.items).toEqual(all);
    // the newest entry is first, with its actor's name and data
    expect(all[0]).toMatchObject({ kind: 'activity', at: new Date(T0.getTime() + 36 * MIN).toISOString(), actorId: owner.id, actorName: '钱七', data: { notes: '电话 9' } });
    // at the same moment (28 min) the stage move comes before the follow-up (kind desc)
    const at28 = all.filter((i) => i.at === new Date(T0.getTime() + 28 * MIN).toISOString());
    expect(at28.map((i) => i.kind)).toEqual(['stage_move', 'activity']);
    expect(at28[0]!.data).toMatchObject({ fromStage: 's7', toStage: 's8' });
    expect(all.find((i) => i.kind === 'task' && i.id.endsWith(':done'))!.data).toMatchObject({ event: 'completed', status: 'done' });
    expect(all.find((i) => i.kind === 'activity')!.data).toMatchObject({ type: 'call', effective: true });

    // default page size 30; bad cursors and limits are refused by name
    expect((await ctx.call(owner.session, 'GET', `/timeline?objectType=deals&recordId=${dealId}`)).json().items).toHaveLength(30);
    const badCursor = await ctx.call(owner.session, 'GET', `/timeline?objectType=deals&recordId=${dealId}&cursor=abc`);
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.fields[0].field).toBe('cursor');
    expect((await ctx.call(owner.session, 'GET', `/timeline?objectType=deals&recordId=${dealId}&limit=101`)).statusCode).toBe(400);
  });

  it('needs the record to be visible, and hides field changes of fields masked for the role', async () => {
    const ctx = await setupCollab();
    const owner = await ctx.newUser();
    const stranger = await ctx.newUser();
    const dealId = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: owner.id, departmentId: ctx.org.rootDepartmentId, pipelineId: ctx.pipelineId });
    await ctx.database.withTenant(ctx.org.orgId, (tx) =>
      auditRepository.insert(tx, [
        { orgId: ctx.org.orgId, actorId: owner.id, actorKind: 'user', objectType: 'deals', recordId: dealId, action: 'update', changes: [{ field: 'amount', old: 100_000, new: 250_000 }], occurredAt: new Date(T0.getTime() + MIN) },
        {
          orgId: ctx.org.orgId,
          actorId: owner.id,
          actorKind: 'user',
          objectType: 'deals',
          recordId: dealId,
          action: 'update',
          changes: [
            { field: 'amount', old: 250_000, new: 300_000 },
            { field: 'name', old: 'a', new: 'b' },
          ],
          occurredAt: new Date(T0.getTime() + 2 * MIN),
        },
      ]),
    );
    expect((await ctx.call(stranger.session, 'GET', `/timeline?objectType=deals&recordId=${dealId}`)).statusCode).toBe(404);
    expect((await ctx.call(stranger.session, 'GET', `/timeline?objectType=deals&recordId=${randomUUID()}`)).statusCode).toBe(404);

    const changesSeenBy = async (s: Parameters<CollabCtx['call']>[0]) =>
      ((await ctx.call(s, 'GET', `/timeline?objectType=deals&recordId=${dealId}`)).json().items as Item[])
        .filter((i) => i.kind === 'field_change')
        .map((i) => (i.data.changes as { field: string }[]).map((c) => c.field));
    expect(await changesSeenBy(ctx.admin)).toEqual([['amount', 'name'], ['amount']]);
    await updateTestRole(ctx.database, ctx.org.orgId, ctx.org.roleIds.rep, { fieldMasks: { 'deals.amount': 'all' } });
    expect(await changesSeenBy(owner.session)).toEqual([['name']]);
    const raw = JSON.stringify((await ctx.call(owner.session, 'GET', `/timeline?objectType=deals&recordId=${dealId}`)).json());
    expect(raw).not.toContain('300000');
  });

  it('shows what the deals, follow-ups and comments APIs record, without the stage bookkeeping as field changes', async () => {
    const ctx = await setupCollab();
    const owner = await ctx.newUser({ displayName: '周九' });
    const created = await ctx.call(owner.session, 'POST', '/deals', { name: '华南扩容', amount: 500_000 });
    expect(created.statusCode, created.body).toBe(201);
    const deal = created.json() as { id: string; version: number };
    ctx.clock.set(new Date(T0.getTime() + MIN));
    const patched = await ctx.call(owner.session, 'PATCH', `/deals/${deal.id}`, { version: deal.version, amount: 650_000 });
    expect(patched.statusCode, patched.body).toBe(200);
    ctx.clock.set(new Date(T0.getTime() + 2 * MIN));
    const logged = await ctx.call(owner.session, 'POST', '/activities', { type: 'visit', dealId: deal.id, need: '需要扩容两个机房的网络设备', feedback: '预算已批复等待比价', nextAction: '提交方案', nextActionDate: '2026-03-09' });
    expect(logged.statusCode, logged.body).toBe(201);
    ctx.clock.set(new Date(T0.getTime() + 3 * MIN));
    expect((await ctx.call(owner.session, 'POST', '/comments', { objectType: 'deals', recordId: deal.id, body: '已约下周演示' })).statusCode).toBe(201);

    const items = (await ctx.call(owner.session, 'GET', `/timeline?objectType=deals&recordId=${deal.id}`)).json().items as Item[];
    const kinds = items.map((i) => i.kind);
    expect(kinds[0]).toBe('comment');
    expect(kinds).toContain('activity');
    const fieldChanges = items.filter((i) => i.kind === 'field_change');
    expect(fieldChanges.flatMap((i) => (i.data.changes as { field: string }[]).map((c) => c.field))).toContain('amount');
    for (const i of fieldChanges) for (const c of i.data.changes as { field: string }[]) expect(['stageKey', 'status', 'lastUpdateAt', 'rottingSince']).not.toContain(c.field);
    expect(items.every((i) => i.actorName === '周九' || i.actorId === null || i.kind === 'task')).toBe(true);
  });

  it('documents the collaboration endpoints in the OpenAPI document', async () => {
    const ctx = await setupCollab();
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/timeline', '/api/v1/comments', '/api/v1/comments/{id}', '/api/v1/deals/{id}/team']));
    expect(doc.paths['/api/v1/deals/{id}/team'].put.requestBody).toBeDefined();
  });

  it("an account's feed has what is linked to the account itself, not its deals' stage moves", async () => {
    const ctx = await setupCollab();
    const owner = await ctx.newUser();
    const account = await createAccount(ctx.app, owner.session, { name: '上海某某科技有限公司' });
    const dealId = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: owner.id, departmentId: ctx.org.rootDepartmentId, pipelineId: ctx.pipelineId, accountId: account.id });
    const orgId = ctx.org.orgId;
    await ctx.database.withTenant(orgId, async (tx) => {
      await tx.insert(activities).values({ orgId, id: randomUUID(), type: 'visit', occurredAt: new Date(T0.getTime() + MIN), accountId: account.id, ownerId: owner.id });
      await tx.insert(dealStageHistory).values({ orgId, id: randomUUID(), dealId, pipelineId: ctx.pipelineId, fromStage: 'a', toStage: 'b', movedAt: new Date(T0.getTime() + 2 * MIN) });
      await tx.insert(tasks).values({ orgId, id: randomUUID(), title: '回访', dueDate: '2026-03-05', assigneeId: owner.id, accountId: account.id, ownerId: owner.id, createdAt: new Date(T0.getTime() + 3 * MIN) });
    });
    ctx.clock.set(new Date(T0.getTime() + 4 * MIN));
    expect((await ctx.call(owner.session, 'POST', '/comments', { objectType: 'accounts', recordId: account.id, body: '客户很关注价格' })).statusCode).toBe(201);
    const patched = await ctx.call(owner.session, 'PATCH', `/accounts/${account.id}`, { industry: '制造业', version: account.version });
    expect(patched.statusCode, patched.body).toBe(200);

    const items = (await ctx.call(owner.session, 'GET', `/timeline?objectType=accounts&recordId=${account.id}`)).json().items as Item[];
    expect(items.map((i) => i.kind).sort()).toEqual(['activity', 'comment', 'field_change', 'task']);
    expect(items.find((i) => i.kind === 'field_change')!.data.changes).toEqual([{ field: 'industry', old: null, new: '制造业' }]);
  });
});
