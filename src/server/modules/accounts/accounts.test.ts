import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import {
  buildTestApp,
  createTestDepartment,
  createTestOrg,
  createTestUser,
  signInAs,
  updateTestRole,
} from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { createAccount } from './accounts.testkit.js';

async function setup() {
  const database = await getTestDatabase();
  const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
  const app = await buildTestApp(database, { clock });
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  return { database, clock, app, org, admin };
}

type History = { items: { id: string; action: string; actorId: string | null; actorName: string | null; changes: { field: string; old: unknown; new: unknown }[] }[]; nextBefore: string | null };

describe('accounts: create, edit, delete, restore, transfer', () => {
  it('round-trips every write and records each in the history with field-level changes', async () => {
    const { database, clock, app, org, admin } = await setup();
    const east = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId, name: '华东' });
    const rep = await createTestUser(database, org, { role: 'rep', departmentId: east, displayName: '王五' });
    const url = '/api/v1/accounts';

    const created = await app.inject({
      method: 'POST',
      url,
      headers: admin.headers,
      payload: {
        name: '  上海落地科技有限公司  ',
        creditCode: '91310000 MA1K4ABC2X',
        phone: '+86 138-1234-5678',
        email: 'Sales@Luodi.CN',
        industry: '软件',
        address: '上海市浦东新区',
        website: 'https://luodi.cn',
        notes: '重点客户',
        externalId: 'crm-001',
      },
    });
    expect(created.statusCode).toBe(201);
    const account = created.json();
    expect(account).toMatchObject({
      name: '上海落地科技有限公司',
      creditCode: '91310000MA1K4ABC2X',
      phone: '13812345678',
      email: 'sales@luodi.cn',
      ownerId: org.adminUserId,
      ownerName: '管理员',
      departmentId: org.rootDepartmentId,
      externalId: 'crm-001',
      createdAt: '2026-03-01T08:00:00.000Z',
      deletedAt: null,
      version: 1,
    });

    const got = await app.inject({ method: 'GET', url: `${url}/${account.id}`, headers: admin.headers });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(account);

    clock.advance(60_000);
    const patched = await app.inject({
      method: 'PATCH',
      url: `${url}/${account.id}`,
      headers: admin.headers,
      payload: { name: '落地科技', phone: '021 12345678', notes: null, version: 1 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: '落地科技', phone: '021-12345678', notes: null, version: 2, updatedAt: '2026-03-01T08:01:00.000Z' });

    const transferred = await app.inject({
      method: 'POST',
      url: `${url}/${account.id}/owner`,
      headers: admin.headers,
      payload: { ownerId: rep.id, version: 2 },
    });
    expect(transferred.statusCode).toBe(200);
    expect(transferred.json()).toMatchObject({ ownerId: rep.id, ownerName: '王五', departmentId: east, departmentName: '华东', version: 3 });

    const deleted = await app.inject({ method: 'DELETE', url: `${url}/${account.id}`, headers: admin.headers });
    expect(deleted.statusCode).toBe(204);
    const list = await app.inject({ method: 'GET', url, headers: admin.headers });
    expect(list.json().items.map((a: { id: string }) => a.id)).not.toContain(account.id);
    const bin = await app.inject({ method: 'GET', url: `${url}?deleted=true`, headers: admin.headers });
    expect(bin.json().items).toEqual([expect.objectContaining({ id: account.id, deletedAt: '2026-03-01T08:01:00.000Z' })]);
    // the detail of a deleted account stays readable for who may restore it, but it cannot be edited
    const deletedDetail = await app.inject({ method: 'GET', url: `${url}/${account.id}`, headers: admin.headers });
    expect(deletedDetail.json().deletedAt).toBe('2026-03-01T08:01:00.000Z');
    const editDeleted = await app.inject({ method: 'PATCH', url: `${url}/${account.id}`, headers: admin.headers, payload: { name: 'x', version: 4 } });
    expect(editDeleted.statusCode).toBe(404);

    const restored = await app.inject({ method: 'POST', url: `${url}/${account.id}/restore`, headers: admin.headers, payload: {} });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ deletedAt: null, version: 5 });
    // restoring a live account is a no-op
    const again = await app.inject({ method: 'POST', url: `${url}/${account.id}/restore`, headers: admin.headers });
    expect(again.statusCode).toBe(200);
    expect(again.json().version).toBe(5);

    const history = await app.inject({ method: 'GET', url: `${url}/${account.id}/history`, headers: admin.headers });
    expect(history.statusCode).toBe(200);
    const h = history.json() as History;
    expect(h.items.map((e) => e.action)).toEqual(['restore', 'delete', 'transfer', 'update', 'create']);
    expect(h.items.every((e) => e.actorId === org.adminUserId && e.actorName === '管理员')).toBe(true);
    const [restoreEv, deleteEv, transferEv, updateEv, createEv] = h.items;
    expect(updateEv!.changes).toEqual([
      { field: 'name', old: '上海落地科技有限公司', new: '落地科技' },
      { field: 'phone', old: '13812345678', new: '021-12345678' },
      { field: 'notes', old: '重点客户', new: null },
    ]);
    // ids come with the names a person reads in the history panel
    expect(transferEv!.changes).toEqual([
      { field: 'ownerId', old: org.adminUserId, new: rep.id, oldLabel: '管理员', newLabel: '王五' },
      { field: 'departmentId', old: org.rootDepartmentId, new: east, oldLabel: org.name, newLabel: '华东' },
    ]);
    expect(deleteEv!.changes).toEqual([{ field: 'deletedAt', old: null, new: '2026-03-01T08:01:00.000Z' }]);
    expect(restoreEv!.changes).toEqual([{ field: 'deletedAt', old: '2026-03-01T08:01:00.000Z', new: null }]);
    expect(createEv!.changes).toContainEqual({ field: 'name', old: null, new: '上海落地科技有限公司' });
    expect(createEv!.changes).toContainEqual({ field: 'externalId', old: null, new: 'crm-001' });

    // history pages with `before`
    const first = (await app.inject({ method: 'GET', url: `${url}/${account.id}/history?limit=2`, headers: admin.headers })).json() as History;
    expect(first.items.map((e) => e.action)).toEqual(['restore', 'delete']);
    const second = (await app.inject({ method: 'GET', url: `${url}/${account.id}/history?limit=2&before=${first.nextBefore}`, headers: admin.headers })).json() as History;
    expect(second.items.map((e) => e.action)).toEqual(['transfer', 'update']);
  });

  it('defaults the owner to the creator and the department to the owner’s; a PATCH without changes changes nothing', async () => {
    const { database, app, org } = await setup();
    const east = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId });
    const rep = await createTestUser(database, org, { role: 'rep', departmentId: east });
    const session = await signInAs(database, org.orgId, rep.id);
    const account = await createAccount(app, session, { name: '甲' });
    expect(account).toMatchObject({ ownerId: rep.id, departmentId: east, version: 1 });
    const same = await app.inject({ method: 'PATCH', url: `/api/v1/accounts/${account.id}`, headers: session.headers, payload: { name: '甲', version: 1 } });
    expect(same.statusCode).toBe(200);
    expect(same.json().version).toBe(1);
    const h = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}/history`, headers: session.headers })).json() as History;
    expect(h.items.map((e) => e.action)).toEqual(['create']);
  });

  it('assigns a new account to another active owner only with the transfer permission', async () => {
    const { database, app, org, admin } = await setup();
    const rep = await createTestUser(database, org, { role: 'rep' });
    const other = await createTestUser(database, org, { role: 'rep' });
    const repSession = await signInAs(database, org.orgId, rep.id);
    const forbidden = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: repSession.headers, payload: { name: '乙', ownerId: other.id } });
    expect(forbidden.statusCode).toBe(403);
    const ok = await createAccount(app, admin, { ownerId: other.id });
    expect(ok.ownerId).toBe(other.id);
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin.headers, payload: { name: '丙', ownerId: randomUUID() } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toEqual([{ field: 'ownerId', message: expect.any(String) }]);
  });
});

describe('accounts: validation', () => {
  it('names the invalid fields', async () => {
    const { app, admin } = await setup();
    const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin.headers, payload: payload as object });
    const fieldsOf = async (payload: unknown) => ((await post(payload)).json().error.fields as { field: string }[]).map((f) => f.field).sort();

    const bad = await post({ name: '丁', email: 'not-an-email', phone: '12345', creditCode: 'ABC', website: 'not a site' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((bad.json().error.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['creditCode', 'email', 'phone', 'website']);
    expect(await fieldsOf({ name: '   ' })).toEqual(['name']);
    expect(await fieldsOf({ name: 'x'.repeat(201) })).toEqual(['name']);
    expect(await fieldsOf({})).toEqual(['name']);
    expect(await fieldsOf({ name: '戊', unexpected: 1 })).toEqual(['unexpected']);
    expect(await fieldsOf({ name: '戊', ownerId: 'nope' })).toEqual(['ownerId']);
    expect(await fieldsOf({ name: '戊', notes: 'x'.repeat(2001) })).toEqual(['notes']);

    const en = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { ...admin.headers, 'accept-language': 'en' },
      payload: { name: '己', email: 'nope' },
    });
    expect(en.json().error.fields).toEqual([{ field: 'email', message: 'must be a valid email address' }]);
  });

  it('validates edits too, requires a version and rejects unknown fields (including ownerId)', async () => {
    const { app, admin } = await setup();
    const account = await createAccount(app, admin);
    const patch = (payload: object) => app.inject({ method: 'PATCH', url: `/api/v1/accounts/${account.id}`, headers: admin.headers, payload });
    const r1 = await patch({ email: 'bad', version: 1 });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.fields[0].field).toBe('email');
    const r2 = await patch({ name: 'x' });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.fields[0].field).toBe('version');
    const r3 = await patch({ ownerId: account.ownerId, version: 1 });
    expect(r3.statusCode).toBe(400);
    expect(r3.json().error.fields[0].field).toBe('ownerId');
    const r4 = await patch({ name: null, version: 1 });
    expect(r4.statusCode).toBe(400);
    expect(r4.json().error.fields[0].field).toBe('name');
  });

  it('keeps external ids unique per organization (409), also on edit', async () => {
    const { database, app, admin } = await setup();
    await createAccount(app, admin, { externalId: 'ext-1' });
    const dup = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin.headers, payload: { name: '庚', externalId: 'ext-1' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'EXTERNAL_ID_TAKEN', fields: [{ field: 'externalId', message: expect.any(String) }] });
    const other = await createAccount(app, admin, { externalId: 'ext-2' });
    const edit = await app.inject({ method: 'PATCH', url: `/api/v1/accounts/${other.id}`, headers: admin.headers, payload: { externalId: 'ext-1', version: 1 } });
    expect(edit.statusCode).toBe(409);
    // another organization may use the same external id
    const org2 = await createTestOrg(database);
    const admin2 = await signInAs(database, org2.orgId, org2.adminUserId);
    expect((await createAccount(app, admin2, { externalId: 'ext-1' })).externalId).toBe('ext-1');
  });

  it('answers 400 naming `cursor` for a bad cursor and validates list parameters', async () => {
    const { app, admin } = await setup();
    for (const cursor of ['garbage!', 'bm9wZQ', Buffer.from(JSON.stringify(['createdAt', 'desc', 'yesterday', randomUUID()])).toString('base64url')]) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/accounts?sort=createdAt&cursor=${cursor}`, headers: admin.headers });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
    for (const qs of ['limit=0', 'limit=201', 'sort=owner', 'order=up', 'ownerId=123']) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/accounts?${qs}`, headers: admin.headers });
      expect(res.statusCode, qs).toBe(400);
    }
  });
});

describe('accounts: optimistic concurrency', () => {
  it('two concurrent PATCHes with the same version: one 200, one 409; history has the winner’s old and new values', async () => {
    const { app, admin } = await setup();
    const account = await createAccount(app, admin, { name: '原名' });
    const patch = (name: string) =>
      app.inject({ method: 'PATCH', url: `/api/v1/accounts/${account.id}`, headers: admin.headers, payload: { name, version: 1 } });
    const results = await Promise.all([patch('甲方'), patch('乙方')]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    const loser = results.find((r) => r.statusCode === 409)!.json();
    expect(loser.error.code).toBe('VERSION_CONFLICT');
    expect(winner.version).toBe(2);
    const current = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}`, headers: admin.headers })).json();
    expect(current).toMatchObject({ name: winner.name, version: 2 });
    const h = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}/history`, headers: admin.headers })).json() as History;
    expect(h.items.map((e) => e.action)).toEqual(['update', 'create']);
    expect(h.items[0]!.changes).toEqual([{ field: 'name', old: '原名', new: winner.name }]);
  });

  it('rejects a stale version on edit and on transfer', async () => {
    const { database, app, org, admin } = await setup();
    const account = await createAccount(app, admin);
    const rep = await createTestUser(database, org);
    await app.inject({ method: 'PATCH', url: `/api/v1/accounts/${account.id}`, headers: admin.headers, payload: { notes: 'v2', version: 1 } });
    const stale = await app.inject({ method: 'PATCH', url: `/api/v1/accounts/${account.id}`, headers: admin.headers, payload: { notes: 'v3', version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const transfer = await app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/owner`, headers: admin.headers, payload: { ownerId: rep.id, version: 1 } });
    expect(transfer.statusCode).toBe(409);
  });
});

