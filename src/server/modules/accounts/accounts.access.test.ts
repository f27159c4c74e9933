/**
 * Reads of accounts through the access layer: data scopes, shares, field masking (lists, detail, history,
 * API tokens) and tenant isolation.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { accessRepository } from '../../platform/access/access.repository.js';
import { APP_ROLE, type Database } from '../../platform/db/database.js';
import {
  buildTestApp,
  createTestDepartment,
  createTestOrg,
  createTestUser,
  setDepartmentManager,
  signInAs,
  updateTestRole,
  type TestSession,
} from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { createAccount, createTestApiToken, type Headers } from './accounts.testkit.js';

const REP_WITH_DELETE = { accounts: ['view', 'create', 'edit', 'delete'], users: ['view'], departments: ['view'] };

async function listNames(app: FastifyInstance, headers: Headers): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url: '/api/v1/accounts?sort=name&limit=200', headers });
  expect(res.statusCode).toBe(200);
  return (res.json().items as { name: string }[]).map((a) => a.name);
}

/** Creates an account owned by `ownerId` (through the admin, who may assign owners). */
async function accountOf(app: FastifyInstance, admin: TestSession, ownerId: string, name: string, extra: object = {}) {
  return createAccount(app, admin, { name, ownerId, ...extra });
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows;
}

describe('data scope of a 销售代表 (rep, own)', () => {
  it('lists and reads only their own accounts; another rep’s account is 404 on GET, PATCH, DELETE and history', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    await updateTestRole(database, org.orgId, org.roleIds.rep, { permissions: REP_WITH_DELETE });
    const admin = await signInAs(database, org.orgId, org.adminUserId);
    const rep1 = await createTestUser(database, org, { role: 'rep' });
    const rep2 = await createTestUser(database, org, { role: 'rep' });
    const s1 = await signInAs(database, org.orgId, rep1.id);
    const mine = await createAccount(app, s1, { name: '我的客户' });
    const theirs = await accountOf(app, admin, rep2.id, '别人的客户');
    await accountOf(app, admin, org.adminUserId, '管理员的客户');

    expect(await listNames(app, s1.headers)).toEqual(['我的客户']);
    expect((await app.inject({ method: 'GET', url: `/api/v1/accounts/${mine.id}`, headers: s1.headers })).statusCode).toBe(200);
    // filtering by another owner does not widen the scope
    expect((await app.inject({ method: 'GET', url: `/api/v1/accounts?ownerId=${rep2.id}`, headers: s1.headers })).json().items).toEqual([]);

    const base = `/api/v1/accounts/${theirs.id}`;
    const attempts = [
      app.inject({ method: 'GET', url: base, headers: s1.headers }),
      app.inject({ method: 'PATCH', url: base, headers: s1.headers, payload: { name: '改掉', version: 1 } }),
      app.inject({ method: 'DELETE', url: base, headers: s1.headers }),
      app.inject({ method: 'GET', url: `${base}/history`, headers: s1.headers }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ACCOUNT_NOT_FOUND');
    }
    // untouched
    const still = (await app.inject({ method: 'GET', url: base, headers: admin.headers })).json();
    expect(still).toMatchObject({ name: '别人的客户', version: 1, deletedAt: null });
  });
});

