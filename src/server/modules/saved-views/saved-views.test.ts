/**
 * Saved views (保存的筛选视图) over HTTP: a user saves filters + columns + sort of a list, lists own views then
 * shared ones, shares a view (read-only for the others), edits with versions; validation names the field;
 * another organization never sees a view.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTestApp, createTestOrg, createTestUser, signInAs, updateTestRole, type TestSession } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';

async function setup() {
  const database = await getTestDatabase();
  const app = await buildTestApp(database);
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = async (session: TestSession, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...session.headers, 'accept-language': 'en' }, payload: payload as never });
  const rep = await createTestUser(database, org, { role: 'rep', displayName: '小王' });
  const repSession = await signInAs(database, org.orgId, rep.id);
  const colleague = await signInAs(database, org.orgId, (await createTestUser(database, org, { role: 'rep' })).id);
  const names = async (session: TestSession, objectType = 'accounts') => {
    const res = await call(session, 'GET', `/saved-views?objectType=${objectType}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { name: string; mine: boolean }[]).map((v) => `${v.name}${v.mine ? '' : ' (shared)'}`);
  };
  return { database, app, org, admin, call, rep, repSession, colleague, names };
}

const VIEW = {
  objectType: 'accounts',
  name: '我的 A 类客户',
  filters: { tier: 'A', tagId: '7d3c1f1e-1111-4a4a-8b8b-123456789abc', q: '科技' },
  columns: ['name', 'tier', 'ownerName', 'cf.budget'],
  sort: { field: 'name', order: 'asc' },
};

describe(`saved views on ${testDatabaseKind()}`, () => {
  it('a user saves a view of the accounts list and lists own views; others do not see it until shared', async () => {
    const { app, call, rep, repSession, colleague, names } = await setup();
    const created = await call(repSession, 'POST', '/saved-views', VIEW);
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json();
    expect(view).toMatchObject({ ...VIEW, shared: false, ownerId: rep.id, ownerName: '小王', mine: true, version: 1 });
    // defaults: no filters, columns or sort
    const bare = await call(repSession, 'POST', '/saved-views', { objectType: 'accounts', name: '全部' });
    expect(bare.json()).toMatchObject({ filters: {}, columns: [], sort: {}, shared: false });

    expect(await names(repSession)).toEqual(['全部', '我的 A 类客户']);
    expect(await names(repSession, 'contacts')).toEqual([]);
    expect((await call(repSession, 'GET', `/saved-views/${view.id}`)).json()).toMatchObject({ name: VIEW.name, filters: VIEW.filters });

    // private: a colleague sees nothing
    expect(await names(colleague)).toEqual([]);
    expect((await call(colleague, 'GET', `/saved-views/${view.id}`)).statusCode).toBe(404);
    expect((await call(colleague, 'PATCH', `/saved-views/${view.id}`, { name: 'x', version: 1 })).statusCode).toBe(404);
    expect((await call(colleague, 'DELETE', `/saved-views/${view.id}`)).statusCode).toBe(404);

    // edit with the version; a stale version is a conflict
    const edited = await call(repSession, 'PATCH', `/saved-views/${view.id}`, { columns: ['name', 'phone'], version: 1 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: VIEW.name, columns: ['name', 'phone'], filters: VIEW.filters, version: 2 });
    expect((await call(repSession, 'PATCH', `/saved-views/${view.id}`, { name: '旧', version: 1 })).statusCode).toBe(409);

    expect((await call(repSession, 'DELETE', `/saved-views/${bare.json().id}`)).statusCode).toBe(204);
    expect(await names(repSession)).toEqual(['我的 A 类客户']);
    await app.close();
  });

  it('a shared view is visible to the organization, read-only for everyone but its creator', async () => {
    const { app, call, repSession, colleague, names, admin } = await setup();
    const view = (await call(repSession, 'POST', '/saved-views', VIEW)).json();
    const shared = await call(repSession, 'PATCH', `/saved-views/${view.id}`, { shared: true, version: view.version });
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.json()).toMatchObject({ shared: true, version: 2 });

    // others list it after their own, marked not theirs
    await call(colleague, 'POST', '/saved-views', { objectType: 'accounts', name: '我的视图' });
    expect(await names(colleague)).toEqual(['我的视图', '我的 A 类客户 (shared)']);
    expect(await names(admin)).toEqual(['我的 A 类客户 (shared)']);
    expect((await call(colleague, 'GET', `/saved-views/${view.id}`)).json()).toMatchObject({ mine: false, shared: true, filters: VIEW.filters });

    // … and cannot change or delete it
    const edit = await call(colleague, 'PATCH', `/saved-views/${view.id}`, { name: '被改', version: 2 });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().error.code).toBe('VIEW_READ_ONLY');
    expect((await call(admin, 'DELETE', `/saved-views/${view.id}`)).json().error.code).toBe('VIEW_READ_ONLY');
    expect((await call(repSession, 'GET', `/saved-views/${view.id}`)).json()).toMatchObject({ name: VIEW.name, version: 2 });

    // unshared again: gone for the others
    await call(repSession, 'PATCH', `/saved-views/${view.id}`, { shared: false, version: 2 });
    expect(await names(colleague)).toEqual(['我的视图']);
    await app.close();
  });

  it('needs view on the object type; validation errors name the field', async () => {
    const { app, call, repSession, database, org } = await setup();
    const bad = async (body: Record<string, unknown>) => {
      const res = await call(repSession, 'POST', '/saved-views', body);
      expect(res.statusCode, res.body).toBe(400);
      return (res.json().error.fields as { field: string }[]).map((f) => f.field);
    };
    expect(await bad({ ...VIEW, name: '  ' })).toEqual(['name']);
    expect(await bad({ ...VIEW, objectType: 'deals' })).toEqual(['objectType']);
    expect((await bad({ ...VIEW, columns: ['name', 'bad column!'] }))[0]).toMatch(/^columns/);
    expect((await bad({ ...VIEW, filters: { 'bad key!': 'x' } }))[0]).toMatch(/^filters/);
    expect((await bad({ ...VIEW, sort: { field: 'name', order: 'sideways' } }))[0]).toMatch(/^sort/);
    expect(await bad({ ...VIEW, shared: 'yes' })).toEqual(['shared']);
    expect(await bad({ ...VIEW, extra: 1 })).toHaveLength(1);
    const view = (await call(repSession, 'POST', '/saved-views', VIEW)).json();
    const noVersion = await call(repSession, 'PATCH', `/saved-views/${view.id}`, { name: 'x' });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['version']);
    expect((await call(repSession, 'GET', '/saved-views/not-a-uuid')).statusCode).toBe(404);
    expect((await call(repSession, 'GET', `/saved-views/${randomUUID()}`)).statusCode).toBe(404);

    // without view on leads: neither list nor save leads views; a view of a type one can no longer see is gone
    await updateTestRole(database, org.orgId, org.roleIds.rep, { permissions: { accounts: ['view'] } });
    expect((await call(repSession, 'GET', '/saved-views?objectType=leads')).statusCode).toBe(403);
    expect((await call(repSession, 'POST', '/saved-views', { objectType: 'leads', name: '线索' })).statusCode).toBe(403);
    await updateTestRole(database, org.orgId, org.roleIds.rep, { permissions: { leads: ['view'] } });
    expect((await call(repSession, 'GET', `/saved-views/${view.id}`)).statusCode).toBe(404);
    await app.close();
  });

  it('another organization never sees a view, shared or not', async () => {
    const { app, call, repSession, database } = await setup();
    const view = (await call(repSession, 'POST', '/saved-views', { ...VIEW, shared: true })).json();
    expect(view.shared).toBe(true);
    const other = await createTestOrg(database);
    const otherAdmin = await signInAs(database, other.orgId, other.adminUserId);
    expect((await call(otherAdmin, 'GET', '/saved-views?objectType=accounts')).json().items).toEqual([]);
    expect((await call(otherAdmin, 'GET', `/saved-views/${view.id}`)).statusCode).toBe(404);
    expect((await call(otherAdmin, 'PATCH', `/saved-views/${view.id}`, { name: 'x', version: 1 })).statusCode).toBe(404);
    expect((await call(otherAdmin, 'DELETE', `/saved-views/${view.id}`)).statusCode).toBe(404);
    expect((await call(repSession, 'GET', `/saved-views/${view.id}`)).statusCode).toBe(200);
    await app.close();
  });
});