describe('accounts: transfer', () => {
  it('requires an active user of the organization as the new owner', async () => {
    const { database, app, org, admin } = await setup();
    const account = await createAccount(app, admin);
    const inactive = await createTestUser(database, org);
    await database.withTenant(org.orgId, (tx) => tx.update(users).set({ status: 'inactive' }).where(and(eq(users.orgId, org.orgId), eq(users.id, inactive.id))));
    const otherOrg = await createTestOrg(database);
    for (const ownerId of [inactive.id, otherOrg.adminUserId, randomUUID()]) {
      const res = await app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/owner`, headers: admin.headers, payload: { ownerId, version: 1 } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual([{ field: 'ownerId', message: expect.any(String) }]);
    }
  });
});

describe('accounts: permissions', () => {
  it('a rep without delete / transfer permission gets 403, also for the recycle bin', async () => {
    const { database, app, org } = await setup();
    const rep = await createTestUser(database, org, { role: 'rep' });
    const session = await signInAs(database, org.orgId, rep.id);
    const account = await createAccount(app, session);
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/accounts/${account.id}`, headers: session.headers });
    expect(del.statusCode).toBe(403);
    expect(del.json().error.code).toBe('FORBIDDEN');
    const restore = await app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/restore`, headers: session.headers });
    expect(restore.statusCode).toBe(403);
    const bin = await app.inject({ method: 'GET', url: '/api/v1/accounts?deleted=true', headers: session.headers });
    expect(bin.statusCode).toBe(403);
    const transfer = await app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/owner`, headers: session.headers, payload: { ownerId: org.adminUserId, version: 1 } });
    expect(transfer.statusCode).toBe(403);
    // still there
    expect((await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}`, headers: session.headers })).statusCode).toBe(200);
  });

  it('a role without accounts.view gets 403 on reads; anonymous callers 401', async () => {
    const { database, app, org } = await setup();
    await updateTestRole(database, org.orgId, org.roleIds.rep, { permissions: { users: ['view'] } });
    const rep = await createTestUser(database, org, { role: 'rep' });
    const session = await signInAs(database, org.orgId, rep.id);
    expect((await app.inject({ method: 'GET', url: '/api/v1/accounts', headers: session.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/accounts' })).statusCode).toBe(401);
  });

  it('answers 404 ACCOUNT_NOT_FOUND for unknown and malformed ids', async () => {
    const { app, admin } = await setup();
    for (const id of [randomUUID(), 'not-a-uuid', '1%27%20or%201%3D1']) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/accounts/${id}`, headers: admin.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ACCOUNT_NOT_FOUND');
      const h = await app.inject({ method: 'GET', url: `/api/v1/accounts/${id}/history`, headers: admin.headers });
      expect(h.statusCode).toBe(404);
    }
  });
});