describe('data scope of a 销售经理 (manager, department_and_children)', () => {
  it('sees accounts in the department subtree and not in a sibling department', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    const admin = await signInAs(database, org.orgId, org.adminUserId);
    const sales = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId, name: '销售部' });
    const east = await createTestDepartment(database, org.orgId, { parentId: sales, name: '华东' });
    const shanghai = await createTestDepartment(database, org.orgId, { parentId: east, name: '上海' });
    const west = await createTestDepartment(database, org.orgId, { parentId: sales, name: '华西' });
    const manager = await createTestUser(database, org, { role: 'manager', departmentId: east });
    const eastRep = await createTestUser(database, org, { departmentId: east });
    const shanghaiRep = await createTestUser(database, org, { departmentId: shanghai });
    const westRep = await createTestUser(database, org, { departmentId: west });
    await accountOf(app, admin, eastRep.id, 'A-华东');
    await accountOf(app, admin, shanghaiRep.id, 'B-上海');
    const westAccount = await accountOf(app, admin, westRep.id, 'C-华西');
    await accountOf(app, admin, org.adminUserId, 'D-总部');
    const session = await signInAs(database, org.orgId, manager.id);
    expect(await listNames(app, session.headers)).toEqual(['A-华东', 'B-上海']);
    expect((await app.inject({ method: 'GET', url: `/api/v1/accounts/${westAccount.id}`, headers: session.headers })).statusCode).toBe(404);
    // once the west account moves to a rep of the subtree, the manager sees it
    await app.inject({ method: 'POST', url: `/api/v1/accounts/${westAccount.id}/owner`, headers: admin.headers, payload: { ownerId: shanghaiRep.id, version: 1 } });
    expect(await listNames(app, session.headers)).toEqual(['A-华东', 'B-上海', 'C-华西']);
  });

  it('department scope: only the user’s own department', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    const admin = await signInAs(database, org.orgId, org.adminUserId);
    await updateTestRole(database, org.orgId, org.roleIds.manager, { dataScope: 'department' });
    const east = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId });
    const shanghai = await createTestDepartment(database, org.orgId, { parentId: east });
    const manager = await createTestUser(database, org, { role: 'manager', departmentId: east });
    await accountOf(app, admin, (await createTestUser(database, org, { departmentId: east })).id, 'A');
    await accountOf(app, admin, (await createTestUser(database, org, { departmentId: shanghai })).id, 'B');
    const session = await signInAs(database, org.orgId, manager.id);
    expect(await listNames(app, session.headers)).toEqual(['A']);
  });
});

