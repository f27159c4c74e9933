import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import { buildTestApp, createTestDepartment, createTestOrg, createTestUser, signInAs } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { wouldCreateCycle } from './departments.service.js';

async function setup() {
  const database = await getTestDatabase();
  const org = await createTestOrg(database);
  const app = await buildTestApp(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = admin.headers) =>
    app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const history = (id: string) =>
    database.withTenant(org.orgId, (tx) => auditRepository.listForRecord(tx, org.orgId, 'departments', id, { limit: 20 }));
  return { database, org, app, admin, call, history };
}

describe('departments', () => {
  it('creates under the root by default, lists with manager name and member count, audited', async () => {
    const { database, org, call, history } = await setup();
    const manager = await createTestUser(database, org, { displayName: '李经理' });
    const res = await call('POST', '/departments', { name: ' 华东区 ', managerId: manager.id });
    expect(res.statusCode).toBe(201);
    const dept = res.json();
    expect(dept).toEqual({
      id: expect.any(String),
      name: '华东区',
      parentId: org.rootDepartmentId,
      managerId: manager.id,
      managerName: '李经理',
      memberCount: 0,
      version: 1,
    });
    const child = await call('POST', '/departments', { name: '上海组', parentId: dept.id, managerId: null });
    expect(child.statusCode).toBe(201);
    await createTestUser(database, org, { departmentId: child.json().id });

    const list = await call('GET', '/departments');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; parentId: string | null; memberCount: number }[];
    expect(items.find((d) => d.id === org.rootDepartmentId)).toMatchObject({ parentId: null, memberCount: 2 });
    expect(items.find((d) => d.id === child.json().id)).toMatchObject({ parentId: dept.id, memberCount: 1 });

    const events = await history(dept.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'create', actorId: org.adminUserId, actorKind: 'user' });
    expect(events[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', old: null, new: '华东区' },
        { field: 'managerId', old: null, new: manager.id },
      ]),
    );
  });

  it('refuses a missing parent, an unknown manager and a duplicate sibling name', async () => {
    const { call } = await setup();
    const noParent = await call('POST', '/departments', { name: 'X', parentId: '00000000-0000-4000-8000-000000000000' });
    expect(noParent.statusCode).toBe(400);
    expect(noParent.json().error.fields).toEqual([{ field: 'parentId', message: '上级部门不存在' }]);
    const noManager = await call('POST', '/departments', { name: 'X', managerId: '00000000-0000-4000-8000-000000000000' });
    expect(noManager.statusCode).toBe(400);
    expect(noManager.json().error.fields[0].field).toBe('managerId');
    expect((await call('POST', '/departments', { name: '同名' })).statusCode).toBe(201);
    const dup = await call('POST', '/departments', { name: '同名' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DEPARTMENT_NAME_TAKEN');
  });

  it('updates with optimistic concurrency: a stale version is 409 VERSION_CONFLICT', async () => {
    const { call, history } = await setup();
    const dept = (await call('POST', '/departments', { name: '华南区' })).json();
    const ok = await call('PATCH', `/departments/${dept.id}`, { name: '华南大区', version: 1 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: '华南大区', version: 2 });
    const stale = await call('PATCH', `/departments/${dept.id}`, { name: '旧名', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const events = await history(dept.id);
    expect(events[0]).toMatchObject({ action: 'update', changes: [{ field: 'name', old: '华南区', new: '华南大区' }] });
    expect(events).toHaveLength(2);
  });

  it('moves departments, refusing cycles (400 parentId) and a parent for the root', async () => {
    const { org, call } = await setup();
    const a = (await call('POST', '/departments', { name: 'A' })).json();
    const b = (await call('POST', '/departments', { name: 'B', parentId: a.id })).json();
    const c = (await call('POST', '/departments', { name: 'C', parentId: b.id })).json();

    for (const parentId of [a.id, c.id, b.id]) {
      const res = await call('PATCH', `/departments/${a.id}`, { parentId, version: 1 });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('DEPARTMENT_CYCLE');
      expect(res.json().error.fields[0].field).toBe('parentId');
    }
    const root = await call('PATCH', `/departments/${org.rootDepartmentId}`, { parentId: a.id, version: 1 });
    expect(root.statusCode).toBe(400);
    expect(root.json().error.code).toBe('ROOT_HAS_NO_PARENT');

    const moved = await call('PATCH', `/departments/${c.id}`, { parentId: a.id, version: 1 });
    expect(moved.json()).toMatchObject({ parentId: a.id, version: 2 });
    const toRoot = await call('PATCH', `/departments/${c.id}`, { parentId: null, version: 2 });
    expect(toRoot.json()).toMatchObject({ parentId: org.rootDepartmentId, version: 3 });
  });

  it('deletes only empty departments (soft), never the root', async () => {
    const { database, org, call, history } = await setup();
    const parent = (await call('POST', '/departments', { name: '待撤销' })).json();
    const child = (await call('POST', '/departments', { name: '子部门', parentId: parent.id })).json();
    const member = await createTestUser(database, org, { departmentId: child.id });

    const withChild = await call('DELETE', `/departments/${parent.id}`);
    expect(withChild.statusCode).toBe(409);
    expect(withChild.json().error.code).toBe('DEPARTMENT_NOT_EMPTY');
    expect((await call('DELETE', `/departments/${child.id}`)).statusCode).toBe(409);

    const moveOut = await call('PATCH', `/users/${member.id}`, { departmentId: org.rootDepartmentId, version: 1 });
    expect(moveOut.statusCode).toBe(200);
    expect((await call('DELETE', `/departments/${child.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/departments/${parent.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/departments/${parent.id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/departments/${parent.id}`)).statusCode).toBe(404);
    const ids = (await call('GET', '/departments')).json().items.map((d: { id: string }) => d.id);
    expect(ids).not.toContain(parent.id);
    expect((await history(parent.id))[0]).toMatchObject({ action: 'delete' });

    const root = await call('DELETE', `/departments/${org.rootDepartmentId}`);
    expect(root.statusCode).toBe(409);
    expect(root.json().error.code).toBe('ROOT_DEPARTMENT_UNDELETABLE');
    // a deleted department is no longer a valid parent
    const underDeleted = await call('POST', '/departments', { name: 'X', parentId: parent.id });
    expect(underDeleted.statusCode).toBe(400);
  });

  it('requires the departments permissions: a rep may view but not create, edit or delete', async () => {
    const { database, org, app } = await setup();
    const rep = await createTestUser(database, org, { role: 'rep' });
    const session = await signInAs(database, org.orgId, rep.id);
    const dept = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId });
    expect((await app.inject({ method: 'GET', url: '/api/v1/departments', headers: session.headers })).statusCode).toBe(200);
    const create = await app.inject({ method: 'POST', url: '/api/v1/departments', headers: session.headers, payload: { name: 'X' } });
    expect(create.statusCode).toBe(403);
    expect(create.json().error.code).toBe('FORBIDDEN');
    const patch = await app.inject({ method: 'PATCH', url: `/api/v1/departments/${dept}`, headers: session.headers, payload: { name: 'X', version: 1 } });
    expect(patch.statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/departments/${dept}`, headers: session.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/departments' })).statusCode).toBe(401);
  });

  it('rejects unknown fields and bad ids with 400', async () => {
    const { call } = await setup();
    const res = await call('POST', '/departments', { name: 'X', color: 'red' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ field: 'color', message: '不允许的字段' }]);
    expect((await call('GET', '/departments/not-a-uuid')).statusCode).toBe(400);
    const noVersion = await call('PATCH', '/departments/00000000-0000-4000-8000-000000000000', { name: 'X' });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.fields[0].field).toBe('version');
  });
});

describe('wouldCreateCycle (unit)', () => {
  const tree = [
    { id: 'root', parentId: null },
    { id: 'a', parentId: 'root' },
    { id: 'b', parentId: 'a' },
    { id: 'c', parentId: 'b' },
    { id: 'x', parentId: 'root' },
  ];
  it('refuses moving a node under itself or a descendant, allows elsewhere', () => {
    expect(wouldCreateCycle(tree, 'a', 'a')).toBe(true);
    expect(wouldCreateCycle(tree, 'a', 'c')).toBe(true);
    expect(wouldCreateCycle(tree, 'a', 'x')).toBe(false);
    expect(wouldCreateCycle(tree, 'c', 'x')).toBe(false);
    expect(wouldCreateCycle(tree, 'x', 'c')).toBe(false);
  });

  it('never lets a move produce a tree in which some node is its own ancestor', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 20 }), fc.nat(20), fc.nat(20), (parents, from, to) => {
        // a random tree: node i's parent is some node < i
        const nodes = parents.map((p, i) => ({ id: `n${i}`, parentId: i === 0 ? null : `n${p % i}` }));
        const id = `n${from % nodes.length}`;
        const newParent = `n${to % nodes.length}`;
        if (wouldCreateCycle(nodes, id, newParent)) return;
        const moved = nodes.map((n) => (n.id === id ? { ...n, parentId: newParent } : n));
        const parentOf = new Map(moved.map((n) => [n.id, n.parentId]));
        for (const n of moved) {
          let cur = parentOf.get(n.id);
          for (let steps = 0; cur; steps++) {
            expect(cur).not.toBe(n.id);
            expect(steps).toBeLessThan(moved.length);
            cur = parentOf.get(cur);
          }
        }
      }),
    );
  });
});
