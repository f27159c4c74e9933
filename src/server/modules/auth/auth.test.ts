import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/deps.js';
import { SESSION_COOKIE } from '../../platform/auth/tokens.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import { TEST_PASSWORD, buildTestApp, createTestOrg, createTestUser, signInAs } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { SIGN_IN_MAX_FAILURES, isRateLimited, normalizeIdentifier, rateLimitKeys } from './auth.service.js';

/** Every test signs in from its own address, so the per-IP limit of one test never touches another. */
const uniqueIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return String(first).split(';')[0]!;
}

async function setup(opts: { clock?: ManualClock; env?: NodeJS.ProcessEnv } = {}) {
  const database = await getTestDatabase();
  const org = await createTestOrg(database);
  const app = await buildTestApp(database, opts);
  const ip = uniqueIp();
  const signIn = (identifier: string, password: string, remoteAddress = ip) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { identifier, password }, remoteAddress });
  return { database, org, app, ip, signIn };
}

describe('POST /auth/sign-in', () => {
  it('signs in with email (any case), sets the session cookie and /auth/me works with it', async () => {
    const { org, app, signIn } = await setup();
    const res = await signIn(`  ${org.adminEmail.toUpperCase()} `, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=${org.orgId}\\.`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain(`Max-Age=${14 * 24 * 3600}`);
    expect(setCookie).not.toContain('Secure');
    const body = res.json();
    expect(body.user).toMatchObject({ id: org.adminUserId, displayName: '管理员', email: org.adminEmail, dataScope: 'all' });
    expect(body.user.permissions.roles).toContain('edit');
    expect(body.organization).toEqual({ id: org.orgId, name: org.name });
    expect(typeof body.csrfToken).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|argon2/);

    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(res) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);
  });

  it('marks the cookie Secure when LUODI_SECURE_COOKIES is on', async () => {
    const { org, signIn } = await setup({ env: { LUODI_SECURE_COOKIES: 'true' } });
    const res = await signIn(org.adminEmail, TEST_PASSWORD);
    expect(String(res.headers['set-cookie'])).toContain('Secure');
  });

  it('signs in with a mobile number in any common notation', async () => {
    const { database, org, signIn } = await setup();
    const mobile = `139${String(randomInt(10_000_000, 99_999_999))}`;
    const user = await createTestUser(database, org, { mobile });
    const res = await signIn(`+86 ${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(user.id);
  });

  it('answers a wrong password and an unknown identifier alike (401, same message)', async () => {
    const { org, signIn } = await setup();
    const wrong = await signIn(org.adminEmail, 'wrong-password');
    const unknown = await signIn(`nobody-${randomInt(1e9)}@test.luodi.local`, TEST_PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: '账号或密码错误' } });
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an inactive user with the same 401', async () => {
    const { database, org, app, signIn } = await setup();
    const user = await createTestUser(database, org);
    const admin = await signInAs(database, org.orgId, org.adminUserId);
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: admin.headers,
      payload: { status: 'inactive', version: 1 },
    });
    expect(patch.statusCode).toBe(200);
    const res = await signIn(user.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses the 11th wrong password within a minute with 429, and lets the right one in after 61 s', async () => {
    const clock = new ManualClock(new Date());
    const { org, signIn } = await setup({ clock });
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      const res = await signIn(org.adminEmail, `wrong-${i}`);
      expect(res.statusCode).toBe(401);
    }
    const eleventh = await signIn(org.adminEmail, 'wrong-again');
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    // refused before the password is checked: even the right one
    expect((await signIn(org.adminEmail, TEST_PASSWORD)).statusCode).toBe(429);
    // the limit is per identifier too: another address does not help
    expect((await signIn(org.adminEmail, TEST_PASSWORD, uniqueIp())).statusCode).toBe(429);

    clock.advance(61_000);
    const ok = await signIn(org.adminEmail, TEST_PASSWORD);
    expect(ok.statusCode).toBe(200);
  });

  it('limits failures per IP address across different identifiers', async () => {
    const { org, signIn } = await setup();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      expect((await signIn(`guess-${i}-${randomInt(1e9)}@test.luodi.local`, 'whatever1')).statusCode).toBe(401);
    }
    const res = await signIn(org.adminEmail, TEST_PASSWORD);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toBe('登录失败次数过多，请 1 分钟后再试');
    // the same person from another address is fine
    expect((await signIn(org.adminEmail, TEST_PASSWORD, uniqueIp())).statusCode).toBe(200);
  });

  it('rejects bad input with 400, never 500, in zh-CN by default and en on request', async () => {
    const { app, ip } = await setup();
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"identifier": "a@b.c", ',
      remoteAddress: ip,
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ error: { code: 'MALFORMED_JSON', message: '请求体不是有效的 JSON' } });

    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'accept-language': 'en' },
      payload: { identifier: 42, password: 'x', remember: true },
      remoteAddress: ip,
    });
    expect(wrong.statusCode).toBe(400);
    const err = wrong.json().error;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toBe('The request is invalid');
    expect(err.fields.map((f: { field: string }) => f.field).sort()).toEqual(['identifier', 'remember']);
  });
});