describe('own_and_subordinates and shared records', () => {
  it('sees own accounts and those of users in departments they manage (recursively)', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    const admin = await signInAs(database, org.orgId, org.adminUserId);
    await updateTestRole(database, org.orgId, org.roleIds.manager, { dataScope: 'own_and_subordinates' });
    const team = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId });
    const subTeam = await createTestDepartment(database, org.orgId, { parentId: team });
    const otherTeam = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId });
    // the lead sits in another department than the one they manage
    const lead = await createTestUser(database, org, { role: 'manager', departmentId: otherTeam });
    await setDepartmentManager(database, org.orgId, team, lead.id);
    const member = await createTestUser(database, org, { departmentId: team });
    const subMember = await createTestUser(database, org, { departmentId: subTeam });
    const colleague = await createTestUser(database, org, { departmentId: otherTeam });
    await accountOf(app, admin, lead.id, '1-自己');
    await accountOf(app, admin, member.id, '2-下属');
    await accountOf(app, admin, subMember.id, '3-下属的下属');
    await accountOf(app, admin, colleague.id, '4-同部门同事');
    const session = await signInAs(database, org.orgId, lead.id);
    expect(await listNames(app, session.headers)).toEqual(['1-自己', '2-下属', '3-下属的下属']);
  });

  it('records shared via record_shares are visible whatever the scope (list, detail, history), and editable', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    const admin = await signInAs(database, org.orgId, org.adminUserId);
    const rep = await createTestUser(database, org, { role: 'rep' });
    const other = await createTestUser(database, org, { role: 'rep' });
    const shared = await accountOf(app, admin, other.id, '共享客户');
    await accountOf(app, admin, other.id, '未共享客户');
    const session = await signInAs(database, org.orgId, rep.id);
    expect(await listNames(app, session.headers)).toEqual([]);
    await database.withTenant(org.orgId, (tx) =>
      accessRepository.share(tx, { orgId: org.orgId, objectType: 'accounts', recordId: shared.id, userId: rep.id, role: 'collaborator' }),
    );
    expect(await listNames(app, session.headers)).toEqual(['共享客户']);
    expect((await app.inject({ method: 'GET', url: `/api/v1/accounts/${shared.id}`, headers: session.headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/v1/accounts/${shared.id}/history`, headers: session.headers })).statusCode).toBe(200);
    const edit = await app.inject({ method: 'PATCH', url: `/api/v1/accounts/${shared.id}`, headers: session.headers, payload: { notes: '协作备注', version: 1 } });
    expect(edit.statusCode).toBe(200);
  });
});

describe('field masking', () => {
  async function maskedWorld(mode: 'list' | 'all') {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    await updateTestRole(database, org.orgId, org.roleIds.rep, {
      fieldMasks: { 'accounts.phone': mode },
      permissions: { accounts: ['view', 'create', 'edit'], users: ['view'] },
    });
    const rep = await createTestUser(database, org, { role: 'rep' });
    const session = await signInAs(database, org.orgId, rep.id);
    const account = await createAccount(app, session, { name: '脱敏客户', phone: '13812345678', email: 'a@b.cn' });
    return { database, app, org, rep, session, account };
  }

  it('"list": masked in the list, full in the detail', async () => {
    const { app, session, account } = await maskedWorld('list');
    const list = (await app.inject({ method: 'GET', url: '/api/v1/accounts', headers: session.headers })).json();
    expect(list.items[0]).toMatchObject({ phone: '138****5678', email: 'a@b.cn' });
    const detail = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}`, headers: session.headers })).json();
    expect(detail.phone).toBe('13812345678');
    // a list-masked value sent back as shown does not overwrite the number
    const echo = await app.inject({ method: 'PATCH', url: `/api/v1/accounts/${account.id}`, headers: session.headers, payload: { phone: '138****5678', version: 1 } });
    expect(echo.statusCode).toBe(200);
    expect(echo.json()).toMatchObject({ phone: '13812345678', version: 1 });
  });

  it('"all": masked in list, detail, write responses, history and API-token responses; masked echoes are ignored', async () => {
    const { database, app, org, rep, session, account } = await maskedWorld('all');
    expect(account.phone).toBe('138****5678'); // the create response too
    const list = (await app.inject({ method: 'GET', url: '/api/v1/accounts', headers: session.headers })).json();
    expect(list.items[0].phone).toBe('138****5678');
    const detail = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}`, headers: session.headers })).json();
    expect(detail.phone).toBe('138****5678');

    // sending the whole record back (masked phone included) keeps the real number
    const { id: _id, ownerId: _o, ownerName: _on, departmentId: _d, departmentName: _dn, createdAt: _c, updatedAt: _u, deletedAt: _del, reclaimDueAt: _r, poolId: _p, poolName: _pn, inPool: _ip, tierSource: _ts, ...editable } = detail;
    const echo = await app.inject({ method: 'PATCH', url: `/api/v1/accounts/${account.id}`, headers: session.headers, payload: { ...editable, notes: '改备注' } });
    expect(echo.statusCode).toBe(200);
    expect(echo.json()).toMatchObject({ phone: '138****5678', notes: '改备注', version: 2 });
    // a real new value is a real edit
    const changed = await app.inject({ method: 'PATCH', url: `/api/v1/accounts/${account.id}`, headers: session.headers, payload: { phone: '13987654321', version: 2 } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().phone).toBe('139****4321');

    const adminSession = await signInAs(database, org.orgId, org.adminUserId);
    const real = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}`, headers: adminSession.headers })).json();
    expect(real.phone).toBe('13987654321');

    const history = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}/history`, headers: session.headers })).json();
    const phoneChanges = history.items.flatMap((e: { changes: { field: string }[] }) => e.changes.filter((c) => c.field === 'phone'));
    expect(phoneChanges).toEqual([
      { field: 'phone', old: '138****5678', new: '139****4321' },
      { field: 'phone', old: null, new: '138****5678' },
    ]);
    expect(JSON.stringify(history)).not.toContain('13812345678');
    const adminHistory = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}/history`, headers: adminSession.headers })).json();
    expect(adminHistory.items[0].changes).toContainEqual({ field: 'phone', old: '13812345678', new: '13987654321' });

    // API token (Bearer) of the same user: same masking
    const bearer = await createTestApiToken(database, org.orgId, rep.id, ['accounts:read']);
    const apiList = await app.inject({ method: 'GET', url: '/api/v1/accounts', headers: bearer });
    expect(apiList.statusCode).toBe(200);
    expect(apiList.json().items[0].phone).toBe('139****4321');
    const apiDetail = await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}`, headers: bearer });
    expect(apiDetail.json().phone).toBe('139****4321');
    const apiHistory = await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}/history`, headers: bearer });
    expect(JSON.stringify(apiHistory.json())).not.toMatch(/13987654321|13812345678/);
    // a read-only token cannot write
    const apiWrite = await app.inject({ method: 'PATCH', url: `/api/v1/accounts/${account.id}`, headers: bearer, payload: { notes: 'x', version: 3 } });
    expect(apiWrite.statusCode).toBe(403);
  });
});

