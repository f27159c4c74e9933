import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { descendantsOf, isRecordVisible, managedDepartments, planScope, resolveScope, type DepartmentNode } from './scope.js';

//        root
//       /    \
//      A      B (manager m)
//     / \      \
//   A1   A2     B1
const tree: DepartmentNode[] = [
  { id: 'root', parentId: null, managerId: null },
  { id: 'A', parentId: 'root', managerId: 'ma' },
  { id: 'B', parentId: 'root', managerId: 'm' },
  { id: 'A1', parentId: 'A', managerId: null },
  { id: 'A2', parentId: 'A', managerId: 'm' },
  { id: 'B1', parentId: 'B', managerId: null },
];
const subject = (dataScope: Parameters<typeof planScope>[0]['dataScope'], departmentId: string | null = 'A') => ({
  orgId: 'o',
  userId: 'm',
  dataScope,
  departmentId,
});

describe('department tree', () => {
  it('collects descendants including the roots', () => {
    expect(descendantsOf(tree, ['A']).sort()).toEqual(['A', 'A1', 'A2']);
    expect(descendantsOf(tree, ['root'])).toHaveLength(6);
    expect(descendantsOf(tree, [])).toEqual([]);
  });
  it('survives cycles', () => {
    const cyclic: DepartmentNode[] = [
      { id: 'x', parentId: 'y', managerId: null },
      { id: 'y', parentId: 'x', managerId: null },
    ];
    expect(descendantsOf(cyclic, ['x']).sort()).toEqual(['x', 'y']);
  });
  it('finds every department a user manages with their subtrees', () => {
    expect(managedDepartments(tree, 'm').sort()).toEqual(['A2', 'B', 'B1']);
    expect(managedDepartments(tree, 'nobody')).toEqual([]);
  });
});

describe('planScope / resolveScope', () => {
  it('own: only the user', () => {
    const s = resolveScope(subject('own'), planScope(subject('own'), tree));
    expect(s).toEqual({ kind: 'restricted', orgId: 'o', userId: 'm', ownerIds: ['m'], departmentIds: [] });
  });
  it('own_and_subordinates: asks for the members of managed subtrees', () => {
    const plan = planScope(subject('own_and_subordinates'), tree);
    expect(plan.subordinateDepartmentIds.sort()).toEqual(['A2', 'B', 'B1']);
    const s = resolveScope(subject('own_and_subordinates'), plan, ['u1', 'm', 'u2']);
    expect(s.kind === 'restricted' && [...s.ownerIds].sort()).toEqual(['m', 'u1', 'u2']);
  });
  it('department and department_and_children', () => {
    expect(planScope(subject('department'), tree).departmentIds).toEqual(['A']);
    expect(planScope(subject('department_and_children'), tree).departmentIds.sort()).toEqual(['A', 'A1', 'A2']);
    expect(planScope(subject('department_and_children', null), tree).departmentIds).toEqual([]);
  });
  it('all', () => {
    expect(resolveScope(subject('all'), planScope(subject('all'), tree)).kind).toBe('all');
  });
});

describe('isRecordVisible', () => {
  const scope = resolveScope(subject('department_and_children'), planScope(subject('department_and_children'), tree));
  it('shows own records, records of the department subtree and shared records only', () => {
    expect(isRecordVisible(scope, { ownerId: 'm', departmentId: 'B' })).toBe(true);
    expect(isRecordVisible(scope, { ownerId: 'x', departmentId: 'A1' })).toBe(true);
    expect(isRecordVisible(scope, { ownerId: 'x', departmentId: 'B' })).toBe(false);
    expect(isRecordVisible(scope, { ownerId: null, departmentId: null })).toBe(false);
    expect(isRecordVisible(scope, { ownerId: 'x', departmentId: 'B' }, true)).toBe(true);
  });
  it('a broader scope never sees less than own', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('own', 'own_and_subordinates', 'department', 'department_and_children', 'all' as const),
        fc.constantFrom('m', 'x', null),
        fc.constantFrom(...tree.map((d) => d.id), null),
        (dataScope, ownerId, departmentId) => {
          const own = resolveScope(subject('own'), planScope(subject('own'), tree));
          const other = resolveScope(subject(dataScope), planScope(subject(dataScope), tree), ['x']);
          if (isRecordVisible(own, { ownerId, departmentId })) expect(isRecordVisible(other, { ownerId, departmentId })).toBe(true);
        },
      ),
    );
  });
});
