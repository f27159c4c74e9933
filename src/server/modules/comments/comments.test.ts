import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { deals } from '../../platform/db/schema.js';
import { createTestDepartment } from '../../test/factories.js';
import { testDatabaseKind } from '../../test/testDatabase.js';
import { createAccount } from '../accounts/accounts.testkit.js';
import { DAY_MS, insertDeal, setupCollab, T0, warmCollab, type CollabCtx } from '../deal-teams/deal-teams.testkit.js';

type Session = Parameters<CollabCtx['call']>[0];
const mentionsOf = async (ctx: CollabCtx, s: Session) =>
  (await ctx.call(s, 'GET', '/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'comment.mention') as { title: string; body: string; link: string }[];

describe(`comments on ${testDatabaseKind()}`, () => {
  // the first start (migrations, app) is slow on a busy machine
  beforeAll(async () => {
    await warmCollab();
  }, 180_000);

  it('a mention creates exactly one notification for the mentioned user, not the author; it is not a deal update', async () => {
    const ctx = await setupCollab();
    const owner = await ctx.newUser({ displayName: '王五' });
    const manager = await ctx.newUser({ role: 'manager', displayName: '赵经理' });
    const dealId = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: owner.id, departmentId: ctx.org.rootDepartmentId, pipelineId: ctx.pipelineId, name: '华东项目' });
    ctx.clock.set(new Date(T0.getTime() + 2 * DAY_MS));

    // the manager is named twice (field and token), the author mentions themself too
    const res = await ctx.call(owner.session, 'POST', '/comments', {
      objectType: 'deals',
      recordId: dealId,
      body: `@[赵经理](${manager.id}) 请看一下报价，@[王五](${owner.id}) 已更新`,
      mentions: [manager.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ objectType: 'deals', recordId: dealId, mentions: [manager.id], authorId: owner.id, authorName: '王五' });

    const got = await mentionsOf(ctx, manager.session);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ link: `/deals/${dealId}`, body: '@赵经理 请看一下报价，@王五 已更新' });
    expect(got[0]!.title).toContain('华东项目');
    expect(await mentionsOf(ctx, owner.session)).toHaveLength(0);

    // a comment is internal talk, not progress: the deal's last update stays
    const [row] = await ctx.database.withTenant(ctx.org.orgId, (tx) => tx.select({ at: deals.lastUpdateAt }).from(deals).where(and(eq(deals.orgId, ctx.org.orgId), eq(deals.id, dealId))));
    expect(row!.at).toEqual(T0);

    const list = await ctx.call(manager.session, 'GET', `/comments?objectType=deals&recordId=${dealId}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([res.json().id]);
  });

  it('refuses mentions of people who cannot see the record, and hides records the author cannot see', async () => {
    const ctx = await setupCollab();
    const dept = await createTestDepartment(ctx.database, ctx.org.orgId, { parentId: ctx.org.rootDepartmentId });
    const owner = await ctx.newUser();
    const otherRep = await ctx.newUser({ departmentId: dept });
    const dealId = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: owner.id, departmentId: ctx.org.rootDepartmentId, pipelineId: ctx.pipelineId });

    const refused = await ctx.call(owner.session, 'POST', '/comments', { objectType: 'deals', recordId: dealId, body: 'hi', mentions: [otherRep.id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([{ field: 'mentions.0', message: 'must be an active user of the organization who can see this record' }]);
    const inBody = await ctx.call(owner.session, 'POST', '/comments', { objectType: 'deals', recordId: dealId, body: `@[x](${otherRep.id}) hi` });
    expect(inBody.statusCode).toBe(400);
    expect(inBody.json().error.fields[0].field).toBe('body');
    expect(await mentionsOf(ctx, otherRep.session)).toHaveLength(0);
    expect((await ctx.call(owner.session, 'GET', `/comments?objectType=deals&recordId=${dealId}`)).json().items).toHaveLength(0);

    // the other rep sees neither the deal nor its comments
    expect((await ctx.call(otherRep.session, 'GET', `/comments?objectType=deals&recordId=${dealId}`)).statusCode).toBe(404);
    expect((await ctx.call(otherRep.session, 'POST', '/comments', { objectType: 'deals', recordId: dealId, body: 'hi' })).statusCode).toBe(404);
    // once on the team, they can be mentioned
    expect((await ctx.call(owner.session, 'PUT', `/deals/${dealId}/team`, { members: [{ userId: owner.id, role: 'owner', creditPercent: 80 }, { userId: otherRep.id, role: 'presales', creditPercent: 20 }] })).statusCode).toBe(200);
    expect((await ctx.call(owner.session, 'POST', '/comments', { objectType: 'deals', recordId: dealId, body: 'hi', mentions: [otherRep.id] })).statusCode).toBe(201);
    expect(await mentionsOf(ctx, otherRep.session)).toHaveLength(1);
  });

  it('comments on accounts; only the author deletes (softly); pages newest first', async () => {
    const ctx = await setupCollab();
    const owner = await ctx.newUser();
    const manager = await ctx.newUser({ role: 'manager' });
    const account = await createAccount(ctx.app, owner.session);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ctx.clock.set(new Date(T0.getTime() + i * 60_000));
      const r = await ctx.call(owner.session, 'POST', '/comments', { objectType: 'accounts', recordId: account.id, body: `第 ${i} 条` });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json().id);
    }
    const page1 = (await ctx.call(manager.session, 'GET', `/comments?objectType=accounts&recordId=${account.id}&limit=2`)).json();
    expect(page1.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const page2 = (await ctx.call(manager.session, 'GET', `/comments?objectType=accounts&recordId=${account.id}&limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    expect((await ctx.call(manager.session, 'GET', `/comments?objectType=accounts&recordId=${account.id}&cursor=nope`)).statusCode).toBe(400);

    const notMine = await ctx.call(manager.session, 'DELETE', `/comments/${ids[1]}`);
    expect(notMine.statusCode).toBe(403);
    expect((await ctx.call(owner.session, 'DELETE', `/comments/${ids[1]}`)).statusCode).toBe(204);
    expect((await ctx.call(owner.session, 'DELETE', `/comments/${ids[1]}`)).statusCode).toBe(404);
    const after = (await ctx.call(owner.session, 'GET', `/comments?objectType=accounts&recordId=${account.id}`)).json();
    expect(after.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[0]]);
  });
});
