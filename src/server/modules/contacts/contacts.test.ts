/**
 * Contacts over HTTP: CRUD with validation, version conflicts, the account link, history; data scope,
 * masking (list, detail, history, Bearer API) and tenant isolation.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/deps.js';
import {
  buildTestApp,
  createTestDepartment,
  createTestOrg,
  createTestUser,
  signInAs,
  updateTestRole,
  type TestSession,
} from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { createAccount, createTestApiToken, headersOf, type Headers } from '../accounts/accounts.testkit.js';

async function setup() {
  const database = await getTestDatabase();
  const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
  const app = await buildTestApp(database, { clock });
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  return { database, clock, app, org, admin };
}

async function createContact(app: FastifyInstance, session: TestSession | Headers, body: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/contacts', headers: headersOf(session), payload: { name: `联系人-${randomUUID().slice(0, 6)}`, ...body } });
  if (res.statusCode !== 201) throw new Error(`create contact failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number } & Record<string, unknown>;
}

async function listNames(app: FastifyInstance, headers: Headers, query = ''): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/contacts?sort=name&limit=200${query}`, headers });
  expect(res.statusCode).toBe(200);
  return (res.json().items as { name: string }[]).map((c) => c.name);
}

describe('contacts: create, edit, delete, restore, transfer, history', () => {
  it('round-trips every write, normalises formats, links the account and records history with labels', async () => {
    const { database, clock, app, org, admin } = await setup();
    const east = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId, name: '华东' });
    const rep = await createTestUser(database, org, { role: 'rep', departmentId: east, displayName: '王五' });
    const account = await createAccount(app, admin, { name: '上海落地科技有限公司', ownerId: rep.id });

    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: admin.headers,
      payload: {
        name: '  张三  ',
        title: '采购经理',
        mobile: '+86 138-1234-5678',
        phone: '021 12345678',
        email: 'Zhang@Luodi.CN',
        wechat: 'zhangsan',
        notes: '关键人',
        isPrimary: true,
        accountId: account.id,
        externalId: 'c-001',
      },
    });
    expect(res.statusCode).toBe(201);
    const contact = res.json();
    expect(contact).toMatchObject({
      name: '张三',
      mobile: '13812345678',
      phone: '021-12345678',
      email: 'zhang@luodi.cn',
      isPrimary: true,
      accountId: account.id,
      accountName: '上海落地科技有限公司',
      // owner defaults to the account's owner, department follows the owner
      ownerId: rep.id,
      ownerName: '王五',
      departmentId: east,
      externalId: 'c-001',
      customFields: {},
      createdAt: '2026-03-01T08:00:00.000Z',
      version: 1,
    });
    expect((await app.inject({ method: 'GET', url: `/api/v1/contacts/${contact.id}`, headers: admin.headers })).json()).toEqual(contact);

    // a second primary contact takes the flag from the first
    const second = await createContact(app, admin, { name: '李四', accountId: account.id, isPrimary: true });
    expect(second.isPrimary).toBe(true);
    const first = (await app.inject({ method: 'GET', url: `/api/v1/contacts/${contact.id}`, headers: admin.headers })).json();
    expect(first).toMatchObject({ isPrimary: false, version: 2 });

    // the account's contacts
    const ofAccount = await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}/contacts?sort=name`, headers: admin.headers });
    expect(ofAccount.statusCode).toBe(200);
    expect(ofAccount.json().items.map((c: { name: string }) => c.name)).toEqual(['张三', '李四'].sort());
    expect(await listNames(app, admin.headers, `&accountId=${account.id}&q=${encodeURIComponent('张')}`)).toEqual(['张三']);

    clock.advance(60_000);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${contact.id}`,
      headers: admin.headers,
      payload: { title: '总监', mobile: '139 8765 4321', notes: null, accountId: null, version: 2 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ title: '总监', mobile: '13987654321', notes: null, accountId: null, accountName: null, version: 3, updatedAt: '2026-03-01T08:01:00.000Z' });

    // stale version
    const stale = await app.inject({ method: 'PATCH', url: `/api/v1/contacts/${contact.id}`, headers: admin.headers, payload: { title: 'x', version: 2 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');

    const moved = await app.inject({ method: 'POST', url: `/api/v1/contacts/${contact.id}/owner`, headers: admin.headers, payload: { ownerId: org.adminUserId, version: 3 } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ ownerId: org.adminUserId, departmentId: org.rootDepartmentId, version: 4 });

    expect((await app.inject({ method: 'DELETE', url: `/api/v1/contacts/${contact.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect(await listNames(app, admin.headers)).toEqual(['李四']);
    const bin = (await app.inject({ method: 'GET', url: '/api/v1/contacts?deleted=true', headers: admin.headers })).json();
    expect(bin.items.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    const restored = await app.inject({ method: 'POST', url: `/api/v1/contacts/${contact.id}/restore`, headers: admin.headers });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();

    const history = (await app.inject({ method: 'GET', url: `/api/v1/contacts/${contact.id}/history`, headers: admin.headers })).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['restore', 'delete', 'transfer', 'update', 'update', 'create']);
    const transfer = history.items[2].changes;
    expect(transfer).toContainEqual({ field: 'ownerId', old: rep.id, new: org.adminUserId, oldLabel: '王五', newLabel: '管理员' });
    const unlink = history.items[3].changes;
    expect(unlink).toContainEqual({ field: 'accountId', old: account.id, new: null, oldLabel: '上海落地科技有限公司', newLabel: null });
    expect(unlink).toContainEqual({ field: 'mobile', old: '13812345678', new: '13987654321' });
    expect(history.items[4].changes).toEqual([{ field: 'isPrimary', old: true, new: false }]);
  });

  it('reports invalid fields by name in the request language, and rejects accounts the actor cannot see', async () => {
    const { database, app, org, admin } = await setup();
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...admin.headers, 'accept-language': 'en' },
      payload: { name: '张三', mobile: '12345', phone: 'abc', email: 'x@' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['mobile', 'phone', 'email']);
    expect(bad.json().error.fields[2].message).toBe('must be a valid email address');

    const missing = await app.inject({ method: 'POST', url: '/api/v1/contacts', headers: admin.headers, payload: { mobile: '13812345678' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.map((f: { field: string }) => f.field)).toContain('name');

    const rep = await createTestUser(database, org, { role: 'rep' });
    const repSession = await signInAs(database, org.orgId, rep.id);
    const notMine = await createAccount(app, admin, { name: '别人的客户' });
    const res = await app.inject({ method: 'POST', url: '/api/v1/contacts', headers: repSession.headers, payload: { name: '王五', accountId: notMine.id } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ field: 'accountId', message: '客户不存在或无权查看' }]);
    const noAccount = await app.inject({ method: 'GET', url: `/api/v1/accounts/${notMine.id}/contacts`, headers: repSession.headers });
    expect(noAccount.statusCode).toBe(404);
    expect(noAccount.json().error.code).toBe('ACCOUNT_NOT_FOUND');

    // a rep may not assign a contact to someone else; external ids are unique
    const other = await app.inject({ method: 'POST', url: '/api/v1/contacts', headers: repSession.headers, payload: { name: 'x', ownerId: org.adminUserId } });
    expect(other.statusCode).toBe(403);
    await createContact(app, admin, { externalId: 'dup-1' });
    const dup = await app.inject({ method: 'POST', url: '/api/v1/contacts', headers: admin.headers, payload: { name: 'y', externalId: 'dup-1' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0].field).toBe('externalId');
  });

  it('cursor pagination walks every contact once', async () => {
    const { app, admin } = await setup();
    for (let i = 0; i < 7; i++) await createContact(app, admin, { name: `C${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/contacts?sort=name&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app.inject({ method: 'GET', url, headers: admin.headers })).json();
      seen.push(...page.items.map((c: { name: string }) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['C0', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/contacts?cursor=abc', headers: admin.headers });
    expect(bad.statusCode).toBe(400);
  });
});

describe('contacts: data scope and masking', () => {
  it('a rep sees only own contacts; a manager sees the department subtree; others are 404 everywhere', async () => {
    const { database, app, org, admin } = await setup();
    const sales = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId });
    const east = await createTestDepartment(database, org.orgId, { parentId: sales });
    const west = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId });
    const manager = await createTestUser(database, org, { role: 'manager', departmentId: sales });
    const rep1 = await createTestUser(database, org, { role: 'rep', departmentId: east });
    const rep2 = await createTestUser(database, org, { role: 'rep', departmentId: west });
    const s1 = await signInAs(database, org.orgId, rep1.id);
    const mine = await createContact(app, s1, { name: 'A-我的' });
    const theirs = await createContact(app, admin, { name: 'B-别人的', ownerId: rep2.id });
    await createContact(app, admin, { name: 'C-管理员的' });

    expect(await listNames(app, s1.headers)).toEqual(['A-我的']);
    expect(mine.ownerId).toBe(rep1.id);
    const base = `/api/v1/contacts/${theirs.id}`;
    for (const res of await Promise.all([
      app.inject({ method: 'GET', url: base, headers: s1.headers }),
      app.inject({ method: 'PATCH', url: base, headers: s1.headers, payload: { name: '改', version: 1 } }),
      app.inject({ method: 'GET', url: `${base}/history`, headers: s1.headers }),
    ])) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('CONTACT_NOT_FOUND');
    }
    // a rep cannot delete (no permission), whatever the record
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/contacts/${mine.id}`, headers: s1.headers })).statusCode).toBe(403);

    const m = await signInAs(database, org.orgId, manager.id);
    expect(await listNames(app, m.headers)).toEqual(['A-我的']);
    expect((await app.inject({ method: 'GET', url: base, headers: m.headers })).statusCode).toBe(404);
  });

  it('contacts.mobile masked: "list" masks lists only; "all" masks list, detail, history and Bearer API, and ignores masked echoes', async () => {
    const { database, app, org } = await setup();
    await updateTestRole(database, org.orgId, org.roleIds.rep, {
      fieldMasks: { 'contacts.mobile': 'list' },
      permissions: { contacts: ['view', 'create', 'edit'], accounts: ['view'], users: ['view'] },
    });
    await updateTestRole(database, org.orgId, org.roleIds.manager, {
      fieldMasks: { 'contacts.mobile': 'all' },
      permissions: { contacts: ['view', 'create', 'edit'], accounts: ['view'], users: ['view'] },
      dataScope: 'own',
    });
    const listRep = await createTestUser(database, org, { role: 'rep' });
    const ls = await signInAs(database, org.orgId, listRep.id);
    const c1 = await createContact(app, ls, { name: '甲', mobile: '13812345678' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/contacts', headers: ls.headers })).json().items[0].mobile).toBe('138****5678');
    expect((await app.inject({ method: 'GET', url: `/api/v1/contacts/${c1.id}`, headers: ls.headers })).json().mobile).toBe('13812345678');

    const allUser = await createTestUser(database, org, { role: 'manager' });
    const as = await signInAs(database, org.orgId, allUser.id);
    // the same number as 甲's: the duplicate warning is acknowledged
    const c2 = await createContact(app, as, { name: '乙', mobile: '13812345678', acknowledgeDuplicates: true });
    expect(c2.mobile).toBe('138****5678');
    expect((await app.inject({ method: 'GET', url: '/api/v1/contacts', headers: as.headers })).json().items[0].mobile).toBe('138****5678');
    const detail = (await app.inject({ method: 'GET', url: `/api/v1/contacts/${c2.id}`, headers: as.headers })).json();
    expect(detail.mobile).toBe('138****5678');
    const echo = await app.inject({ method: 'PATCH', url: `/api/v1/contacts/${c2.id}`, headers: as.headers, payload: { mobile: '138****5678', notes: '备注', version: 1 } });
    expect(echo.statusCode).toBe(200);
    const changed = await app.inject({ method: 'PATCH', url: `/api/v1/contacts/${c2.id}`, headers: as.headers, payload: { mobile: '13987654321', version: 2 } });
    expect(changed.json().mobile).toBe('139****4321');
    const admin = await signInAs(database, org.orgId, org.adminUserId);
    expect((await app.inject({ method: 'GET', url: `/api/v1/contacts/${c2.id}`, headers: admin.headers })).json().mobile).toBe('13987654321');
    const history = (await app.inject({ method: 'GET', url: `/api/v1/contacts/${c2.id}/history`, headers: as.headers })).json();
    expect(JSON.stringify(history)).not.toMatch(/13812345678|13987654321/);
    expect(history.items[0].changes).toEqual([{ field: 'mobile', old: '138****5678', new: '139****4321' }]);

    const bearer = await createTestApiToken(database, org.orgId, allUser.id, ['contacts:read']);
    const apiList = await app.inject({ method: 'GET', url: '/api/v1/contacts', headers: bearer });
    expect(apiList.statusCode).toBe(200);
    expect(apiList.json().items[0].mobile).toBe('139****4321');
    expect((await app.inject({ method: 'GET', url: `/api/v1/contacts/${c2.id}`, headers: bearer })).json().mobile).toBe('139****4321');
    expect(JSON.stringify((await app.inject({ method: 'GET', url: `/api/v1/contacts/${c2.id}/history`, headers: bearer })).json())).not.toMatch(/13987654321/);
    expect((await app.inject({ method: 'PATCH', url: `/api/v1/contacts/${c2.id}`, headers: bearer, payload: { notes: 'x', version: 3 } })).statusCode).toBe(403);
  });
});

describe('contacts: tenant isolation', () => {
  it('an admin of org A gets 404 for org B’s contacts on every endpoint', async () => {
    const { database, app, admin: adminA, org: orgA } = await setup();
    const orgB = await createTestOrg(database);
    const adminB = await signInAs(database, orgB.orgId, orgB.adminUserId);
    const accountB = await createAccount(app, adminB, { name: 'B 的客户' });
    const ofB = await createContact(app, adminB, { name: 'B 的联系人', accountId: accountB.id });
    const base = `/api/v1/contacts/${ofB.id}`;
    for (const req of [
      { method: 'GET', url: base },
      { method: 'PATCH', url: base, payload: { name: '篡改', version: 1 } },
      { method: 'DELETE', url: base },
      { method: 'POST', url: `${base}/restore` },
      { method: 'POST', url: `${base}/owner`, payload: { ownerId: orgA.adminUserId, version: 1 } },
      { method: 'GET', url: `${base}/history` },
    ] as const) {
      const res = await app.inject({ ...req, headers: adminA.headers });
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
      expect(res.json().error.code).toBe('CONTACT_NOT_FOUND');
    }
    expect((await app.inject({ method: 'GET', url: `/api/v1/accounts/${accountB.id}/contacts`, headers: adminA.headers })).statusCode).toBe(404);
    const link = await app.inject({ method: 'POST', url: '/api/v1/contacts', headers: adminA.headers, payload: { name: 'x', accountId: accountB.id } });
    expect(link.statusCode).toBe(400);
    expect(await listNames(app, adminA.headers)).toEqual([]);
    expect((await app.inject({ method: 'GET', url: base, headers: adminB.headers })).json()).toMatchObject({ name: 'B 的联系人', version: 1 });
  });
});

describe('contacts: custom fields', () => {
  it('validates, stores, filters and audits custom field values', async () => {
    const { app, admin } = await setup();
    const def = await app.inject({
      method: 'POST',
      url: '/api/v1/custom-fields',
      headers: admin.headers,
      payload: { objectType: 'contacts', key: 'hobby', labelZh: '爱好', labelEn: 'Hobby', type: 'text', required: true },
    });
    expect(def.statusCode, def.body).toBe(201);
    const missing = await app.inject({ method: 'POST', url: '/api/v1/contacts', headers: admin.headers, payload: { name: '甲' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['customFields.hobby']);
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/contacts', headers: admin.headers, payload: { name: '甲', customFields: { hobby: '钓鱼', nope: 1 } } });
    expect(unknown.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['customFields.nope']);

    const c = await createContact(app, admin, { name: '甲', customFields: { hobby: '钓鱼' } });
    expect(c.customFields).toEqual({ hobby: '钓鱼' });
    await createContact(app, admin, { name: '乙', customFields: { hobby: '登山' } });
    const filtered = (await app.inject({ method: 'GET', url: `/api/v1/contacts?cf.hobby=${encodeURIComponent('钓鱼')}`, headers: admin.headers })).json();
    expect(filtered.items.map((x: { name: string }) => x.name)).toEqual(['甲']);

    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/contacts/${c.id}`, headers: admin.headers, payload: { customFields: { hobby: '围棋' }, version: 1 } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ customFields: { hobby: '围棋' }, version: 2 });
    const history = (await app.inject({ method: 'GET', url: `/api/v1/contacts/${c.id}/history`, headers: admin.headers })).json();
    expect(history.items[0].changes).toEqual([{ field: 'customFields.hobby', old: '钓鱼', new: '围棋' }]);
    expect(history.items[1].changes).toContainEqual({ field: 'customFields.hobby', old: null, new: '钓鱼' });
  });
});
