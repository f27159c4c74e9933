import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import { TEST_PASSWORD, buildTestApp, createTestOrg } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';

const SIGNUP = { env: { LUODI_ALLOW_SIGNUP: 'true' } };
const uniqueIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const unique = () => randomUUID().slice(0, 8);

describe('POST /organizations (sign-up)', () => {
  it('is refused with 403 SIGNUP_DISABLED unless LUODI_ALLOW_SIGNUP is on', async () => {
    const app = await buildTestApp(await getTestDatabase());
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { organizationName: 'X', adminName: 'Y', email: `x-${unique()}@test.luodi.local`, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toEqual({ code: 'SIGNUP_DISABLED', message: '未开放注册新组织' });
  });

  it('creates an organization without signing in, audited; a taken email is 409 naming the field', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database, SIGNUP);
    const email = `founder-${unique()}@test.luodi.local`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { organizationName: '北京新公司', adminName: '创始人', email, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['set-cookie']).toBeUndefined();
    const body = res.json();
    expect(body).toEqual({ organization: { id: expect.any(String), name: '北京新公司' }, adminUserId: expect.any(String) });
    const history = await database.withTenant(body.organization.id, (tx) =>
      auditRepository.listForRecord(tx, body.organization.id, 'users', body.adminUserId, { limit: 5 }),
    );
    expect(history[0]).toMatchObject({ action: 'create', actorKind: 'system' });

    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { 'accept-language': 'en' },
      payload: { organizationName: '另一家', adminName: '别人', email: email.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toEqual({
      code: 'IDENTIFIER_TAKEN',
      message: `${email} is already used by another user`,
      fields: [{ field: 'email', message: `${email} is already used by another user` }],
    });
    const neither = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { organizationName: '另一家', adminName: '别人', password: TEST_PASSWORD },
    });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().error.code).toBe('EMAIL_OR_MOBILE_REQUIRED');
  });
});

describe('tenant isolation over HTTP', () => {
  it('two organizations signed up over HTTP cannot see or touch each other’s users and departments', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database, SIGNUP);
    const signUpAndSignIn = async (name: string) => {
      const email = `admin-${unique()}@test.luodi.local`;
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        payload: { organizationName: name, adminName: `${name}管理员`, email, password: TEST_PASSWORD },
      });
      expect(created.statusCode).toBe(201);
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { identifier: email, password: TEST_PASSWORD },
        remoteAddress: uniqueIp(),
      });
      expect(signIn.statusCode).toBe(200);
      expect(signIn.json().organization.id).toBe(created.json().organization.id);
      const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
      return { ...created.json(), headers: { cookie, 'x-csrf-token': signIn.json().csrfToken as string } };
    };
    const a = await signUpAndSignIn(`A公司-${unique()}`);
    const b = await signUpAndSignIn(`B公司-${unique()}`);

    const bDept = await app.inject({ method: 'POST', url: '/api/v1/departments', headers: b.headers, payload: { name: 'B销售部' } });
    expect(bDept.statusCode).toBe(201);
    const bDeptId = bDept.json().id;
    const bUser = b.adminUserId;

    // A's lists contain nothing of B
    const aUsers = await app.inject({ method: 'GET', url: '/api/v1/users', headers: a.headers });
    expect(aUsers.json().items.map((u: { id: string }) => u.id)).toEqual([a.adminUserId]);
    const aDepts = await app.inject({ method: 'GET', url: '/api/v1/departments', headers: a.headers });
    expect(aDepts.json().items.map((d: { id: string }) => d.id)).not.toContain(bDeptId);

    const attempts = [
      { method: 'GET' as const, url: `/api/v1/users/${bUser}` },
      { method: 'PATCH' as const, url: `/api/v1/users/${bUser}`, payload: { displayName: 'hacked', version: 1 } },
      { method: 'POST' as const, url: `/api/v1/users/${bUser}/password`, payload: { newPassword: 'hacked-password' } },
      { method: 'GET' as const, url: `/api/v1/departments/${bDeptId}` },
      { method: 'PATCH' as const, url: `/api/v1/departments/${bDeptId}`, payload: { name: 'hacked', version: 1 } },
      { method: 'DELETE' as const, url: `/api/v1/departments/${bDeptId}` },
    ];
    for (const attempt of attempts) {
      const res = await app.inject({ ...attempt, headers: a.headers });
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
    }
    // nor can A put its own user into B's department or give it B's role
    const cross = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: a.headers,
      payload: { displayName: '越权', email: `x-${unique()}@test.luodi.local`, password: TEST_PASSWORD, departmentId: bDeptId, roleId: b.adminUserId },
    });
    expect(cross.statusCode).toBe(400);

    // B's data is untouched
    const bView = await app.inject({ method: 'GET', url: `/api/v1/departments/${bDeptId}`, headers: b.headers });
    expect(bView.json()).toMatchObject({ name: 'B销售部', version: 1 });
    const bAdmin = await app.inject({ method: 'GET', url: `/api/v1/users/${bUser}`, headers: b.headers });
    expect(bAdmin.json().displayName).not.toBe('hacked');
  });

  it('a session cookie of one organization cannot be replayed against another organization id', async () => {
    const database = await getTestDatabase();
    const a = await createTestOrg(database);
    const b = await createTestOrg(database);
    const app = await buildTestApp(database);
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { identifier: a.adminEmail, password: TEST_PASSWORD },
      remoteAddress: uniqueIp(),
    });
    const value = String(signIn.headers['set-cookie']).split(';')[0]!.split('=')[1]!;
    const forged = `${b.orgId}${value.slice(value.indexOf('.'))}`;
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `luodi_session=${forged}` } });
    expect(me.statusCode).toBe(401);
  });
});
