/**
 * Public pools (公海, PRODUCT.md 4.2): pool rules (admin), claim, assign and release. Every move of a customer
 * is a set-based UPDATE guarded by its expected state (still in the pool / still owned by X), audited on the
 * customer's history ('claim', 'assign', 'release'; the job writes 'reclaim') in the same transaction.
 *
 * Permissions (documented in docs/ARCHITECTURE.md "Public pool and handover"):
 * - browse pools and their customers: accounts.view — everyone sees the pools of their department branch
 *   (whole-organization pools and pools naming their department or an ancestor); scope `all` sees every pool.
 * - create / edit / delete pools (rules): roles.edit (sales ops / administrators).
 * - claim: accounts.edit; assign: accounts.transfer; release: the owner (accounts.edit) or anyone with
 *   accounts.transfer whose data scope covers the customer.
 */
import { randomUUID } from 'node:crypto';
import { hasPermission } from '../../../core/access/catalog.js';
import { dayStart, DAY_MS } from '../../../core/pools/rules.js';
import { isUuid } from '../../../core/pagination/cursor.js';
import { canSeeRecord, loadAccessScope } from '../../platform/access/access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository, type AuditEventInput } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors, interpolate } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { accountErrors } from '../accounts/accounts.errors.js';
import { notificationsService } from '../notifications/notifications.service.js';
import { poolErrors, poolMessages } from './pools.errors.js';
import { poolsRepository, type PoolRow } from './pools.repository.js';
import { visiblePools } from './pools.access.js';
import { loadPoolContext, refreshReclaimDue, type PoolContext } from './pools.reclaimDue.js';
import type { CreatePoolInput, PoolDto, ReleaseInput, UpdatePoolInput } from './pools.schemas.js';

export interface PoolCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface PoolsServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
}

const ACCOUNTS = 'accounts';