describe('accounts: list filters', () => {
  it('searches names case-insensitively by substring (wildcards literal) and filters by owner and department', async () => {
    const { database, app, org, admin } = await setup();
    const east = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId });
    const rep = await createTestUser(database, org, { role: 'rep', departmentId: east });
    await createAccount(app, admin, { name: 'Acme Trading 上海' });
    await createAccount(app, admin, { name: '北京 ACME 科技' });
    await createAccount(app, admin, { name: '100% 纯净水' });
    await createAccount(app, admin, { name: 'Other_Co', ownerId: rep.id });
    const names = async (qs: string) =>
      ((await app.inject({ method: 'GET', url: `/api/v1/accounts?sort=name&${qs}`, headers: admin.headers })).json().items as { name: string }[]).map((a) => a.name);
    expect(await names(`q=${encodeURIComponent('acme')}`)).toEqual(['Acme Trading 上海', '北京 ACME 科技']);
    expect(await names(`q=${encodeURIComponent('%')}`)).toEqual(['100% 纯净水']);
    expect(await names(`q=${encodeURIComponent('r_c')}`)).toEqual(['Other_Co']);
    expect(await names(`q=${encodeURIComponent('上海')}`)).toEqual(['Acme Trading 上海']);
    expect(await names(`ownerId=${rep.id}`)).toEqual(['Other_Co']);
    expect(await names(`departmentId=${east}`)).toEqual(['Other_Co']);
    expect(await names(`departmentId=${org.rootDepartmentId}`)).toHaveLength(3);
  });
});
