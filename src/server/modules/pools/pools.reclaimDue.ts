/**
 * What other modules call to keep `accounts.reclaim_due_at` current, inside their own transaction:
 *
 *   await refreshReclaimDue(tx, orgId, [accountId]);   // after an owner change, a follow-up, a deal, a tier change …
 *
 * and the organization's pools with their department reach (loadPoolContext), which also creates the default
 * pool on first use.
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_POOL_RULES,
  poolForDepartment,
  poolsVisibleToDepartment,
  reclaimDue,
  type PoolRules,
  type ReclaimDue,
} from '../../../core/pools/rules.js';
import { accessRepository } from '../../platform/access/access.repository.js';
import type { DbExecutor } from '../../platform/db/database.js';
import { parseStoredRules } from './pools.schemas.js';
import { poolsRepository, type PoolAccountRow, type PoolRow } from './pools.repository.js';

export const DEFAULT_POOL_NAME = { 'zh-CN': '公海', en: 'Public pool' } as const;

/** The default pool's id is derived from the organization, so two transactions creating it lazily agree. */
export function defaultPoolId(orgId: string): string {
  const h = createHash('sha256').update(`luodi-default-pool\u0000${orgId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Creates the organization's default pool (idle 30 days, reminder 2, claim cap 10/day, cooldown 7, holding cap 500) if it has none. */
export async function ensureDefaultPool(tx: DbExecutor, orgId: string, now: Date): Promise<void> {
  if (await poolsRepository.hasDefault(tx, orgId)) return;
  await poolsRepository.insert(
    tx,
    { orgId, id: defaultPoolId(orgId), name: DEFAULT_POOL_NAME['zh-CN'], rules: DEFAULT_POOL_RULES, departmentIds: [], isDefault: true, active: true, actorId: null, now },
    { ifAbsent: true },
  );
}

export interface PoolContext {
  pools: PoolRow[];
  parentOf: Map<string, string | null>;
  /** the pool a department's customers fall into (null: none applies) */
  poolFor(departmentId: string | null): PoolRow | null;
  /** the pools a member of the department may browse */
  visibleTo(departmentId: string | null): PoolRow[];
}

export async function loadPoolContext(tx: DbExecutor, orgId: string, now: Date): Promise<PoolContext> {
  await ensureDefaultPool(tx, orgId, now);
  const [rows, nodes] = await Promise.all([poolsRepository.list(tx, orgId), accessRepository.listDepartmentNodes(tx, orgId)]);
  const pools = rows.map((p) => ({ ...p, rules: parseStoredRules(p.rules) }));
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  return {
    pools,
    parentOf,
    poolFor: (departmentId) => poolForDepartment(departmentId, pools, parentOf),
    visibleTo: (departmentId) => poolsVisibleToDepartment(departmentId, pools, parentOf),
  };
}

export function dueOf(account: PoolAccountRow, rules: PoolRules): ReclaimDue | null {
  return reclaimDue(
    {
      ownerId: account.ownerId,
      tier: account.tier,
      locked: account.locked === 1,
      deleted: account.deletedAt !== null,
      createdAt: account.createdAt,
      ownerAssignedAt: account.ownerAssignedAt,
      lastEffectiveFollowUpAt: account.lastEffectiveFollowUpAt,
      lastDealAt: account.lastDealAt,
      lastWonAt: account.lastWonAt,
    },
    rules.reclaim,
  );
}

/** The reclaim time of an account under the pool of its department (null: none, or not owned). */
export function computeDue(ctx: PoolContext, account: PoolAccountRow): ReclaimDue | null {
  const pool = ctx.poolFor(account.departmentId);
  return pool ? dueOf(account, pool.rules) : null;
}

const BATCH = 1000;

/**
 * Recomputes `accounts.reclaim_due_at` of the given accounts from their pool's rules and current dates, in
 * the caller's transaction (set-based: one read and one UPDATE per 1,000 accounts). Call it whenever an
 * owner, tier, lock, department or a last_* date changes. Pass `ctx` when you already loaded it.
 */
export async function refreshReclaimDue(
  tx: DbExecutor,
  orgId: string,
  accountIds: readonly string[],
  opts: { now?: Date; ctx?: PoolContext } = {},
): Promise<void> {
  if (accountIds.length === 0) return;
  const ctx = opts.ctx ?? (await loadPoolContext(tx, orgId, opts.now ?? new Date()));
  for (let i = 0; i < accountIds.length; i += BATCH) {
    const rows = await poolsRepository.findAccounts(tx, orgId, accountIds.slice(i, i + BATCH));
    await poolsRepository.setReclaimDue(
      tx,
      orgId,
      rows.map((r) => ({ id: r.id, dueAt: computeDue(ctx, r)?.dueAt ?? null })),
    );
  }
}
