/**
 * Public pool (公海) rules, the pure part (PRODUCT.md 4.2): when an owned customer is reclaimed into its pool,
 * how many days remain, which pool a department's customers fall into, and the calendar day of the daily
 * claim cap. Shared by the server (reclaim job, claims) and the web app (days remaining, in red below 3).
 * No I/O and no validation library here: the server validates `PoolRules` with zod (pools.schemas.ts).
 */
import { zoneOffsetMs } from '../time/zone.js';

export const DAY_MS = 86_400_000;

/** Days per customer tier: `default` for any tier not listed (A/B/C, or the tiers an admin configured). */
export interface TierDays {
  default: number;
  [tier: string]: number;
}

export interface ReclaimRules {
  /** reclaim N days after the latest effective follow-up (跟进) — null: rule off */
  idleDays: TierDays | null;
  /** … after the latest deal (商机) — null: off */
  noDealDays: TierDays | null;
  /** … after the latest win (赢单) — null: off */
  noWinDays: TierDays | null;
  /** customers with a won deal are never reclaimed */
  exemptWon: boolean;
  /** locked customers are never reclaimed */
  exemptLocked: boolean;
}

export interface PoolRules {
  reclaim: ReclaimRules;
  /** the owner is reminded this many days before reclaim (0: no reminder) */
  reminderDays: number;
  /** claims per rep per calendar day (in `timeZone`); null: no cap */
  claimCapPerDay: number | null;
  /** days after a customer entered the pool before its previous owner may claim it again */
  cooldownDays: number;
  /** customers a rep may hold at most (claims and assignments beyond it are refused); null: no cap */
  holdingCap: number | null;
  /** IANA time zone of the "day" of the claim cap */
  timeZone: string;
}

/** The rules of a lazily created default pool. */
export const DEFAULT_POOL_RULES: PoolRules = {
  reclaim: { idleDays: { default: 30 }, noDealDays: null, noWinDays: null, exemptWon: true, exemptLocked: true },
  reminderDays: 2,
  claimCapPerDay: 10,
  cooldownDays: 7,
  holdingCap: 500,
  timeZone: 'Asia/Shanghai',
};

export type ReclaimRule = 'idle' | 'noDeal' | 'noWin';

/** What of an account the rules look at. */
export interface ReclaimSubject {
  ownerId: string | null;
  tier: string | null;
  locked: boolean;
  deleted: boolean;
  createdAt: Date;
  /** when the current owner got it; null for accounts older than the pool feature (creation time is used) */
  ownerAssignedAt: Date | null;
  lastEffectiveFollowUpAt: Date | null;
  lastDealAt: Date | null;
  lastWonAt: Date | null;
}

export interface ReclaimDue {
  dueAt: Date;
  /** the rule that comes due first */
  rule: ReclaimRule;
  /** its N for the account's tier */
  days: number;
}

export function daysForTier(days: TierDays, tier: string | null): number {
  const own = tier !== null ? days[tier] : undefined;
  return typeof own === 'number' ? own : days.default;
}

function latest(...dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d.getTime() > best.getTime())) best = d;
  return best;
}

/**
 * When the account is reclaimed under `rules`, and by which rule; null when never (no owner, deleted,
 * exempt, or every rule off). Each rule's clock starts at the latest of owner_assigned_at and its own
 * last_* date (a new owner gets the full period); the earliest due rule wins.
 */
export function reclaimDue(account: ReclaimSubject, rules: ReclaimRules): ReclaimDue | null {
  if (account.ownerId === null || account.deleted) return null;
  if (rules.exemptLocked && account.locked) return null;
  if (rules.exemptWon && account.lastWonAt !== null) return null;
  const assigned = account.ownerAssignedAt ?? account.createdAt;
  const candidates: [ReclaimRule, TierDays | null, Date | null][] = [
    ['idle', rules.idleDays, account.lastEffectiveFollowUpAt],
    ['noDeal', rules.noDealDays, account.lastDealAt],
    ['noWin', rules.noWinDays, account.lastWonAt],
  ];
  let best: ReclaimDue | null = null;
  for (const [rule, perTier, last] of candidates) {
    if (!perTier) continue;
    const days = daysForTier(perTier, account.tier);
    const start = latest(assigned, last)!;
    const dueAt = new Date(start.getTime() + days * DAY_MS);
    if (!best || dueAt.getTime() < best.dueAt.getTime()) best = { dueAt, rule, days };
  }
  return best;
}

/** The reclaim time only (see reclaimDue). */
export function reclaimDueAt(account: ReclaimSubject, rules: ReclaimRules): Date | null {
  return reclaimDue(account, rules)?.dueAt ?? null;
}

/** Whole days left before reclaim, rounded up (0 or less: due). */
export function daysRemaining(dueAt: Date, now: Date): number {
  return Math.ceil((dueAt.getTime() - now.getTime()) / DAY_MS);
}

/** Shown in red when fewer than 3 days remain. */
export const URGENT_DAYS = 3;
export function isReclaimUrgent(dueAt: Date, now: Date): boolean {
  return daysRemaining(dueAt, now) < URGENT_DAYS;
}

/** When the owner is reminded (null: no reminder). */
export function reminderAt(dueAt: Date, reminderDays: number): Date | null {
  return reminderDays > 0 ? new Date(dueAt.getTime() - reminderDays * DAY_MS) : null;
}

/** The notification dedupe key of a reminder: once per account and reclaim episode (due time). */
export function reminderDedupeKey(accountId: string, dueAt: Date): string {
  return `pool-reminder:${accountId}:${dueAt.toISOString()}`;
}

export interface PoolScopeEntry {
  id: string;
  isDefault: boolean;
  active: boolean;
  /** empty: the whole organization */
  departmentIds: readonly string[];
}

/**
 * The pool a department's customers fall into: the nearest department (itself, then its ancestors) that
 * an active pool names; else an active whole-organization pool (the default one first). Null when none.
 */
export function poolForDepartment<P extends PoolScopeEntry>(
  departmentId: string | null,
  pools: readonly P[],
  parentOf: ReadonlyMap<string, string | null>,
): P | null {
  const active = pools.filter((p) => p.active);
  const seen = new Set<string>();
  for (let d = departmentId; d && !seen.has(d); d = parentOf.get(d) ?? null) {
    seen.add(d);
    const named = active.find((p) => p.departmentIds.includes(d!));
    if (named) return named;
  }
  const wholeOrg = active.filter((p) => p.departmentIds.length === 0);
  return wholeOrg.find((p) => p.isDefault) ?? wholeOrg[0] ?? null;
}

/**
 * The pools a member of `departmentId` may browse and claim from: whole-organization pools and pools naming
 * the department or one of its ancestors.
 */
export function poolsVisibleToDepartment<P extends PoolScopeEntry>(
  departmentId: string | null,
  pools: readonly P[],
  parentOf: ReadonlyMap<string, string | null>,
): P[] {
  const chain = new Set<string>();
  for (let d = departmentId; d && !chain.has(d); d = parentOf.get(d) ?? null) chain.add(d);
  return pools.filter((p) => p.active && (p.departmentIds.length === 0 || p.departmentIds.some((id) => chain.has(id))));
}

/** The start of the calendar day containing `now` in `timeZone` (the claim cap counts from here). */
export function dayStart(now: Date, timeZone: string): Date {
  const offset = zoneOffsetMs(now, timeZone);
  const local = now.getTime() + offset;
  const localMidnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  // re-evaluate the offset at midnight (a DST change during the day)
  return new Date(localMidnight - zoneOffsetMs(new Date(localMidnight - offset), timeZone));
}
