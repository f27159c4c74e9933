import { randomUUID } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SEEDED_ROLES } from '../../../core/access/defaultRoles.js';
import type { Actor } from '../../platform/auth/actor.js';
import { accounts, auditEvents, contacts, leads, users } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestDepartment, createTestOrg, createTestUser, signInAs, type TestSession } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { handoverMovers, type HandoverMover } from './handover.movers.js';
import { createHandoverService } from './handover.service.js';

const T0 = new Date('2026-03-02T02:00:00.000Z');

async function setup() {
  const database = await getTestDatabase();
  const clock = new ManualClock(T0);
  const app = await buildTestApp(database, { clock });
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = (session: TestSession, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...session.headers, 'accept-language': 'en' }, payload: payload as never });
  return { database, clock, app, org, admin, call };
}

/** `n` customers of `ownerId` (+ one contact on each of the first `withContacts`, `standalone` contacts, `nLeads` leads), inserted in bulk. */
async function seedHoldings(
  database: Awaited<ReturnType<typeof getTestDatabase>>,
  orgId: string,
  owner: { id: string; departmentId: string },
  n: { accounts: number; withContacts: number; standalone: number; leads: number },
) {
  const accountIds = Array.from({ length: n.accounts }, () => randomUUID());
  await database.withTenant(orgId, async (tx) => {
    const base = { orgId, ownerId: owner.id, departmentId: owner.departmentId, createdAt: T0, updatedAt: T0, ownerAssignedAt: T0 };
    for (let i = 0; i < accountIds.length; i += 500) {
      await tx.insert(accounts).values(accountIds.slice(i, i + 500).map((id, j) => ({ ...base, id, name: `交接客户-${i + j}` })));
    }
    const contactRows = [
      ...accountIds.slice(0, n.withContacts).map((accountId, i) => ({ ...base, id: randomUUID(), accountId, name: `联系人-${i}` })),
      ...Array.from({ length: n.standalone }, (_, i) => ({ ...base, id: randomUUID(), accountId: null, name: `散联系人-${i}` })),
    ].map(({ ownerAssignedAt: _o, ...r }) => r);
    if (contactRows.length) await tx.insert(contacts).values(contactRows);
    const leadRows = Array.from({ length: n.leads }, (_, i) => ({ orgId, id: randomUUID(), ownerId: owner.id, departmentId: owner.departmentId, name: `线索-${i}` }));
    if (leadRows.length) await tx.insert(leads).values(leadRows);
  });
  return accountIds;
}

async function ownedCount(database: Awaited<ReturnType<typeof getTestDatabase>>, orgId: string, userId: string) {
  return database.withTenant(orgId, async (tx) => {
    const one = async (t: typeof accounts | typeof contacts | typeof leads) =>
      Number((await tx.select({ n: count() }).from(t).where(and(eq(t.orgId, orgId), eq(t.ownerId, userId), isNull(t.deletedAt))))[0]!.n);
    return { accounts: await one(accounts), contacts: await one(contacts), leads: await one(leads) };
  });
}

