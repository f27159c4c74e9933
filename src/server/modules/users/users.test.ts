import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import { identitiesRepository } from '../../platform/auth/identities.repository.js';
import { TEST_PASSWORD, buildTestApp, createTestDepartment, createTestOrg, createTestUser, signInAs, updateTestRole } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { normalizeContact } from './users.service.js';

const unique = () => randomUUID().slice(0, 8);
const uniqueMobile = () => `15${String(randomInt(100_000_000, 999_999_999))}`;
const uniqueIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

async function setup() {
  const database = await getTestDatabase();
  const org = await createTestOrg(database);
  const app = await buildTestApp(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = admin.headers) =>
    app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const signIn = (identifier: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { identifier, password }, remoteAddress: uniqueIp() });
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    displayName: '张三',
    email: `zhang-${unique()}@test.luodi.local`,
    password: 'zhangsan-pass',
    departmentId: org.rootDepartmentId,
    roleId: org.roleIds.rep,
    ...overrides,
  });
  return { database, org, app, admin, call, signIn, newUser };
}

describe('POST /users', () => {
  it('creates a user who can then sign in; never returns the password hash; audited', async () => {
    const { database, org, call, signIn, newUser } = await setup();
    const mobile = uniqueMobile();
    const input = newUser({ email: `Zhang-${unique()}@Test.Luodi.Local`, mobile: `+86 ${mobile}` });
    const res = await call('POST', '/users', input);
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toEqual({
      id: expect.any(String),
      displayName: '张三',
      email: input.email.toLowerCase(),
      mobile,
      departmentId: org.rootDepartmentId,
      departmentName: org.name,
      roleId: org.roleIds.rep,
      roleName: '销售代表',
      status: 'active',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      version: 1,
    });
    expect(res.body).not.toMatch(/password|argon2/i);

    expect((await signIn(input.email, 'zhangsan-pass')).statusCode).toBe(200);
    expect((await signIn(mobile, 'zhangsan-pass')).statusCode).toBe(200);

    const history = await database.withTenant(org.orgId, (tx) => auditRepository.listForRecord(tx, org.orgId, 'users', user.id, { limit: 5 }));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', actorId: org.adminUserId });
    expect(history[0]!.changes).toEqual(expect.arrayContaining([{ field: 'displayName', old: null, new: '张三' }]));
    expect(JSON.stringify(history)).not.toContain('zhangsan-pass');
  });

  it('requires an email or a mobile, validates them and the department and role', async () => {
    const { org, call, newUser } = await setup();
    const neither = await call('POST', '/users', newUser({ email: undefined }));
    expect(neither.statusCode).toBe(400);
    expect(neither.json().error.code).toBe('EMAIL_OR_MOBILE_REQUIRED');
    expect(neither.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['email', 'mobile']);
    const badMobile = await call('POST', '/users', newUser({ mobile: '2345678' }));
    expect(badMobile.json().error).toMatchObject({ code: 'INVALID_MOBILE', fields: [{ field: 'mobile', message: '手机号格式不正确' }] });
    const badEmail = await call('POST', '/users', newUser({ email: 'not-an-email' }));
    expect(badEmail.json().error.fields).toEqual([{ field: 'email', message: '邮箱格式不正确' }]);
    const badDept = await call('POST', '/users', newUser({ departmentId: randomUUID() }));
    expect(badDept.statusCode).toBe(400);
    expect(badDept.json().error.fields[0].field).toBe('departmentId');
    const badRole = await call('POST', '/users', newUser({ roleId: org.rootDepartmentId }));
    expect(badRole.json().error.fields[0].field).toBe('roleId');
  });

  it('refuses an email or mobile used in any organization: 409 IDENTIFIER_TAKEN naming the field', async () => {
    const { database, call, newUser } = await setup();
    const other = await createTestOrg(database);
    const mobile = uniqueMobile();
    await createTestUser(database, other, { mobile });

    const email = await call('POST', '/users', newUser({ email: other.adminEmail.toUpperCase() }));
    expect(email.statusCode).toBe(409);
    expect(email.json().error).toMatchObject({ code: 'IDENTIFIER_TAKEN', fields: [{ field: 'email' }] });
    const mob = await call('POST', '/users', newUser({ mobile }));
    expect(mob.statusCode).toBe(409);
    expect(mob.json().error.fields[0].field).toBe('mobile');
    // nothing half-written: the rejected user does not exist
    const list = await call('GET', `/users?q=${encodeURIComponent('张三')}`);
    expect(list.json().items).toHaveLength(0);
  });
});

