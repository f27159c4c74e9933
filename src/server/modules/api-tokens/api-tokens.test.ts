import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import { parseApiToken, sha256 } from '../../platform/auth/tokens.js';
import { apiTokens } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { managesAllTokens } from './api-tokens.service.js';

async function setup(clock = new ManualClock()) {
  const database = await getTestDatabase();
  const org = await createTestOrg(database);
  const app = await buildTestApp(database, { clock });
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const createToken = async (headers: Record<string, string>, body: object) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers, payload: body });
    expect(res.statusCode).toBe(201);
    return res.json() as { token: string; item: { id: string; scopes: string[]; expiresAt: string | null } };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return { database, org, app, admin, clock, createToken, bearer };
}

describe('API tokens', () => {
  it('creates a token shown once, stored only as its hash, audited', async () => {
    const { database, org, admin, createToken } = await setup();
    const created = await createToken(admin.headers, { name: 'ERP 同步', scopes: ['users:read', 'accounts:read'], expiresInDays: 30 });
    expect(created.token).toMatch(/^ld_[0-9a-f]{32}_[A-Za-z0-9_-]{20,}$/);
    expect(created.item).toMatchObject({
      name: 'ERP 同步',
      scopes: ['accounts:read', 'users:read'],
      lastUsedAt: null,
      userId: org.adminUserId,
      userName: '管理员',
    });
    expect(new Date(created.item.expiresAt!).getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);

    const rows = await database.withTenant(org.orgId, (tx) =>
      tx.select().from(apiTokens).where(and(eq(apiTokens.orgId, org.orgId), eq(apiTokens.id, created.item.id))),
    );
    const secret = parseApiToken(created.token)!.secret;
    expect(rows[0]!.tokenHash).toBe(sha256(secret));
    expect(JSON.stringify(rows[0])).not.toContain(secret);
    const history = await database.withTenant(org.orgId, (tx) =>
      auditRepository.listForRecord(tx, org.orgId, 'api_tokens', created.item.id, { limit: 5 }),
    );
    expect(history[0]).toMatchObject({ action: 'create' });
    expect(JSON.stringify(history)).not.toContain(secret);
  });

  it('a Bearer token works for /auth/me and GET /users (users:read), needs no CSRF header, and is limited to its scopes', async () => {
    const { org, app, admin, createToken, bearer } = await setup();
    const { token } = await createToken(admin.headers, { name: 'read users', scopes: ['users:read'] });

    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: org.adminUserId }, organization: { id: org.orgId }, csrfToken: null });

    const users = await app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(token) });
    expect(users.statusCode).toBe(200);
    expect(users.json().items.map((u: { id: string }) => u.id)).toContain(org.adminUserId);

    const noScope = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(token),
      payload: { displayName: 'x', email: `x-${randomUUID()}@test.luodi.local`, password: 'long-enough', departmentId: org.rootDepartmentId, roleId: org.roleIds.rep },
    });
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json().error).toEqual({ code: 'TOKEN_SCOPE_MISSING', message: 'API 令牌缺少权限范围 users:write' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/departments', headers: bearer(token) })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: bearer(token) })).statusCode).toBe(403);

    // a write with the scope, no CSRF header
    const { token: writer } = await createToken(admin.headers, { name: 'write users', scopes: ['users:write'] });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(writer),
      payload: { displayName: '接口用户', email: `api-${randomUUID()}@test.luodi.local`, password: 'long-enough', departmentId: org.rootDepartmentId, roleId: org.roleIds.rep },
    });
    expect(created.statusCode).toBe(201);

    const list = await app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: admin.headers });
    const used = list.json().items.find((t: { name: string }) => t.name === 'read users');
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('a token never does more than its user may', async () => {
    const { database, org, app, createToken, bearer } = await setup();
    const manager = await createTestUser(database, org, { role: 'manager' });
    const session = await signInAs(database, org.orgId, manager.id);
    const { token } = await createToken(session.headers, { name: 'm', scopes: ['users:write'] });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(token),
      payload: { displayName: 'x', email: `x-${randomUUID()}@test.luodi.local`, password: 'long-enough', departmentId: org.rootDepartmentId, roleId: org.roleIds.rep },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });

  it('a revoked or expired token gets 401; a malformed one too', async () => {
    const clock = new ManualClock();
    const { app, admin, createToken, bearer } = await setup(clock);
    const revoked = await createToken(admin.headers, { name: 'old', scopes: ['users:read'] });
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${revoked.item.id}`, headers: admin.headers })).statusCode).toBe(204);
    const res = await app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(revoked.token) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_TOKEN');
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${revoked.item.id}`, headers: admin.headers })).statusCode).toBe(404);

    const shortLived = await createToken(admin.headers, { name: 'short', scopes: ['users:read'], expiresInDays: 1 });
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(shortLived.token) })).statusCode).toBe(200);
    clock.advance(24 * 3600 * 1000 + 1000);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(shortLived.token) })).statusCode).toBe(401);

    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer('ld_nonsense') })).statusCode).toBe(401);
  });

  it('everyone sees and revokes their own tokens; user administrators see everyone’s with the user name', async () => {
    const { database, org, app, admin, createToken } = await setup();
    const director = await createTestUser(database, org, { role: 'director', displayName: '赵总监' });
    const other = await createTestUser(database, org, { role: 'director' });
    const dSession = await signInAs(database, org.orgId, director.id);
    const oSession = await signInAs(database, org.orgId, other.id);
    const mine = await createToken(dSession.headers, { name: 'mine', scopes: ['accounts:read'] });
    const theirs = await createToken(oSession.headers, { name: 'theirs', scopes: ['accounts:read'] });
    await createToken(admin.headers, { name: 'admin', scopes: ['accounts:read'] });

    const own = await app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: dSession.headers });
    expect(own.json().items.map((t: { name: string }) => t.name)).toEqual(['mine']);
    const all = await app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: admin.headers });
    expect(all.json().items.map((t: { name: string }) => t.name).sort()).toEqual(['admin', 'mine', 'theirs']);
    expect(all.json().items.find((t: { name: string }) => t.name === 'mine')).toMatchObject({ userId: director.id, userName: '赵总监' });

    expect((await app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${theirs.item.id}`, headers: dSession.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${mine.item.id}`, headers: dSession.headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${theirs.item.id}`, headers: admin.headers })).statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: admin.headers });
    expect(after.json().items.map((t: { name: string }) => t.name)).toEqual(['admin']);

    // reps have no api_tokens permission at all
    const rep = await createTestUser(database, org, { role: 'rep' });
    const rSession = await signInAs(database, org.orgId, rep.id);
    expect((await app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: rSession.headers, payload: { name: 'x', scopes: ['accounts:read'] } })).statusCode).toBe(403);
  });

  it('validates the scopes', async () => {
    const { app, admin } = await setup();
    const res = await app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: admin.headers, payload: { name: 'x', scopes: ['roles:write'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('scopes.0');
    const empty = await app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: admin.headers, payload: { name: 'x', scopes: [] } });
    expect(empty.statusCode).toBe(400);
  });

  it('managesAllTokens is users:edit (unit)', () => {
    expect(managesAllTokens({ permissions: { users: ['view', 'edit'] } })).toBe(true);
    expect(managesAllTokens({ permissions: { users: ['view'], api_tokens: ['view', 'create', 'delete'] } })).toBe(false);
  });
});