describe(`handover (离职交接) on ${testDatabaseKind()}`, () => {
  it('hands over 1,000 customers with contacts and leads in one transaction; a failure midway moves nothing', async () => {
    const { database, clock, org, admin, call } = await setup();
    const east = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId, name: '华东' });
    const west = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId, name: '华西' });
    const leaver = await createTestUser(database, org, { role: 'rep', departmentId: east, displayName: '离职者' });
    const r1 = await createTestUser(database, org, { role: 'rep', departmentId: east, displayName: '接收一' });
    const r2 = await createTestUser(database, org, { role: 'rep', departmentId: west, displayName: '接收二' });
    const ids = await seedHoldings(database, org.orgId, { id: leaver.id, departmentId: east }, { accounts: 1000, withContacts: 300, standalone: 20, leads: 50 });
    expect((await call(admin, 'GET', `/users/${leaver.id}/holdings`)).json()).toEqual({
      userId: leaver.id,
      counts: { accounts: 1000, contacts: 320, leads: 50, deals: 0 },
      total: 1370,
    });

    // 1. a failure injected after accounts and contacts moved: the whole handover rolls back
    const failing: HandoverMover = { ...handoverMovers[2]!, move: async () => { throw new Error('injected failure'); } };
    const actor: Actor = {
      orgId: org.orgId,
      userId: org.adminUserId,
      displayName: '管理员',
      kind: 'user',
      roleId: org.roleIds.admin,
      roleKey: 'admin',
      roleName: '管理员',
      dataScope: 'all',
      permissions: SEEDED_ROLES.find((r) => r.key === 'admin')!.permissions,
      fieldMasks: {},
      departmentId: org.rootDepartmentId,
    };
    const broken = createHandoverService({ database, clock, movers: [handoverMovers[0]!, handoverMovers[1]!, failing] });
    await expect(
      broken.create(
        { actor, audit: { orgId: org.orgId, actorId: actor.userId, actorKind: 'user', requestId: null }, locale: 'en' },
        { fromUserId: leaver.id, to: [{ userId: r2.id, all: true }], includeContacts: true, includeLeads: true },
      ),
    ).rejects.toThrow('injected failure');
    expect(await ownedCount(database, org.orgId, leaver.id)).toEqual({ accounts: 1000, contacts: 320, leads: 50 });
    const transfers = await database.withTenant(org.orgId, async (tx) =>
      Number((await tx.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.action, 'transfer'))))[0]!.n),
    );
    expect(transfers).toBe(0);

    // 2. the real one: 100 picked customers to r1, the rest (and leads, standalone contacts) to r2
    clock.advance(60_000);
    const picked = ids.slice(0, 100);
    const started = performance.now();
    const res = await call(admin, 'POST', '/handovers', {
      fromUserId: leaver.id,
      to: [
        { userId: r1.id, accountIds: picked },
        { userId: r2.id, all: true },
      ],
      includeContacts: true,
      includeLeads: true,
      reason: '离职',
    });
    const elapsed = Math.round(performance.now() - started);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    console.info(`[handover] ${testDatabaseKind()}: 1,000 customers + 320 contacts + 50 leads in ${body.durationMs} ms (transaction), ${elapsed} ms (HTTP)`);
    expect(body).toMatchObject({ fromUserId: leaver.id, fromUserName: '离职者', reason: '离职', counts: { accounts: 1000, contacts: 320, leads: 50 } });
    expect(body.byReceiver).toEqual(
      expect.arrayContaining([
        { userId: r1.id, userName: '接收一', counts: { accounts: 100, contacts: 100 } },
        { userId: r2.id, userName: '接收二', counts: { accounts: 900, contacts: 220, leads: 50 } },
      ]),
    );
    expect(body.durationMs).toBeLessThan(20_000);
    expect(await ownedCount(database, org.orgId, leaver.id)).toEqual({ accounts: 0, contacts: 0, leads: 0 });
    expect(await ownedCount(database, org.orgId, r1.id)).toEqual({ accounts: 100, contacts: 100, leads: 0 });

    // history: previous owner recorded, transfer event old → new owner, department follows the receiver
    const moved = (await call(admin, 'GET', `/accounts/${ids[500]}`)).json();
    expect(moved).toMatchObject({ ownerId: r2.id, departmentId: west, reclaimDueAt: new Date(T0.getTime() + 60_000 + 30 * 86_400_000).toISOString() });
    const prev = await database.withTenant(org.orgId, (tx) =>
      tx.select({ p: accounts.previousOwnerId }).from(accounts).where(and(eq(accounts.orgId, org.orgId), eq(accounts.id, ids[500]!))),
    );
    expect(prev[0]!.p).toBe(leaver.id);
    const history = (await call(admin, 'GET', `/accounts/${ids[0]}/history`)).json().items;
    expect(history[0]).toMatchObject({ action: 'transfer', actorId: org.adminUserId });
    expect(history[0].changes).toContainEqual({ field: 'ownerId', old: leaver.id, new: r1.id, oldLabel: '离职者', newLabel: '接收一' });

    // one notification per receiver, with the counts
    const r2Notes = (await call(await signInAs(database, org.orgId, r2.id), 'GET', '/notifications')).json().items;
    expect(r2Notes).toHaveLength(1);
    expect(r2Notes[0]).toMatchObject({ kind: 'handover.received', title: '离职者 的工作已交接给你', body: '900 个客户、220 个联系人、50 条线索' });

    const list = (await call(admin, 'GET', `/handovers?fromUserId=${leaver.id}`)).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: body.id, counts: { accounts: 1000, contacts: 320, leads: 50, deals: 0 }, createdByName: '管理员' });
  });

  it('refuses to deactivate a user who still owns records, until they are handed over', async () => {
    const { database, org, admin, call, app } = await setup();
    const leaver = await createTestUser(database, org, { role: 'rep' });
    const receiver = await createTestUser(database, org, { role: 'rep' });
    await seedHoldings(database, org.orgId, { id: leaver.id, departmentId: org.rootDepartmentId }, { accounts: 3, withContacts: 1, standalone: 0, leads: 2 });

    const refused = await call(admin, 'PATCH', `/users/${leaver.id}`, { status: 'inactive', version: 1 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'HANDOVER_REQUIRED',
      message: 'This user still owns 3 customers, 1 contacts, 2 leads and 0 open deals; hand them over before deactivating the user',
    });
    const zh = await app.inject({ method: 'PATCH', url: `/api/v1/users/${leaver.id}`, headers: { ...admin.headers, 'accept-language': 'zh-CN' }, payload: { status: 'inactive', version: 1 } });
    expect(zh.json().error.message).toBe('该用户仍负责 3 个客户、1 个联系人、2 条线索、0 个进行中的商机，请先办理离职交接再停用');
    const done = await call(admin, 'POST', '/handovers', { fromUserId: leaver.id, to: [{ userId: receiver.id, all: true }], reason: '离职' });
    expect(done.statusCode, done.body).toBe(201);
    const ok = await call(admin, 'PATCH', `/users/${leaver.id}`, { status: 'inactive', version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    const status = await database.withTenant(org.orgId, (tx) => tx.select({ s: users.status }).from(users).where(and(eq(users.orgId, org.orgId), eq(users.id, leaver.id))));
    expect(status[0]!.s).toBe('inactive');
  });

  it('validates receivers and picks, and limits managers to their scope', async () => {
    const { database, org, admin, call } = await setup();
    const east = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId, name: '华东' });
    const west = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId, name: '华西' });
    const leaver = await createTestUser(database, org, { role: 'rep', departmentId: west });
    const other = await createTestUser(database, org, { role: 'rep', departmentId: west });
    const [mine] = await seedHoldings(database, org.orgId, { id: leaver.id, departmentId: west }, { accounts: 1, withContacts: 0, standalone: 0, leads: 0 });
    const [notMine] = await seedHoldings(database, org.orgId, { id: other.id, departmentId: west }, { accounts: 1, withContacts: 0, standalone: 0, leads: 0 });

    const notOwned = await call(admin, 'POST', '/handovers', { fromUserId: leaver.id, to: [{ userId: other.id, accountIds: [mine, notMine] }] });
    expect(notOwned.json().error.code).toBe('ACCOUNTS_NOT_OWNED');
    const self = await call(admin, 'POST', '/handovers', { fromUserId: leaver.id, to: [{ userId: leaver.id, all: true }] });
    expect(self.json().error.code).toBe('RECEIVER_INVALID');
    const twoAll = await call(admin, 'POST', '/handovers', { fromUserId: leaver.id, to: [{ userId: other.id, all: true }, { userId: org.adminUserId, all: true }] });
    expect(twoAll.json().error.code).toBe('MORE_THAN_ONE_ALL');

    // a manager of another department may not hand over this user; a rep may not at all
    const eastManager = await createTestUser(database, org, { role: 'manager', departmentId: east });
    const res = await call(await signInAs(database, org.orgId, eastManager.id), 'POST', '/handovers', { fromUserId: leaver.id, to: [{ userId: other.id, all: true }] });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const rep = await call(await signInAs(database, org.orgId, other.id), 'POST', '/handovers', { fromUserId: leaver.id, to: [{ userId: other.id, all: true }] });
    expect(rep.statusCode).toBe(403);
    // the manager of the user's department may
    const westManager = await createTestUser(database, org, { role: 'manager', departmentId: west });
    const ok = await call(await signInAs(database, org.orgId, westManager.id), 'POST', '/handovers', { fromUserId: leaver.id, to: [{ userId: other.id, all: true }] });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
