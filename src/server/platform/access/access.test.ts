import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DataScope } from '../../../core/access/catalog.js';
import { createTestDepartment, createTestOrg, createTestUser, setDepartmentManager, type TestOrg } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import type { Database } from '../db/database.js';
import { accounts } from '../db/schema.js';
import { accessRepository } from './access.repository.js';
import { canSeeRecord, loadAccessScope, maskRecord, scopeFilter } from './access.js';

/**
 *   root
 *   ├── sales (manager: boss)
 *   │   ├── east   (alice)
 *   │   │   └── shanghai (carol)
 *   │   └── west   (bob)
 *   └── support (dave)
 */
async function world(database: Database) {
  const org = await createTestOrg(database);
  const sales = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId, name: '销售部' });
  const east = await createTestDepartment(database, org.orgId, { parentId: sales, name: '华东' });
  const shanghai = await createTestDepartment(database, org.orgId, { parentId: east, name: '上海' });
  const west = await createTestDepartment(database, org.orgId, { parentId: sales, name: '华西' });
  const support = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId, name: '客服部' });
  const boss = await createTestUser(database, org, { role: 'manager', departmentId: sales });
  await setDepartmentManager(database, org.orgId, sales, boss.id);
  const alice = await createTestUser(database, org, { departmentId: east });
  const carol = await createTestUser(database, org, { departmentId: shanghai });
  const bob = await createTestUser(database, org, { departmentId: west });
  const dave = await createTestUser(database, org, { departmentId: support });
  const users = { boss, alice, carol, bob, dave };
  const depts = { sales, east, shanghai, west, support };
  const deptOf = { boss: sales, alice: east, carol: shanghai, bob: west, dave: support };
  // one account per user, in the owner's department
  const accountOf = {} as Record<keyof typeof users, string>;
  await database.withTenant(org.orgId, async (tx) => {
    for (const [key, u] of Object.entries(users) as [keyof typeof users, { id: string }][]) {
      const id = randomUUID();
      accountOf[key] = id;
      await tx.insert(accounts).values({ orgId: org.orgId, id, name: `客户-${key}`, ownerId: u.id, departmentId: deptOf[key] });
    }
  });
  return { org, users, depts, deptOf, accountOf };
}

type World = Awaited<ReturnType<typeof world>>;

async function visibleAccountNames(database: Database, w: World, who: keyof World['users'], dataScope: DataScope) {
  const actor = { orgId: w.org.orgId, userId: w.users[who].id, dataScope, departmentId: w.deptOf[who] };
  return database.withTenant(w.org.orgId, async (tx) => {
    const scope = await loadAccessScope(tx, actor);
    const rows = await tx
      .select({ name: accounts.name })
      .from(accounts)
      .where(and(eq(accounts.orgId, w.org.orgId), scopeFilter(accounts, 'accounts', scope)));
    return rows.map((r) => r.name.replace('客户-', '')).sort();
  });
}

