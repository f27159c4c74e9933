/**
 * Handover movers: one per record type a user can own. A handover runs them in this order in ONE transaction;
 * each moves its records with set-based UPDATEs and returns what moved (audited in bulk by the service).
 * Holdings (GET /users/:id/holdings) and the deactivation check count with the same list.
 *
 * Later record types (deals, tasks, open approvals …) add one entry here:
 *   { objectType: 'deals', label: {...}, countHeld: (tx, orgId, userId) => …, move: async (tx, plan) => … }
 */
import type { DbExecutor } from '../../platform/db/database.js';
import type { LocalizedText } from '../../platform/http/errors.js';
import { computeDue, loadPoolContext } from '../pools/pools.reclaimDue.js';
import { handoverRepository, type MovedRow } from './handover.repository.js';
import { dealsRepository } from '../deals/deals.repository.js';

export interface HandoverPlan {
  orgId: string;
  fromUserId: string;
  /** accounts picked for a receiver: account id → receiver */
  explicitAccounts: Map<string, string>;
  /** the receiver of "all the rest" (accounts not picked, and every other record type); null: only picked accounts move */
  restReceiver: string | null;
  /** receiver of records that do not follow an account (leads, contacts without an account): restReceiver, else the first receiver */
  defaultReceiver: string;
  includeContacts: boolean;
  includeLeads: boolean;
  actorId: string;
  now: Date;
  /** each receiver's department (records follow their owner's department) */
  receiverDepartments: Map<string, string | null>;
  /** filled by the movers as they run: accounts moved so far (id → new owner) */
  movedAccounts: Map<string, string>;
}

export interface HandoverMover {
  objectType: string;
  /** the plural noun, for messages ("12 个客户") */
  label: LocalizedText;
  /** live records the user owns (holdings; a user holding any cannot be deactivated) */
  countHeld(tx: DbExecutor, orgId: string, userId: string): Promise<number>;
  /** moves the records; returns each with its new owner and departments */
  move(tx: DbExecutor, plan: HandoverPlan): Promise<MovedRow[]>;
}

const meta = (plan: HandoverPlan) => ({ actorId: plan.actorId, now: plan.now });

const accountsMover: HandoverMover = {
  objectType: 'accounts',
  label: { 'zh-CN': '个客户', en: 'customers' },
  countHeld: (tx, orgId, userId) => handoverRepository.countOwned(tx, orgId, 'accounts', userId),
  async move(tx, plan) {
    // one SELECT … FOR UPDATE and one UPDATE: the new reclaim time is computed here, not by a second UPDATE
    const owned = await handoverRepository.lockOwnedAccounts(tx, plan.orgId, plan.fromUserId);
    const pools = await loadPoolContext(tx, plan.orgId, plan.now);
    const moves = owned.flatMap((a) => {
      const ownerId = plan.explicitAccounts.get(a.id) ?? plan.restReceiver;
      if (!ownerId) return [];
      const departmentId = plan.receiverDepartments.get(ownerId) ?? null;
      const after = { ...a, ownerId, departmentId, ownerAssignedAt: plan.now, poolId: null, poolEnteredAt: null };
      return [{ id: a.id, ownerId, departmentId, oldDepartmentId: a.departmentId, reclaimDueAt: computeDue(pools, after)?.dueAt ?? null }];
    });
    const moved = new Set(await handoverRepository.moveAccounts(tx, plan.orgId, plan.fromUserId, moves, meta(plan)));
    const result: MovedRow[] = moves.filter((m) => moved.has(m.id));
    for (const m of result) plan.movedAccounts.set(m.id, m.ownerId);
    return result;
  },
};

const contactsMover: HandoverMover = {
  objectType: 'contacts',
  label: { 'zh-CN': '个联系人', en: 'contacts' },
  countHeld: (tx, orgId, userId) => handoverRepository.countOwned(tx, orgId, 'contacts', userId),
  async move(tx, plan) {
    if (!plan.includeContacts) return [];
    // contacts follow their account; the others (no account, or an account someone else owns) go to the default receiver
    const withAccounts = await handoverRepository.moveContactsWithAccounts(tx, plan.orgId, plan.fromUserId, [...plan.movedAccounts.keys()], meta(plan));
    const rest = plan.restReceiver ? await handoverRepository.moveRest(tx, plan.orgId, 'contacts', plan.fromUserId, plan.restReceiver, meta(plan)) : [];
    return [...withAccounts, ...rest];
  },
};

const leadsMover: HandoverMover = {
  objectType: 'leads',
  label: { 'zh-CN': '条线索', en: 'leads' },
  countHeld: (tx, orgId, userId) => handoverRepository.countOwned(tx, orgId, 'leads', userId),
  async move(tx, plan) {
    if (!plan.includeLeads) return [];
    return handoverRepository.moveRest(tx, plan.orgId, 'leads', plan.fromUserId, plan.defaultReceiver, meta(plan));
  },
};

/** The leaver's OPEN deals: each follows its account's receiver, the others go to the "all the rest" receiver. */
const dealsMover: HandoverMover = {
  objectType: 'deals',
  label: { 'zh-CN': '个进行中的商机', en: 'open deals' },
  countHeld: (tx, orgId, userId) => dealsRepository.countOpenOwned(tx, orgId, userId),
  async move(tx, plan) {
    const open = await dealsRepository.lockOpenOwned(tx, plan.orgId, plan.fromUserId);
    const moves = open.flatMap((d) => {
      const ownerId = (d.accountId ? plan.movedAccounts.get(d.accountId) : undefined) ?? plan.restReceiver;
      if (!ownerId) return [];
      return [{ id: d.id, ownerId, departmentId: plan.receiverDepartments.get(ownerId) ?? null, oldDepartmentId: d.departmentId }];
    });
    const moved = new Set(await dealsRepository.moveOwners(tx, plan.orgId, plan.fromUserId, moves, meta(plan)));
    return moves.filter((m) => moved.has(m.id));
  },
};

/** In order: accounts first (contacts and deals follow them). */
export const handoverMovers: readonly HandoverMover[] = [accountsMover, contactsMover, leadsMover, dealsMover];

/** What a user holds, per record type. */
export async function countHoldings(
  tx: DbExecutor,
  orgId: string,
  userId: string,
  movers: readonly HandoverMover[] = handoverMovers,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const m of movers) counts[m.objectType] = await m.countHeld(tx, orgId, userId);
  return counts;
}