describe('CSRF on cookie sessions', () => {
  it('refuses a cookie-authenticated POST without x-csrf-token and accepts it with one', async () => {
    const { org, app, signIn } = await setup();
    const res = await signIn(org.adminEmail, TEST_PASSWORD);
    const cookie = cookieOf(res);
    const payload = { name: `销售一部-${randomInt(1e9)}` };
    const without = await app.inject({ method: 'POST', url: '/api/v1/departments', headers: { cookie }, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_FAILED');
    const forged = await app.inject({ method: 'POST', url: '/api/v1/departments', headers: { cookie, 'x-csrf-token': 'forged' }, payload });
    expect(forged.statusCode).toBe(403);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { cookie, 'x-csrf-token': res.json().csrfToken },
      payload,
    });
    expect(ok.statusCode).toBe(201);
  });
});

describe('GET /auth/me and POST /auth/sign-out', () => {
  it('answers 401 UNAUTHENTICATED without a session, localized', async () => {
    const { app } = await setup();
    const zh = await app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(zh.statusCode).toBe(401);
    expect(zh.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
    const en = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().error.message).toBe('Please sign in');
  });

  it('signs out: 204, the cookie is cleared and the session no longer works', async () => {
    const { database, org, app } = await setup();
    const session = await signInAs(database, org.orgId, org.adminUserId);
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: session.headers });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(401);
    // with the JSON body the web app sends
    const again = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', payload: {} });
    expect(again.statusCode).toBe(204);
  });
});

describe('POST /auth/password', () => {
  it('refuses a wrong current password naming the field, changes it otherwise and ends the other sessions', async () => {
    const { database, org, app, signIn } = await setup();
    const user = await createTestUser(database, org);
    const current = await signInAs(database, org.orgId, user.id);
    const other = await signInAs(database, org.orgId, user.id);

    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: current.headers,
      payload: { currentPassword: 'not-my-password', newPassword: 'a-new-passw0rd' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('WRONG_CURRENT_PASSWORD');
    expect(wrong.json().error.fields).toEqual([{ field: 'currentPassword', message: '当前密码不正确' }]);

    const short = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: current.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields[0].field).toBe('newPassword');

    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: current.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a-new-passw0rd' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: current.headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: other.headers })).statusCode).toBe(401);
    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(user.email, 'a-new-passw0rd')).statusCode).toBe(200);

    const history = await database.withTenant(org.orgId, (tx) =>
      auditRepository.listForRecord(tx, org.orgId, 'users', user.id, { limit: 10 }),
    );
    expect(history.map((e) => e.action)).toContain('password_change');
    expect(JSON.stringify(history)).not.toContain('a-new-passw0rd');
  });
});

describe('sign-in rules (unit)', () => {
  it('normalises identifiers', () => {
    expect(normalizeIdentifier(' Alice@Example.COM ')).toBe('alice@example.com');
    expect(normalizeIdentifier('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizeIdentifier('008613812345678')).toBe('13812345678');
    expect(normalizeIdentifier('NotAMobile')).toBe('notamobile');
  });

  it('limits at 10 failures for either key', () => {
    const keys = rateLimitKeys('1.2.3.4', 'a@b.c');
    expect(keys).toEqual(['ip:1.2.3.4', 'id:a@b.c']);
    expect(isRateLimited({}, keys)).toBe(false);
    expect(isRateLimited({ 'ip:1.2.3.4': 9, 'id:a@b.c': 9 }, keys)).toBe(false);
    expect(isRateLimited({ 'ip:1.2.3.4': 10 }, keys)).toBe(true);
    expect(isRateLimited({ 'id:a@b.c': 12 }, keys)).toBe(true);
  });
});
