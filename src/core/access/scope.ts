/**
 * Data scope (数据权限), the pure part: which owners and departments a user's records may come from.
 * The server loads the organization's department tree and the subordinates, then turns a ResolvedScope
 * into a SQL condition (src/server/platform/access); `isRecordVisible` is the same rule in memory.
 *
 * Every scope includes the user's own records (owner = me). Records shared with the user (record_shares)
 * are visible whatever the scope.
 */
import type { DataScope } from './catalog.js';

export interface DepartmentNode {
  id: string;
  parentId: string | null;
  managerId: string | null;
}

export type ResolvedScope =
  | { kind: 'all'; orgId: string; userId: string }
  | {
      kind: 'restricted';
      orgId: string;
      userId: string;
      /** records owned by one of these users are visible (always includes the user) */
      ownerIds: readonly string[];
      /** records whose department_id is one of these are visible */
      departmentIds: readonly string[];
    };

/** The given departments and all their descendants (cycle-safe; unknown ids are kept). */
export function descendantsOf(nodes: readonly DepartmentNode[], rootIds: readonly string[]): string[] {
  const children = new Map<string, string[]>();
  for (const n of nodes) {
    if (n.parentId === null) continue;
    const list = children.get(n.parentId);
    if (list) list.push(n.id);
    else children.set(n.parentId, [n.id]);
  }
  const seen = new Set<string>();
  const stack = [...rootIds];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const child of children.get(id) ?? []) stack.push(child);
  }
  return [...seen];
}

/** Departments the user manages (departments.manager_id = user), with all their descendants. */
export function managedDepartments(nodes: readonly DepartmentNode[], userId: string): string[] {
  return descendantsOf(
    nodes,
    nodes.filter((n) => n.managerId === userId).map((n) => n.id),
  );
}

export interface ScopeSubject {
  orgId: string;
  userId: string;
  dataScope: DataScope;
  departmentId: string | null;
}

/**
 * What has to be loaded to resolve a scope: `subordinateDepartmentIds` are the departments whose members
 * count as the user's subordinates (own_and_subordinates only); the caller loads their user ids.
 */
export function planScope(
  subject: ScopeSubject,
  nodes: readonly DepartmentNode[],
): { departmentIds: string[]; subordinateDepartmentIds: string[] } {
  switch (subject.dataScope) {
    case 'all':
    case 'own':
      return { departmentIds: [], subordinateDepartmentIds: [] };
    case 'own_and_subordinates':
      return { departmentIds: [], subordinateDepartmentIds: managedDepartments(nodes, subject.userId) };
    case 'department':
      return { departmentIds: subject.departmentId ? [subject.departmentId] : [], subordinateDepartmentIds: [] };
    case 'department_and_children':
      return {
        departmentIds: subject.departmentId ? descendantsOf(nodes, [subject.departmentId]) : [],
        subordinateDepartmentIds: [],
      };
  }
}

/** Builds the resolved scope from the plan and the loaded subordinate user ids. */
export function resolveScope(
  subject: ScopeSubject,
  plan: { departmentIds: readonly string[] },
  subordinateUserIds: readonly string[] = [],
): ResolvedScope {
  if (subject.dataScope === 'all') return { kind: 'all', orgId: subject.orgId, userId: subject.userId };
  const ownerIds = [...new Set([subject.userId, ...subordinateUserIds])];
  return {
    kind: 'restricted',
    orgId: subject.orgId,
    userId: subject.userId,
    ownerIds,
    departmentIds: [...new Set(plan.departmentIds)],
  };
}

/** The scope rule in memory (mirrors the SQL filter): for checks on records already loaded. */
export function isRecordVisible(
  scope: ResolvedScope,
  record: { ownerId: string | null; departmentId: string | null },
  sharedWithUser = false,
): boolean {
  if (scope.kind === 'all' || sharedWithUser) return true;
  if (record.ownerId !== null && scope.ownerIds.includes(record.ownerId)) return true;
  return record.departmentId !== null && scope.departmentIds.includes(record.departmentId);
}
