import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../../platform/db/database.js';
import { ManualClock } from '../../platform/deps.js';
import { SESSION_COOKIE } from '../../platform/auth/tokens.js';
import { TEST_PASSWORD, buildTestApp, createTestOrg } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { createOrganization, isSetUp } from '../organizations/organizations.service.js';
import { createSession } from '../auth/auth.service.js';
import { needsSetup, runSetup, type SetupImpl } from './setup.service.js';

// Setup depends on the database being empty, and the test database is shared: these tests use their own.
const opened: Database[] = [];
async function freshDatabase(): Promise<Database> {
  const database = await openPglite();
  await database.migrate();
  opened.push(database);
  return database;
}
afterAll(async () => {
  for (const d of opened) await d.close();
});

const createInput = {
  mode: 'create' as const,
  organizationName: '上海落地科技',
  adminName: '王总',
  email: 'Boss@Example.com',
  mobile: '138 0013 8000',
  password: TEST_PASSWORD,
};

describe('setup service', () => {
  it('creates the first organization, signs its admin in, then refuses to run again', async () => {
    const database = await freshDatabase();
    const deps = { database, clock: new ManualClock() };
    expect(await needsSetup(database)).toBe(true);

    const result = await runSetup(deps, createInput, { locale: 'zh-CN', ip: '127.0.0.1' });
    expect(result.cookieValue).toMatch(new RegExp(`^${result.me.organization.id}\\.`));
    expect(result.me.organization.name).toBe('上海落地科技');
    expect(result.me.user).toMatchObject({ displayName: '王总', email: 'boss@example.com', mobile: '13800138000', roleName: '管理员' });
    expect(result.me.csrfToken).toEqual(expect.any(String));
    expect(result.demoCredentials).toBeUndefined();
    expect(await needsSetup(database)).toBe(false);

    await expect(runSetup(deps, { ...createInput, email: 'other@example.com', mobile: undefined }, { locale: 'zh-CN' })).rejects.toMatchObject({
      code: 'ALREADY_SET_UP',
    });
    await expect(runSetup(deps, { mode: 'demo' }, { locale: 'zh-CN' })).rejects.toMatchObject({ code: 'ALREADY_SET_UP' });
  });

  it('demo mode seeds the demo and signs in as its admin, returning the credentials', async () => {
    const database = await freshDatabase();
    const calls: unknown[] = [];
    const impl: SetupImpl = {
      isSetUp,
      createOrganization,
      createSession,
      seedDemo: async (db, opts) => {
        calls.push(opts);
        const created = await createOrganization(db, {
          name: '落地演示',
          admin: { displayName: '演示管理员', email: 'demo@luodi.example', password: 'luodi-demo' },
        });
        return { orgId: created.orgId, adminUserId: created.adminUserId, credentials: { identifier: 'demo@luodi.example', password: 'luodi-demo' } };
      },
    };
    const result = await runSetup({ database, clock: new ManualClock() }, { mode: 'demo' }, { locale: 'zh-CN' }, impl);
    expect(calls).toEqual([{ size: 'small' }]);
    expect(result.demoCredentials).toEqual({ identifier: 'demo@luodi.example', password: 'luodi-demo' });
    expect(result.me.user.displayName).toBe('演示管理员');
    expect(await needsSetup(database, impl)).toBe(false);
  });

  it('runs two simultaneous setups one after the other (exactly one organization), in the request language', async () => {
    const database = await freshDatabase();
    const deps = { database, clock: new ManualClock() };
    const results = await Promise.allSettled([
      runSetup(deps, createInput, { locale: 'en' }),
      runSetup(deps, { ...createInput, email: 'second@example.com', mobile: undefined }, { locale: 'en' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(results[0]!.status === 'fulfilled' && results[0]!.value.me.user.roleName).toBe('Administrator');
    const rows = await database.query<{ n: number }>('select count(*)::int as n from organizations');
    expect(rows[0]!.n).toBe(1);
  });
});

describe('GET/POST /setup over HTTP', () => {
  it('on an empty database: needsSetup, bad input refused, then setup signs in (cookie + me payload), then 409', async () => {
    const database = await freshDatabase();
    const app = await buildTestApp(database);
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needsSetup: true });
    const badMode = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { mode: 'import' } });
    expect(badMode.statusCode).toBe(400);
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { mode: 'create', organizationName: 'X', email: 'a@b.cn', password: 'short', extra: 1 },
    });
    expect(missing.statusCode).toBe(400);
    const fields = missing.json().error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['adminName', 'password', 'extra']));
    const badMobile = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...createInput, mobile: '12345' } });
    expect(badMobile.statusCode).toBe(400);
    expect(badMobile.json().error.fields).toEqual([{ field: 'mobile', message: '手机号格式不正确' }]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needsSetup: true });

    const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: createInput });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=.+HttpOnly`));
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['csrfToken', 'organization', 'user']);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json()).toEqual(body);

    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needsSetup: false });
    const again = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { mode: 'demo' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toEqual({ code: 'ALREADY_SET_UP', message: '系统已完成初始化' });
  });

  it('on the shared test database (organizations exist) setup is done', async () => {
    const database = await getTestDatabase();
    await createTestOrg(database);
    const app = await buildTestApp(database);
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needsSetup: false });
    expect((await app.inject({ method: 'POST', url: '/api/v1/setup', payload: createInput })).statusCode).toBe(409);
  });
});