describe('bad input', () => {
  it('malformed JSON, wrong types, unknown fields and oversized bodies are 4xx with named fields, never 500', async () => {
    const { app, admin, call, newUser } = await setup();
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"displayName": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_JSON');

    const wrongType = await call('POST', '/users', newUser({ displayName: 42, nickname: 'x' }));
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.message).toBe('请求参数有误');
    expect(wrongType.json().error.fields).toEqual(
      expect.arrayContaining([
        { field: 'displayName', message: expect.stringContaining('类型不正确') },
        { field: 'nickname', message: '不允许的字段' },
      ]),
    );
    const en = await call('POST', '/users', newUser({ displayName: 42 }), { ...admin.headers, 'accept-language': 'en' });
    expect(en.json().error).toMatchObject({ message: 'The request is invalid', fields: [{ field: 'displayName', message: 'must be of type string' }] });

    const huge = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: JSON.stringify(newUser({ displayName: 'x'.repeat(1024 * 1024 + 10) })),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');

    const badQuery = await call('GET', '/users?limit=500&sort=name');
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['limit', 'sort']);
    const badCursor = await call('GET', '/users?cursor=garbage');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.fields[0].field).toBe('cursor');
  });
});

describe('GET /users', () => {
  it('filters by q, department and status and pages with a keyset cursor', async () => {
    const { database, org, call } = await setup();
    const dept = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId });
    const created: string[] = [org.adminUserId];
    for (let i = 0; i < 5; i++) {
      created.push((await createTestUser(database, org, { displayName: `王_${i}%`, departmentId: i < 2 ? dept : undefined })).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call('GET', `/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u: { id: string }) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created);

    const byName = await call('GET', `/users?q=${encodeURIComponent('王_3%')}`);
    expect(byName.json().items.map((u: { displayName: string }) => u.displayName)).toEqual(['王_3%']);
    const byLiteralUnderscore = await call('GET', `/users?q=${encodeURIComponent('_')}`);
    expect(byLiteralUnderscore.json().items).toHaveLength(5);
    const byDept = await call('GET', `/users?departmentId=${dept}`);
    expect(byDept.json().items).toHaveLength(2);
    expect(byDept.json().items[0].departmentName).toMatch(/^部门-/);
    const inactive = await call('GET', '/users?status=inactive');
    expect(inactive.json()).toEqual({ items: [], nextCursor: null });
  });

  it('masks email and mobile for roles that have them masked', async () => {
    const { database, org, app } = await setup();
    const mobile = uniqueMobile();
    const target = await createTestUser(database, org, { mobile });
    const rep = await createTestUser(database, org, { role: 'rep' });
    await updateTestRole(database, org.orgId, org.roleIds.rep, { fieldMasks: { 'users.mobile': 'all', 'users.email': 'list' } });
    const session = await signInAs(database, org.orgId, rep.id);
    const list = await app.inject({ method: 'GET', url: '/api/v1/users?limit=200', headers: session.headers });
    const listed = list.json().items.find((u: { id: string }) => u.id === target.id);
    expect(listed.mobile).toBe(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
    expect(listed.email).toMatch(/^u\*\*\*@test\.luodi\.local$/);
    const detail = await app.inject({ method: 'GET', url: `/api/v1/users/${target.id}`, headers: session.headers });
    expect(detail.json().mobile).toContain('****');
    expect(detail.json().email).toBe(target.email);
  });
});

describe('PATCH /users/:id', () => {
  it('updates with version checks and keeps the sign-in directory in sync', async () => {
    const { database, org, call, signIn } = await setup();
    const user = await createTestUser(database, org);
    const newEmail = `renamed-${unique()}@test.luodi.local`;
    const mobile = uniqueMobile();
    const res = await call('PATCH', `/users/${user.id}`, { displayName: '李四', email: newEmail, mobile, roleId: org.roleIds.manager, version: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '李四', email: newEmail, mobile, roleName: '销售经理', version: 2 });

    const stale = await call('PATCH', `/users/${user.id}`, { displayName: '王五', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');

    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(newEmail, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await signIn(mobile, TEST_PASSWORD)).statusCode).toBe(200);
    const directory = await database.withSystem((tx) => identitiesRepository.findTaken(tx, [user.email, newEmail, mobile]));
    expect(directory.map((d) => d.identifier).sort()).toEqual([mobile, newEmail].sort());

    // removing the email keeps the mobile; removing both is refused
    const noEmail = await call('PATCH', `/users/${user.id}`, { email: null, version: 2 });
    expect(noEmail.json()).toMatchObject({ email: null, mobile, version: 3 });
    const neither = await call('PATCH', `/users/${user.id}`, { mobile: '', version: 3 });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().error.code).toBe('EMAIL_OR_MOBILE_REQUIRED');

    const history = await database.withTenant(org.orgId, (tx) => auditRepository.listForRecord(tx, org.orgId, 'users', user.id, { limit: 10 }));
    expect(history.map((e) => e.action)).toEqual(['update', 'update']);
    expect(history[1]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'displayName', old: user.displayName, new: '李四' },
        { field: 'email', old: user.email, new: newEmail },
        { field: 'roleId', old: org.roleIds.rep, new: org.roleIds.manager },
      ]),
    );
  });

  it('refuses an email another user (of any organization) has, with no partial change', async () => {
    const { database, org, call } = await setup();
    const other = await createTestOrg(database);
    const user = await createTestUser(database, org);
    const res = await call('PATCH', `/users/${user.id}`, { displayName: '改名', email: other.adminEmail, version: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields[0].field).toBe('email');
    expect((await call('GET', `/users/${user.id}`)).json()).toMatchObject({ displayName: user.displayName, email: user.email, version: 1 });
  });

  it('deactivating signs the user out; admins cannot deactivate themselves or change their own role', async () => {
    const { database, org, app, call } = await setup();
    const user = await createTestUser(database, org);
    const session = await signInAs(database, org.orgId, user.id);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.headers })).statusCode).toBe(200);
    const off = await call('PATCH', `/users/${user.id}`, { status: 'inactive', version: 1 });
    expect(off.json()).toMatchObject({ status: 'inactive', version: 2 });
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.headers })).statusCode).toBe(401);
    expect((await call('GET', '/users?status=inactive')).json().items.map((u: { id: string }) => u.id)).toEqual([user.id]);

    const self = await call('PATCH', `/users/${org.adminUserId}`, { status: 'inactive', version: 1 });
    expect(self.statusCode).toBe(400);
    expect(self.json().error).toMatchObject({ code: 'CANNOT_DEACTIVATE_SELF', fields: [{ field: 'status' }] });
    const ownRole = await call('PATCH', `/users/${org.adminUserId}`, { roleId: org.roleIds.rep, version: 1 });
    expect(ownRole.json().error).toMatchObject({ code: 'CANNOT_CHANGE_OWN_ROLE', fields: [{ field: 'roleId' }] });
  });

  it('needs users:edit / users:create: a rep gets 403, and 404 for an unknown id', async () => {
    const { database, org, app, call, newUser } = await setup();
    const rep = await createTestUser(database, org);
    const session = await signInAs(database, org.orgId, rep.id);
    const res = await app.inject({ method: 'PATCH', url: `/api/v1/users/${rep.id}`, headers: session.headers, payload: { displayName: 'x', version: 1 } });
    expect(res.statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/v1/users', headers: session.headers, payload: newUser() })).statusCode).toBe(403);
    const unknown = await call('PATCH', `/users/${randomUUID()}`, { displayName: 'x', version: 1 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('USER_NOT_FOUND');
  });
});

describe('POST /users/:id/password', () => {
  it('resets the password and ends the user’s sessions', async () => {
    const { database, org, app, call, signIn } = await setup();
    const user = await createTestUser(database, org);
    const session = await signInAs(database, org.orgId, user.id);
    const res = await call('POST', `/users/${user.id}/password`, { newPassword: 'reset-by-admin' });
    expect(res.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.headers })).statusCode).toBe(401);
    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(user.email, 'reset-by-admin')).statusCode).toBe(200);
    expect((await call('POST', `/users/${user.id}/password`, { newPassword: 'short' })).statusCode).toBe(400);
    expect((await call('POST', `/users/${randomUUID()}/password`, { newPassword: 'long-enough' })).statusCode).toBe(404);
  });
});

describe('normalizeContact (unit)', () => {
  it('keeps undefined, clears empty values and normalises the rest', () => {
    expect(normalizeContact('email', undefined, 'zh-CN')).toBeUndefined();
    expect(normalizeContact('email', '  ', 'zh-CN')).toBeNull();
    expect(normalizeContact('mobile', null, 'zh-CN')).toBeNull();
    expect(normalizeContact('email', ' A@B.CN ', 'zh-CN')).toBe('a@b.cn');
    expect(normalizeContact('mobile', '0086 138-0013-8000', 'zh-CN')).toBe('13800138000');
    expect(() => normalizeContact('mobile', '110', 'en')).toThrowError(/INVALID_MOBILE/);
  });
});
