/**
 * `apply-tier-rules` (daily, once per slot across instances): recomputes the rule tier of every account whose
 * tier is not manual, per organization in short transactions (tiers.service applyTierRules). Saving the rules
 * applies them at once; this run catches what changes afterwards — new and edited accounts, accounts handed
 * back to the rules (`tier: null`), and time-dependent facts (computed fields such as won amount over 12 months).
 * Idempotent: a re-run changes nothing.
 */
import type { AuditContext } from '../../platform/audit/audit.js';
import type { Database } from '../../platform/db/database.js';
import type { AppDeps } from '../../platform/deps.js';
import type { Jobs } from '../../platform/jobs/jobs.js';
import { tiersRepository } from './tiers.repository.js';
import { applyTierRules } from './tiers.service.js';

export const APPLY_TIER_RULES_JOB = 'apply-tier-rules';

/** Rule tiers of every organization (or of `orgIds`) as of `now`. */
export async function applyTierRulesEverywhere(
  database: Pick<Database, 'withTenant' | 'withSystem'>,
  now: () => Date,
  opts: { orgIds?: string[] } = {},
): Promise<{ organizations: number; examined: number; changed: number }> {
  const orgIds = opts.orgIds ?? (await database.withSystem((tx) => tiersRepository.listOrgIds(tx)));
  const total = { organizations: 0, examined: 0, changed: 0 };
  for (const orgId of orgIds) {
    const audit: AuditContext = { orgId, actorId: null, actorKind: 'system', requestId: null };
    const r = await applyTierRules(database, orgId, { now, audit });
    total.organizations++;
    total.examined += r.examined;
    total.changed += r.changed;
  }
  return total;
}

/** Job module: add `registerTierJobs` to platform/jobs/index.ts `jobModules`. */
export function registerTierJobs(jobs: Jobs, deps: Pick<AppDeps, 'database'>, opts: { name?: string; orgIds?: string[] } = {}): void {
  const name = opts.name ?? APPLY_TIER_RULES_JOB;
  jobs.register(name, async ({ now }) => applyTierRulesEverywhere(deps.database, () => now, { orgIds: opts.orgIds }), { transaction: false });
  jobs.schedule(name, '37 2 * * *');
}
