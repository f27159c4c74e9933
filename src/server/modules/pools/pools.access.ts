/**
 * Who may browse which pool (公海): everyone with accounts.view sees the pools of their department branch
 * (whole-organization pools and pools naming their department or an ancestor); data scope `all` and pool
 * administrators (roles.edit) see every pool. Pool customers have no owner, so the owner/department data
 * scope does not reach them: the accounts module ORs this condition into reads of pool customers.
 */
import { and, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { hasPermission } from '../../../core/access/catalog.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts } from '../../platform/db/schema.js';
import type { PoolRow } from './pools.repository.js';
import { loadPoolContext, type PoolContext } from './pools.reclaimDue.js';

export function visiblePools(ctx: PoolContext, actor: Pick<Actor, 'dataScope' | 'permissions' | 'departmentId'>): PoolRow[] {
  const all = actor.dataScope === 'all' || hasPermission(actor.permissions, 'roles', 'edit');
  return all ? ctx.pools : ctx.visibleTo(actor.departmentId);
}

/** SQL condition: the account sits (without owner) in a pool the actor may browse (optionally: in `poolId`). */
export async function poolBrowseCondition(tx: DbExecutor, actor: Actor, now: Date, poolId?: string): Promise<SQL> {
  const ctx = await loadPoolContext(tx, actor.orgId, now);
  const ids = visiblePools(ctx, actor)
    .map((p) => p.id)
    .filter((id) => poolId === undefined || id === poolId);
  if (ids.length === 0) return sql`false`;
  return and(isNull(accounts.ownerId), inArray(accounts.poolId, ids))!;
}
