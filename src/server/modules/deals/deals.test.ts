/**
 * Deals: data scope and shares, amount masking, list totals and filters, the board (totals, closed window,
 * rotting cards), the admin's historical-import waiver, and the deal movers of account merge and handover.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, dealStageHistory, deals, recordShares } from '../../platform/db/schema.js';
import { DAY, setupDeals, warmDeals } from './deals.testkit.js';
import { createDealsService } from './deals.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { SEEDED_ROLES } from '../../../core/access/defaultRoles.js';

beforeAll(() => warmDeals().then(() => undefined), 240_000);

describe('deals: access', () => {
  it('a rep sees own deals only (list, detail, board); a deal shared via record_shares is visible; others are 404', async () => {
    const { admin, call, deal, newUser, database, org } = await setupDeals();
    const rep1 = await newUser();
    const rep2 = await newUser();
    const mine = await deal(rep1, { name: '我的商机' });
    const theirs = await deal(rep2, { name: '别人的商机' });
    const shared = await deal(admin, { name: '共享的商机' });
    await database.withTenant(org.orgId, (tx) => tx.insert(recordShares).values({ orgId: org.orgId, objectType: 'deals', recordId: shared.id, userId: rep1.id, role: 'member' }));

    const names = (await call(rep1, 'GET', '/deals')).json().items.map((d: { name: string }) => d.name);
    expect(names.sort()).toEqual(['共享的商机', '我的商机']);
    expect((await call(rep1, 'GET', `/deals/${mine.id}`)).statusCode).toBe(200);
    expect((await call(rep1, 'GET', `/deals/${shared.id}`)).statusCode).toBe(200);
    expect((await call(rep1, 'GET', `/deals/${theirs.id}`)).statusCode).toBe(404);
    expect((await call(rep1, 'PATCH', `/deals/${theirs.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    const board = (await call(rep1, 'GET', '/deals/board')).json();
    expect(board.columns[0].deals.map((d: { name: string }) => d.name).sort()).toEqual(['共享的商机', '我的商机']);
    // the owner defaults to the creator, the department to the owner's
    expect((await call(rep1, 'GET', `/deals/${mine.id}`)).json()).toMatchObject({ ownerId: rep1.id, departmentId: org.rootDepartmentId });
    // a rep may not assign a deal to someone else (transfer)
    expect((await call(rep1, 'POST', '/deals', { name: 'x', ownerId: rep2.id })).statusCode).toBe(403);
    // soft delete and restore (admin)
    expect((await call(admin, 'DELETE', `/deals/${theirs.id}`)).statusCode).toBe(204);
    expect((await call(rep2, 'GET', '/deals')).json().items).toEqual([]);
    expect((await call(admin, 'POST', `/deals/${theirs.id}/restore`)).json().deletedAt).toBeNull();
  });

  it('masks the amount (and weighted amount, totals) for roles with a deals.amount mask', async () => {
    const { call, deal, newUser, setRole } = await setupDeals();
    await setRole('rep', { fieldMasks: { 'deals.amount': 'list' } });
    const rep = await newUser();
    const d = await deal(rep, { amount: 880_000 });
    const list = (await call(rep, 'GET', '/deals')).json();
    expect(list.items[0]).toMatchObject({ amount: '***', weightedAmount: '***' });
    expect(list.totals).toEqual({ count: 1, amount: '***', weightedAmount: '***' });
    expect((await call(rep, 'GET', '/deals/board')).json().columns[0]).toMatchObject({ amount: '***', weightedAmount: '***' });
    expect((await call(rep, 'GET', `/deals/${d.id}`)).json()).toMatchObject({ amount: 880_000, weightedAmount: 88_000 });
    // sending the masked value back changes nothing
    const res = await call(rep, 'PATCH', `/deals/${d.id}`, { version: d.version, amount: 880_000, name: '改名' });
    expect(res.json()).toMatchObject({ amount: 880_000, name: '改名' });
    await setRole('rep', { fieldMasks: { 'deals.amount': 'all' } });
    expect((await call(rep, 'GET', `/deals/${d.id}`)).json().amount).toBe('***');
  });
});

describe('deals: totals and board', () => {
  it('list totals and board columns count, sum and weight (integer minor units); won/lost columns show recent closes; idle cards rot', async () => {
    const { admin, call, clock, deal, placeIn, database, org } = await setupDeals();
    await deal(admin, { name: 'a', amount: 100 });
    await deal(admin, { name: 'b', amount: 200 });
    const c = await deal(admin, { name: 'c', amount: 301, expectedCloseDate: '2026-04-15' });
    const nc = await deal(admin, { name: 'nc', amount: 1001 });
    await placeIn(nc.id, 'needs_confirmed');
    const lostNow = await deal(admin, { name: 'lostNow', amount: 5000 });
    const lostLongAgo = await deal(admin, { name: 'lostLongAgo', amount: 7000 });
    expect((await call(admin, 'PATCH', `/deals/${lostNow.id}`, { version: 1, stageKey: 'lost', closeReason: '预算' })).statusCode).toBe(200);
    expect((await call(admin, 'PATCH', `/deals/${lostLongAgo.id}`, { version: 1, stageKey: 'lost', closeReason: '预算' })).statusCode).toBe(200);
    await database.withTenant(org.orgId, (tx) =>
      tx.update(deals).set({ closedAt: new Date(clock.now().getTime() - 40 * DAY) }).where(and(eq(deals.orgId, org.orgId), eq(deals.id, lostLongAgo.id))),
    );

    const open = (await call(admin, 'GET', '/deals?status=open')).json();
    // 10 + 20 + 30 (30.1) + 250 (250.25)
    expect(open.totals).toEqual({ count: 4, amount: 1602, weightedAmount: 310 });
    expect((await call(admin, 'GET', '/deals?stageKey=initial_contact&q=C')).json().totals).toEqual({ count: 1, amount: 301, weightedAmount: 30 });
    expect((await call(admin, 'GET', '/deals?closeMonth=2026-04')).json().items.map((d: { name: string }) => d.name)).toEqual(['c']);
    const page1 = (await call(admin, 'GET', '/deals?limit=4')).json();
    const page2 = (await call(admin, 'GET', `/deals?limit=4&cursor=${encodeURIComponent(page1.nextCursor)}`)).json();
    expect(page1.items.length + page2.items.length).toBe(6);
    expect(page2.nextCursor).toBeNull();
    expect(page1.totals.count).toBe(6);
    expect(page2.totals).toBeNull();

    clock.advance(8 * DAY);
    const board = (await call(admin, 'GET', '/deals/board')).json();
    const col = (k: string) => board.columns.find((x: { stageKey: string }) => x.stageKey === k);
    expect(col('initial_contact')).toMatchObject({ count: 3, amount: 601, weightedAmount: 60, hasMore: false });
    expect(col('needs_confirmed')).toMatchObject({ count: 1, amount: 1001, weightedAmount: 250 });
    expect(col('lost')).toMatchObject({ count: 1, amount: 5000 });
    expect(col('lost').deals.map((d: { name: string }) => d.name)).toEqual(['lostNow']);
    expect(col('initial_contact').deals[0]).toMatchObject({ rotting: true, idleDays: 8, accountName: null, ownerName: '管理员' });
    expect(col('lost').deals[0]).toMatchObject({ rotting: false });
    expect((await call(admin, 'GET', '/deals?rotting=true')).json().totals.count).toBe(4);
    // an April close month: open deals expected to close in April
    const april = (await call(admin, 'GET', '/deals/board?closeMonth=2026-04')).json();
    expect(april.columns.map((x: { count: number }) => x.count)).toEqual([1, 0, 0, 0, 0, 0, 0]);
  });
});

describe('deals: historical import waiver', () => {
  it('an admin may waive the criteria (recorded in history and audit); others may not', async () => {
    const { deal, admin, newUser, database, org } = await setupDeals();
    const d = await deal(admin);
    const service = createDealsService({ database, clock: (await warmDeals()).clock });
    const actorOf = (userId: string, key: 'admin' | 'rep'): Actor => ({
      orgId: org.orgId,
      userId,
      displayName: key,
      kind: 'user',
      roleId: org.roleIds[key],
      roleKey: key,
      roleName: key,
      dataScope: key === 'admin' ? 'all' : 'own',
      permissions: SEEDED_ROLES.find((r) => r.key === key)!.permissions,
      fieldMasks: {},
      departmentId: org.rootDepartmentId,
    });
    const ctx = (actor: Actor) => ({ actor, audit: { orgId: org.orgId, actorId: actor.userId, actorKind: 'user' as const, requestId: null }, locale: 'en' as const });
    const rep = await newUser();
    const repDeal = await deal(rep);
    await expect(
      database.withTenant(org.orgId, (tx) => service.changeStageWithin(tx, ctx(actorOf(rep.id, 'rep')), repDeal.id, 'negotiation', { via: 'import', waiveCriteria: true })),
    ).rejects.toMatchObject({ code: 'CRITERIA_WAIVER_FORBIDDEN' });
    const moved = await database.withTenant(org.orgId, (tx) =>
      service.changeStageWithin(tx, ctx(actorOf(admin.id, 'admin')), d.id, 'negotiation', { via: 'import', waiveCriteria: true }),
    );
    expect(moved.stageKey).toBe('negotiation');
    const [history, audit] = await database.withTenant(org.orgId, async (tx) => [
      await tx.select().from(dealStageHistory).where(and(eq(dealStageHistory.orgId, org.orgId), eq(dealStageHistory.dealId, d.id), eq(dealStageHistory.toStage, 'negotiation'))),
      await tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.recordId, d.id), eq(auditEvents.action, 'stage'))),
    ]);
    expect(history[0]).toMatchObject({ via: 'import', criteriaWaived: 1 });
    expect(audit[0]!.changes).toEqual(expect.arrayContaining([{ field: 'criteriaWaived', old: null, new: true }]));
  });
});

describe('deals: movers', () => {
  it('an account merge moves deals and follow-ups; a handover moves the leaver’s open deals only', async () => {
    const { admin, call, account, deal, followUp, newUser } = await setupDeals();
    const target = await account(admin, { name: '保留客户' });
    const source = await account(admin, { name: '被合并客户' });
    const d = await deal(admin, { accountId: source.id });
    expect((await call(admin, 'GET', `/accounts/${source.id}`)).statusCode).toBe(200);
    await followUp(admin, d.id);
    const merged = await call(admin, 'POST', '/accounts/merge', { targetId: target.id, sourceIds: [source.id], fieldChoices: {} });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().moved).toMatchObject({ deals: 1 });
    expect((await call(admin, 'GET', `/deals/${d.id}`)).json()).toMatchObject({ accountId: target.id, accountName: '保留客户' });
    const acts = (await call(admin, 'GET', `/activities?accountId=${target.id}`)).json();
    expect(acts.items.length).toBe(1);

    const leaver = await newUser();
    const receiver = await newUser();
    const open = await deal(leaver, { name: '进行中' });
    const lost = await deal(leaver, { name: '已输单', stageKey: 'lost', closeReason: '预算' });
    const holdings = (await call(admin, 'GET', `/users/${leaver.id}/holdings`)).json();
    expect(holdings.counts.deals).toBe(1);
    const res = await call(admin, 'POST', '/handovers', { fromUserId: leaver.id, to: [{ userId: receiver.id, all: true }], includeContacts: false, includeLeads: false });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().counts).toMatchObject({ deals: 1 });
    expect((await call(admin, 'GET', `/deals/${open.id}`)).json().ownerId).toBe(receiver.id);
    expect((await call(admin, 'GET', `/deals/${lost.id}`)).json().ownerId).toBe(leaver.id);
  });
});