describe('tenant isolation', () => {
  async function twoOrgs(database: Database, app: FastifyInstance) {
    const orgA = await createTestOrg(database);
    const orgB = await createTestOrg(database);
    const adminA = await signInAs(database, orgA.orgId, orgA.adminUserId);
    const adminB = await signInAs(database, orgB.orgId, orgB.adminUserId);
    const ofA = await createAccount(app, adminA, { name: 'A 的客户' });
    const ofB = await createAccount(app, adminB, { name: 'B 的客户', phone: '13800000000' });
    const deletedOfB = await createAccount(app, adminB, { name: 'B 的已删除客户' });
    await app.inject({ method: 'DELETE', url: `/api/v1/accounts/${deletedOfB.id}`, headers: adminB.headers });
    return { orgA, orgB, adminA, adminB, ofA, ofB, deletedOfB };
  }

  it('an admin of org A gets 404 for every account of org B on every endpoint, and B’s data is unchanged', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const { orgA, adminA, adminB, ofB, deletedOfB } = await twoOrgs(database, app);
    for (const target of [ofB, deletedOfB]) {
      const base = `/api/v1/accounts/${target.id}`;
      const requests = [
        { method: 'GET', url: base },
        { method: 'PATCH', url: base, payload: { name: '篡改', version: 1 } },
        { method: 'DELETE', url: base },
        { method: 'POST', url: `${base}/restore` },
        { method: 'POST', url: `${base}/owner`, payload: { ownerId: orgA.adminUserId, version: 1 } },
        { method: 'GET', url: `${base}/history` },
      ] as const;
      for (const req of requests) {
        const res = await app.inject({ ...req, headers: adminA.headers });
        expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
        expect(res.json().error.code).toBe('ACCOUNT_NOT_FOUND');
      }
    }
    expect(await listNames(app, adminA.headers)).toEqual(['A 的客户']);
    const bin = (await app.inject({ method: 'GET', url: '/api/v1/accounts?deleted=true', headers: adminA.headers })).json();
    expect(bin.items).toEqual([]);
    const b = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${ofB.id}`, headers: adminB.headers })).json();
    expect(b).toMatchObject({ name: 'B 的客户', version: 1 });
    const hb = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${ofB.id}/history`, headers: adminB.headers })).json();
    expect(hb.items.map((e: { action: string }) => e.action)).toEqual(['create']);
  });

  it('RLS: a query without WHERE inside withTenant(A) sees no row of B, as luodi_app', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const { orgA, orgB, ofA, ofB } = await twoOrgs(database, app);
    await database.withTenant(orgA.orgId, async (tx) => {
      const rows = rowsOf(await tx.execute(sql`select * from accounts`));
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.every((r) => r.org_id === orgA.orgId)).toBe(true);
      expect(rows.map((r) => r.id)).toContain(ofA.id);
      expect(rows.map((r) => r.id)).not.toContain(ofB.id);
      const events = rowsOf(await tx.execute(sql`select * from audit_events`));
      expect(events.some((e) => e.org_id === orgB.orgId)).toBe(false);
      const [who] = rowsOf(await tx.execute(sql`select current_user as u`));
      expect(who!.u).toBe(APP_ROLE);
      expect(APP_ROLE).toBe('luodi_app');
    });
  });

  it('RLS also blocks writes into another organization', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const { orgA, orgB } = await twoOrgs(database, app);
    await expect(
      database.withTenant(orgA.orgId, (tx) => tx.execute(sql`insert into accounts (org_id, id, name) values (${orgB.orgId}, ${randomUUID()}, 'x')`)),
    ).rejects.toThrow();
    await database.withTenant(orgA.orgId, async (tx) => {
      const res = rowsOf(await tx.execute(sql`update accounts set name = 'hacked' where org_id = ${orgB.orgId} returning id`));
      expect(res).toEqual([]);
    });
  });
});
