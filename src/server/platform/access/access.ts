/**
 * The one access-control layer for reads of record types (accounts, contacts, leads, deals, …). Every read
 * path — list, detail, search, export, report, API — goes through it:
 *
 *   const scope = await loadAccessScope(tx, actor);                       // once per transaction
 *   tx.select().from(t).where(and(eq(t.orgId, orgId), scopeFilter(t, 'accounts', scope), …));
 *   items.map((r) => maskRecord('accounts', toDto(r), actor.fieldMasks, 'list'));
 *
 * Tenant isolation is below this layer (RLS in withTenant); this layer adds the role's data scope, records
 * shared with the user (record_shares), and field masking. Pure rules live in src/core/access.
 */
import { inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { isRecordVisible, planScope, resolveScope, type ResolvedScope } from '../../../core/access/scope.js';
import type { Actor } from '../auth/actor.js';
import type { DbExecutor } from '../db/database.js';
import { recordShares } from '../db/schema.js';
import { accessRepository } from './access.repository.js';

export { maskChanges, maskRecord, maskedFields, dropMaskedEchoes } from '../../../core/access/recordMasking.js';
export type { View } from '../../../core/access/masking.js';
export type AccessScope = ResolvedScope;
export type AccessSubject = Pick<Actor, 'orgId' | 'userId' | 'dataScope' | 'departmentId'>;

/** Resolves the actor's data scope into owner and department id sets (at most two small queries). */
export async function loadAccessScope(
  tx: DbExecutor,
  actor: AccessSubject,
  repo: Pick<typeof accessRepository, 'listDepartmentNodes' | 'listUserIdsInDepartments'> = accessRepository,
): Promise<AccessScope> {
  const needsTree = actor.dataScope === 'own_and_subordinates' || actor.dataScope === 'department_and_children';
  const nodes = needsTree ? await repo.listDepartmentNodes(tx, actor.orgId) : [];
  const plan = planScope(actor, nodes);
  const subordinates = await repo.listUserIdsInDepartments(tx, actor.orgId, plan.subordinateDepartmentIds);
  return resolveScope(actor, plan, subordinates);
}

/** The columns of a record table the scope filters on. */
export interface ScopedColumns {
  id: AnyPgColumn;
  ownerId: AnyPgColumn;
  departmentId: AnyPgColumn;
}

/**
 * The SQL condition of a scope, to AND into every query of a record type: owner in the scope's owners,
 * or department in its departments, or shared with the user in record_shares. Undefined for scope `all`
 * (drizzle's `and()` skips it).
 */
export function scopeFilter(cols: ScopedColumns, objectType: string, scope: AccessScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  // `= any(array(subquery))` rather than `in (subquery)`: the planner can then combine the owner, department
  // and shared arms as index bitmaps instead of filtering the whole table (measured 104 ms → 5 ms for a rep's search).
  const shared = sql`${cols.id} = any(array(select ${recordShares.recordId} from ${recordShares} where ${recordShares.orgId} = ${scope.orgId} and ${recordShares.userId} = ${scope.userId} and ${recordShares.objectType} = ${objectType}))`;
  return or(
    inArray(cols.ownerId, [...scope.ownerIds]),
    scope.departmentIds.length ? inArray(cols.departmentId, [...scope.departmentIds]) : undefined,
    shared,
  );
}

/** The scope rule for records already loaded (e.g. the parent of a child record, duplicate matches): their ids the scope or a share lets the user see. */
export async function visibleRecordIds(
  tx: DbExecutor,
  scope: AccessScope,
  objectType: string,
  records: readonly { id: string; ownerId: string | null; departmentId: string | null }[],
): Promise<Set<string>> {
  const visible = new Set(records.filter((r) => isRecordVisible(scope, r)).map((r) => r.id));
  const rest = [...new Set(records.filter((r) => !visible.has(r.id)).map((r) => r.id))];
  for (const id of await accessRepository.sharedRecordIds(tx, scope.orgId, objectType, rest, scope.userId)) visible.add(id);
  return visible;
}

/** The scope rule for one record already loaded. */
export async function canSeeRecord(
  tx: DbExecutor,
  scope: AccessScope,
  objectType: string,
  record: { id: string; ownerId: string | null; departmentId: string | null },
): Promise<boolean> {
  return (await visibleRecordIds(tx, scope, objectType, [record])).has(record.id);
}
