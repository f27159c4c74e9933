import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OBJECT_CATALOG } from '../../../core/access/catalog.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { normalizeFieldMasks, normalizePermissions } from './roles.service.js';

async function setup() {
  const database = await getTestDatabase();
  const org = await createTestOrg(database);
  const app = await buildTestApp(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = admin.headers) =>
    app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  return { database, org, app, admin, call };
}

const salesOps = {
  name: '销售运营',
  dataScope: 'department_and_children',
  permissions: { accounts: ['edit', 'view', 'view', 'export'], users: ['view'] },
  fieldMasks: { 'accounts.phone': 'list', 'users.email': 'none' },
};

describe('roles', () => {
  it('lists the four built-in roles and the catalog', async () => {
    const { org, call } = await setup();
    const list = await call('GET', '/roles');
    expect(list.statusCode).toBe(200);
    const items = list.json().items;
    // listed in their hierarchy, not in creation order
    expect(items.map((r: { key: string }) => r.key)).toEqual(['admin', 'director', 'manager', 'rep']);
    expect(items.find((r: { id: string }) => r.id === org.roleIds.admin)).toMatchObject({
      name: '管理员',
      dataScope: 'all',
      isSystem: true,
      version: 1,
    });
    const catalog = await call('GET', '/roles/catalog');
    expect(catalog.json()).toEqual({
      objects: OBJECT_CATALOG,
      dataScopes: ['own', 'own_and_subordinates', 'department', 'department_and_children', 'all'],
      maskModes: ['none', 'list', 'all'],
    });
  });

  it('creates a role with normalised permissions, audited; refuses unknown objects, actions and fields naming them', async () => {
    const { database, org, call } = await setup();
    const res = await call('POST', '/roles', salesOps);
    expect(res.statusCode).toBe(201);
    const role = res.json();
    expect(role).toMatchObject({
      key: null,
      name: '销售运营',
      isSystem: false,
      permissions: { accounts: ['view', 'edit', 'export'], users: ['view'] },
      fieldMasks: { 'accounts.phone': 'list' },
      version: 1,
    });
    const history = await database.withTenant(org.orgId, (tx) => auditRepository.listForRecord(tx, org.orgId, 'roles', role.id, { limit: 5 }));
    expect(history[0]).toMatchObject({ action: 'create' });

    const dup = await call('POST', '/roles', salesOps);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ROLE_NAME_TAKEN');

    const bad = await call('POST', '/roles', {
      ...salesOps,
      name: '坏角色',
      permissions: { accounts: ['view', 'fly'], spaceships: ['view'] },
      fieldMasks: { 'accounts.secret': 'all' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_PERMISSION');
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual([
      'permissions.accounts.fly',
      'permissions.spaceships',
      'fieldMasks.accounts.secret',
    ]);
    const badScope = await call('POST', '/roles', { ...salesOps, name: 'x', dataScope: 'galaxy' });
    expect(badScope.statusCode).toBe(400);
    expect(badScope.json().error.fields[0].field).toBe('dataScope');
    const badMode = await call('POST', '/roles', { ...salesOps, name: 'y', fieldMasks: { 'accounts.phone': 'half' } });
    expect(badMode.json().error.fields[0].field).toBe('fieldMasks.accounts.phone');
  });

  it('updates with version checks; the change reaches the users of the role', async () => {
    const { database, org, app, call } = await setup();
    const rep = await createTestUser(database, org, { role: 'rep' });
    const session = await signInAs(database, org.orgId, rep.id);
    const res = await call('PATCH', `/roles/${org.roleIds.rep}`, {
      dataScope: 'department',
      permissions: { accounts: ['view'], departments: ['view', 'create'] },
      version: 1,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dataScope: 'department', version: 2, key: 'rep', isSystem: true });
    const stale = await call('PATCH', `/roles/${org.roleIds.rep}`, { name: '旧版本', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');

    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.headers });
    expect(me.json().user).toMatchObject({ dataScope: 'department', permissions: { departments: ['view', 'create'] } });
    const created = await app.inject({ method: 'POST', url: '/api/v1/departments', headers: session.headers, payload: { name: `新部门-${randomUUID()}` } });
    expect(created.statusCode).toBe(201);

    const history = await database.withTenant(org.orgId, (tx) => auditRepository.listForRecord(tx, org.orgId, 'roles', org.roleIds.rep, { limit: 5 }));
    expect(history[0]!.changes.map((c) => c.field).sort()).toEqual(['dataScope', 'permissions']);
  });

  it('never lets an admin remove roles:edit from their own role', async () => {
    const { org, call } = await setup();
    const res = await call('PATCH', `/roles/${org.roleIds.admin}`, { permissions: { accounts: ['view'], roles: ['view'] }, version: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'CANNOT_REMOVE_OWN_ROLES_EDIT', fields: [{ field: 'permissions' }] });
    // other edits of the own role are fine
    const rename = await call('PATCH', `/roles/${org.roleIds.admin}`, { name: '超级管理员', version: 1 });
    expect(rename.statusCode).toBe(200);
    const me = await call('GET', '/auth/me');
    expect(me.json().user.roleName).toBe('超级管理员');
  });

  it('deletes unused custom roles only: built-in and in-use roles are 409', async () => {
    const { database, org, call } = await setup();
    const system = await call('DELETE', `/roles/${org.roleIds.manager}`);
    expect(system.statusCode).toBe(409);
    expect(system.json().error.code).toBe('SYSTEM_ROLE_UNDELETABLE');

    const role = (await call('POST', '/roles', { ...salesOps, name: '临时角色' })).json();
    const user = await createTestUser(database, org, { roleId: role.id });
    const inUse = await call('DELETE', `/roles/${role.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error).toMatchObject({ code: 'ROLE_IN_USE', message: '仍有 1 个用户使用该角色，不能删除' });

    expect((await call('PATCH', `/users/${user.id}`, { roleId: org.roleIds.rep, version: 1 })).statusCode).toBe(200);
    expect((await call('DELETE', `/roles/${role.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/roles/${role.id}`)).statusCode).toBe(404);
    const history = await database.withTenant(org.orgId, (tx) => auditRepository.listForRecord(tx, org.orgId, 'roles', role.id, { limit: 5 }));
    expect(history.map((e) => e.action)).toEqual(['delete', 'create']);
  });

  it('needs the roles permissions: a manager gets 403', async () => {
    const { database, org, app } = await setup();
    const manager = await createTestUser(database, org, { role: 'manager' });
    const session = await signInAs(database, org.orgId, manager.id);
    expect((await app.inject({ method: 'GET', url: '/api/v1/roles', headers: session.headers })).statusCode).toBe(403);
    const create = await app.inject({ method: 'POST', url: '/api/v1/roles', headers: session.headers, payload: salesOps });
    expect(create.statusCode).toBe(403);
  });
});

describe('permission validation (unit)', () => {
  it('orders actions as the catalog does and drops empty entries', () => {
    expect(normalizePermissions({ accounts: ['delete', 'view'], departments: [] })).toEqual({
      value: { accounts: ['view', 'delete'] },
      bad: [],
    });
    expect(normalizePermissions({ api_tokens: ['export'], nope: [] }).bad).toEqual(['permissions.api_tokens.export', 'permissions.nope']);
    expect(normalizeFieldMasks({ 'users.mobile': 'all', 'users.email': 'none', users: 'all' })).toEqual({
      value: { 'users.mobile': 'all' },
      bad: ['fieldMasks.users'],
    });
  });
});