describe('data scope filter (DB)', () => {
  it('own: only the user’s records', async () => {
    const database = await getTestDatabase();
    const w = await world(database);
    expect(await visibleAccountNames(database, w, 'alice', 'own')).toEqual(['alice']);
  });

  it('own_and_subordinates: the user and everyone in the departments they manage, recursively', async () => {
    const database = await getTestDatabase();
    const w = await world(database);
    expect(await visibleAccountNames(database, w, 'boss', 'own_and_subordinates')).toEqual(['alice', 'bob', 'boss', 'carol']);
    // a user who manages nothing only sees their own
    expect(await visibleAccountNames(database, w, 'bob', 'own_and_subordinates')).toEqual(['bob']);
  });

  it('department: records of the user’s own department only (plus their own)', async () => {
    const database = await getTestDatabase();
    const w = await world(database);
    expect(await visibleAccountNames(database, w, 'alice', 'department')).toEqual(['alice']);
    expect(await visibleAccountNames(database, w, 'boss', 'department')).toEqual(['boss']);
  });

  it('department_and_children: the department subtree, not siblings', async () => {
    const database = await getTestDatabase();
    const w = await world(database);
    expect(await visibleAccountNames(database, w, 'alice', 'department_and_children')).toEqual(['alice', 'carol']);
    expect(await visibleAccountNames(database, w, 'boss', 'department_and_children')).toEqual(['alice', 'bob', 'boss', 'carol']);
  });

  it('all: every record of the organization, none of another', async () => {
    const database = await getTestDatabase();
    const w = await world(database);
    await world(database); // another organization with the same shape
    expect(await visibleAccountNames(database, w, 'dave', 'all')).toEqual(['alice', 'bob', 'boss', 'carol', 'dave']);
  });

  it('records shared with the user are visible whatever the scope, until unshared', async () => {
    const database = await getTestDatabase();
    const w = await world(database);
    const share = { orgId: w.org.orgId, objectType: 'accounts', recordId: w.accountOf.dave, userId: w.users.alice.id };
    await database.withTenant(w.org.orgId, (tx) => accessRepository.share(tx, { ...share, role: 'collaborator' }));
    await database.withTenant(w.org.orgId, (tx) => accessRepository.share(tx, share)); // idempotent
    for (const scope of ['own', 'department', 'department_and_children', 'own_and_subordinates'] as const) {
      expect(await visibleAccountNames(database, w, 'alice', scope)).toContain('dave');
    }
    // a share of another object type with the same id does not count
    await database.withTenant(w.org.orgId, (tx) =>
      accessRepository.share(tx, { ...share, objectType: 'deals', recordId: w.accountOf.bob }),
    );
    expect(await visibleAccountNames(database, w, 'alice', 'own')).toEqual(['alice', 'dave']);
    await database.withTenant(w.org.orgId, (tx) => accessRepository.unshare(tx, share));
    expect(await visibleAccountNames(database, w, 'alice', 'own')).toEqual(['alice']);
  });

  it('canSeeRecord applies the same rule to one loaded record', async () => {
    const database = await getTestDatabase();
    const w = await world(database);
    const actor = { orgId: w.org.orgId, userId: w.users.alice.id, dataScope: 'own' as const, departmentId: w.depts.east };
    await database.withTenant(w.org.orgId, async (tx) => {
      const scope = await loadAccessScope(tx, actor);
      const bobs = { id: w.accountOf.bob, ownerId: w.users.bob.id, departmentId: w.depts.west };
      expect(await canSeeRecord(tx, scope, 'accounts', bobs)).toBe(false);
      await accessRepository.share(tx, { orgId: w.org.orgId, objectType: 'accounts', recordId: bobs.id, userId: w.users.alice.id });
      expect(await canSeeRecord(tx, scope, 'accounts', bobs)).toBe(true);
      expect(await canSeeRecord(tx, scope, 'accounts', { id: w.accountOf.alice, ownerId: w.users.alice.id, departmentId: null })).toBe(true);
    });
  });

  it('ignores departments of other organizations when resolving a tree (RLS)', async () => {
    const database = await getTestDatabase();
    const a: TestOrg = await createTestOrg(database);
    const b = await createTestOrg(database);
    await createTestDepartment(database, b.orgId, { parentId: a.rootDepartmentId });
    const nodes = await database.withTenant(a.orgId, (tx) => accessRepository.listDepartmentNodes(tx, a.orgId));
    expect(nodes.map((n) => n.id)).toEqual([a.rootDepartmentId]);
  });
});

describe('maskRecord (server re-export)', () => {
  it('masks by the role’s field masks and the view', () => {
    const r = { phone: '13812345678' };
    expect(maskRecord('accounts', r, { 'accounts.phone': 'list' }, 'list').phone).toBe('138****5678');
    expect(maskRecord('accounts', r, { 'accounts.phone': 'list' }, 'detail').phone).toBe('13812345678');
  });
});

describe('loadAccessScope (fake repository)', () => {
  const fakeRepo = (calls: string[]) => ({
    async listDepartmentNodes() {
      calls.push('tree');
      return [
        { id: 'd1', parentId: null, managerId: 'u1' },
        { id: 'd2', parentId: 'd1', managerId: null },
      ];
    },
    async listUserIdsInDepartments(_tx: unknown, _org: string, ids: readonly string[]) {
      if (ids.length) calls.push(`users:${[...ids].sort().join(',')}`);
      return ids.length ? ['u2', 'u3'] : [];
    },
  });
  const tx = {} as never;
  const actor = { orgId: 'o', userId: 'u1', departmentId: 'd1' };

  it('loads the tree only for scopes that need it', async () => {
    for (const dataScope of ['own', 'department', 'all'] as const) {
      const calls: string[] = [];
      await loadAccessScope(tx, { ...actor, dataScope }, fakeRepo(calls));
      expect(calls).toEqual([]);
    }
    const calls: string[] = [];
    const scope = await loadAccessScope(tx, { ...actor, dataScope: 'own_and_subordinates' }, fakeRepo(calls));
    expect(calls).toEqual(['tree', 'users:d1,d2']);
    expect(scope).toMatchObject({ kind: 'restricted', ownerIds: ['u1', 'u2', 'u3'], departmentIds: [] });
    const sub = await loadAccessScope(tx, { ...actor, dataScope: 'department_and_children' }, fakeRepo([]));
    expect(sub.kind === 'restricted' && [...sub.departmentIds].sort()).toEqual(['d1', 'd2']);
  });
});