function toDto(p: PoolRow, counts: Map<string, number>): PoolDto {
  return {
    id: p.id,
    name: p.name,
    rules: p.rules,
    departmentIds: p.departmentIds,
    isDefault: p.isDefault,
    active: p.active,
    accountCount: counts.get(p.id) ?? 0,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
}

/** Departments (and "no department", as null) whose pool or its rules differ between two contexts. */
function departmentsAffected(before: PoolContext, after: PoolContext): { ids: string[]; none: boolean } {
  const differs = (d: string | null) => {
    const a = before.poolFor(d);
    const b = after.poolFor(d);
    return a?.id !== b?.id || JSON.stringify(a?.rules) !== JSON.stringify(b?.rules);
  };
  const ids = [...new Set([...before.parentOf.keys(), ...after.parentOf.keys()])].filter(differs);
  return { ids, none: differs(null) };
}

export function createPoolsService(deps: PoolsServiceDeps) {
  const now = () => deps.clock.now();

  async function findPool(tx: DbExecutor, ctx: PoolContext, actor: Actor, poolId: string): Promise<PoolRow> {
    const pool = isUuid(poolId) ? visiblePools(ctx, actor).find((p) => p.id === poolId) : undefined;
    if (!pool) throw poolErrors.POOL_NOT_FOUND();
    return pool;
  }

  /** Recomputes the reclaim times of every owned account whose pool or rules changed. */
  async function recomputeAfterRulesChange(tx: DbExecutor, orgId: string, before: PoolContext, at: Date) {
    const after = await loadPoolContext(tx, orgId, at);
    const affected = departmentsAffected(before, after);
    if (affected.ids.length === 0 && !affected.none) return;
    const ids = await poolsRepository.listOwnedAccountIds(tx, orgId, affected.ids, affected.none);
    await refreshReclaimDue(tx, orgId, ids, { ctx: after });
  }

  /** Refuses a claim or an assignment that would take `userId` over the holding cap. */
  async function checkHoldingCap(tx: DbExecutor, orgId: string, pool: PoolRow, userId: string, adding: number) {
    if (pool.rules.holdingCap === null) return;
    const held = await poolsRepository.countHeld(tx, orgId, userId);
    if (held + adding > pool.rules.holdingCap) throw poolErrors.HOLDING_CAP_REACHED({ cap: pool.rules.holdingCap, held });
  }

  async function auditMoves(
    tx: DbExecutor,
    audit: AuditContext,
    action: 'claim' | 'assign' | 'release',
    moves: { accountId: string; oldOwner: string | null; newOwner: string | null; oldDept: string | null; newDept: string | null; pool: string; reason?: string }[],
    at: Date,
  ) {
    const events: AuditEventInput[] = moves.map((m) => ({
      ...audit,
      objectType: ACCOUNTS,
      recordId: m.accountId,
      action,
      occurredAt: at,
      changes: [
        { field: 'ownerId', old: m.oldOwner, new: m.newOwner },
        ...(m.oldDept !== m.newDept ? [{ field: 'departmentId', old: m.oldDept, new: m.newDept }] : []),
        action === 'release' ? { field: 'pool', old: null, new: m.pool } : { field: 'pool', old: m.pool, new: null },
        ...(m.reason ? [{ field: 'reason', old: null, new: m.reason }] : []),
      ],
    }));
    await auditRepository.insert(tx, events);
  }

  /** Moves pool customers to `owner` (claim or assign) after the caller's rule checks. */
  async function take(
    tx: DbExecutor,
    cmd: PoolCommandContext,
    pool: PoolRow,
    accountIds: string[],
    owner: { id: string; departmentId: string | null },
    kind: 'claim' | 'assign',
    ctx: PoolContext,
    at: Date,
  ): Promise<string[]> {
    const { orgId } = cmd.actor;
    const moved = await poolsRepository.takeFromPool(tx, orgId, pool.id, accountIds, owner, { actorId: cmd.actor.userId, now: at });
    if (moved.length !== accountIds.length) throw poolErrors.NOT_IN_POOL({ count: accountIds.length - moved.length });
    await poolsRepository.insertClaims(
      tx,
      moved.map((accountId) => ({ orgId, id: randomUUID(), poolId: pool.id, accountId, userId: owner.id, kind, claimedAt: at })),
    );
    const before = new Map((await poolsRepository.findAccounts(tx, orgId, moved)).map((a) => [a.id, a]));
    await auditMoves(
      tx,
      cmd.audit,
      kind,
      moved.map((id) => ({ accountId: id, oldOwner: null, newOwner: owner.id, oldDept: null, newDept: before.get(id)?.departmentId ?? null, pool: pool.name })),
      at,
    );
    await refreshReclaimDue(tx, orgId, moved, { ctx });
    return moved;
  }

  return {
    async list(actor: Actor): Promise<PoolDto[]> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const ctx = await loadPoolContext(tx, actor.orgId, now());
        const counts = await poolsRepository.countAccountsByPool(tx, actor.orgId);
        return visiblePools(ctx, actor).map((p) => toDto(p, counts));
      });
    },

    async get(actor: Actor, poolId: string): Promise<PoolDto> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const ctx = await loadPoolContext(tx, actor.orgId, now());
        const pool = await findPool(tx, ctx, actor, poolId);
        return toDto(pool, await poolsRepository.countAccountsByPool(tx, actor.orgId));
      });
    },

    async create(cmd: PoolCommandContext, input: CreatePoolInput): Promise<PoolDto> {
      const { actor } = cmd;
      const at = now();
      const id = randomUUID();
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await loadPoolContext(tx, actor.orgId, at);
        await poolsRepository.insert(tx, { orgId: actor.orgId, id, ...input, actorId: actor.userId, now: at });
        if (input.isDefault) await poolsRepository.clearDefaultExcept(tx, actor.orgId, id);
        await auditRepository.insert(tx, [
          { ...cmd.audit, objectType: 'pools', recordId: id, action: 'create', occurredAt: at, changes: [{ field: 'pool', old: null, new: input }] },
        ]);
        await recomputeAfterRulesChange(tx, actor.orgId, before, at);
        const created = (await poolsRepository.findById(tx, actor.orgId, id))!;
        return toDto(created, new Map());
      });
    },

    async update(cmd: PoolCommandContext, poolId: string, input: UpdatePoolInput): Promise<PoolDto> {
      const { actor } = cmd;
      const at = now();
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await loadPoolContext(tx, actor.orgId, at);
        const pool = await findPool(tx, before, actor, poolId);
        if (pool.version !== input.version) throw httpErrors.VERSION_CONFLICT();
        if (pool.isDefault && (input.isDefault === false || input.active === false)) throw poolErrors.DEFAULT_POOL_REQUIRED();
        const { version, ...set } = input;
        if (!(await poolsRepository.update(tx, actor.orgId, pool.id, version, set, { actorId: actor.userId, now: at }))) {
          throw httpErrors.VERSION_CONFLICT();
        }
        if (input.isDefault) await poolsRepository.clearDefaultExcept(tx, actor.orgId, pool.id);
        const changes = (Object.keys(set) as (keyof typeof set)[])
          .filter((k) => set[k] !== undefined && JSON.stringify(set[k]) !== JSON.stringify(pool[k]))
          .map((k) => ({ field: k, old: pool[k], new: set[k] }));
        if (changes.length) {
          await auditRepository.insert(tx, [{ ...cmd.audit, objectType: 'pools', recordId: pool.id, action: 'update', occurredAt: at, changes }]);
        }
        await recomputeAfterRulesChange(tx, actor.orgId, before, at);
        const updated = (await poolsRepository.findById(tx, actor.orgId, pool.id))!;
        return toDto(updated, await poolsRepository.countAccountsByPool(tx, actor.orgId));
      });
    },

    async remove(cmd: PoolCommandContext, poolId: string): Promise<void> {
      const { actor } = cmd;
      const at = now();
      await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await loadPoolContext(tx, actor.orgId, at);
        const pool = await findPool(tx, before, actor, poolId);
        if (pool.isDefault) throw poolErrors.DEFAULT_POOL_REQUIRED();
        const count = (await poolsRepository.countAccountsByPool(tx, actor.orgId)).get(pool.id) ?? 0;
        if (count > 0) throw poolErrors.POOL_NOT_EMPTY({ name: pool.name, count });
        await poolsRepository.remove(tx, actor.orgId, pool.id);
        await auditRepository.insert(tx, [{ ...cmd.audit, objectType: 'pools', recordId: pool.id, action: 'delete', occurredAt: at, changes: [] }]);
        await recomputeAfterRulesChange(tx, actor.orgId, before, at);
      });
    },

    /**
     * A rep claims pool customers. Refused (nothing moves) over the daily claim cap, within the cooldown of a
     * customer the rep owned before it entered the pool, or over the holding cap.
     */
    async claim(cmd: PoolCommandContext, poolId: string, accountIds: string[]): Promise<string[]> {
      const { actor } = cmd;
      const ids = [...new Set(accountIds)];
      const at = now();
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const ctx = await loadPoolContext(tx, actor.orgId, at);
        const pool = await findPool(tx, ctx, actor, poolId);
        if (!pool.active) throw poolErrors.POOL_INACTIVE({ name: pool.name });
        await poolsRepository.lockUserClaims(tx, actor.orgId, actor.userId);
        const rules = pool.rules;
        if (rules.claimCapPerDay !== null) {
          const claimed = await poolsRepository.countClaimsSince(tx, actor.orgId, actor.userId, dayStart(at, rules.timeZone));
          if (claimed + ids.length > rules.claimCapPerDay) throw poolErrors.CLAIM_CAP_REACHED({ cap: rules.claimCapPerDay, claimed });
        }
        const accounts = await poolsRepository.findAccounts(tx, actor.orgId, ids, { forUpdate: true });
        const inPool = accounts.filter((a) => a.poolId === pool.id && a.ownerId === null && a.deletedAt === null);
        if (inPool.length !== ids.length) throw poolErrors.NOT_IN_POOL({ count: ids.length - inPool.length });
        if (rules.cooldownDays > 0) {
          for (const a of inPool) {
            if (a.previousOwnerId !== actor.userId || !a.poolEnteredAt) continue;
            const until = new Date(a.poolEnteredAt.getTime() + rules.cooldownDays * DAY_MS);
            if (until.getTime() > at.getTime()) {
              throw poolErrors.CLAIM_COOLDOWN({ name: a.name, days: rules.cooldownDays, until: until.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' });
            }
          }
        }
        await checkHoldingCap(tx, actor.orgId, pool, actor.userId, ids.length);
        return take(tx, cmd, pool, ids, { id: actor.userId, departmentId: actor.departmentId }, 'claim', ctx, at);
      });
    },

    /** A manager assigns pool customers to a rep (no daily cap or cooldown; the holding cap applies). */
    async assign(cmd: PoolCommandContext, poolId: string, accountIds: string[], userId: string): Promise<string[]> {
      const { actor } = cmd;
      const ids = [...new Set(accountIds)];
      const at = now();
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const ctx = await loadPoolContext(tx, actor.orgId, at);
        const pool = await findPool(tx, ctx, actor, poolId);
        const [assignee] = await poolsRepository.findActiveUsers(tx, actor.orgId, [userId]);
        if (!assignee) throw poolErrors.ASSIGNEE_INVALID({}, [{ field: 'userId', message: poolErrors.ASSIGNEE_INVALID().localizedMessage(cmd.locale) }]);
        await poolsRepository.lockUserClaims(tx, actor.orgId, assignee.id);
        await checkHoldingCap(tx, actor.orgId, pool, assignee.id, ids.length);
        const moved = await take(tx, cmd, pool, ids, assignee, 'assign', ctx, at);
        if (assignee.id !== actor.userId) {
          const locale: Locale = assignee.locale === 'en' ? 'en' : 'zh-CN';
          await notificationsService.notify(tx, {
            orgId: actor.orgId,
            userId: assignee.id,
            kind: 'pool.assigned',
            title: interpolate(poolMessages.assignedTitle[locale], { count: moved.length }),
            link: moved.length === 1 ? `/accounts/${moved[0]}` : '/accounts',
          });
        }
        return moved;
      });
    },

    /** The owner (or a manager) puts a customer back into a pool, with a reason. */
    async release(cmd: PoolCommandContext, accountId: string, input: ReleaseInput): Promise<void> {
      const { actor } = cmd;
      const at = now();
      await deps.database.withTenant(actor.orgId, async (tx) => {
        if (!isUuid(accountId)) throw accountErrors.ACCOUNT_NOT_FOUND();
        const [account] = await poolsRepository.findAccounts(tx, actor.orgId, [accountId], { forUpdate: true });
        const scope = await loadAccessScope(tx, actor);
        // the same answer as the accounts module for records the actor cannot see
        if (!account || account.deletedAt || !(await canSeeRecord(tx, scope, ACCOUNTS, account))) throw accountErrors.ACCOUNT_NOT_FOUND();
        if (account.ownerId === null) throw poolErrors.ALREADY_IN_POOL();
        const isOwner = account.ownerId === actor.userId && hasPermission(actor.permissions, ACCOUNTS, 'edit');
        if (!isOwner && !hasPermission(actor.permissions, ACCOUNTS, 'transfer')) throw poolErrors.NOT_OWNER();
        if (input.version !== undefined && input.version !== account.version) throw httpErrors.VERSION_CONFLICT();
        const ctx = await loadPoolContext(tx, actor.orgId, at);
        const pool = input.poolId ? ctx.pools.find((p) => p.id === input.poolId) : ctx.poolFor(account.departmentId);
        if (!pool) throw input.poolId ? poolErrors.POOL_NOT_FOUND() : poolErrors.NO_POOL();
        if (!pool.active) throw poolErrors.POOL_INACTIVE({ name: pool.name });
        const moved = await poolsRepository.moveToPool(tx, actor.orgId, [{ id: account.id, poolId: pool.id, expectedOwnerId: account.ownerId }], {
          actorId: actor.userId,
          now: at,
        });
        if (moved.length !== 1) throw httpErrors.VERSION_CONFLICT();
        await auditMoves(
          tx,
          cmd.audit,
          'release',
          [{ accountId: account.id, oldOwner: account.ownerId, newOwner: null, oldDept: account.departmentId, newDept: account.departmentId, pool: pool.name, reason: input.reason }],
          at,
        );
      });
    },
  };
}

export type PoolsService = ReturnType<typeof createPoolsService>;
