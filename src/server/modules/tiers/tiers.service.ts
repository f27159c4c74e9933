/**
 * Customer tiers (客户分级): settings in org_settings key "tiers" (tiers A/B/C… and ordered rules), a
 * manual tier set on the account (PATCH /accounts/:id { tier }, tier_source 'manual'), and rule tiers
 * recomputed by `apply` for every account whose tier is not manual — in batches of short transactions,
 * each change audited and the pool reclaim time refreshed (pool rules may differ per tier).
 */
import { DEFAULT_TIER_SETTINGS, evaluateTier, plannedTierChange, tierSettingsProblems, type TierSettings } from '../../../core/tiers/evaluate.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import { orgSettingsRepository } from '../duplicates/duplicates.repository.js';
import { refreshReclaimDue } from '../pools/pools.reclaimDue.js';
import { TIER_COMPUTED_FIELDS, tierFactsOf } from './tiers.facts.js';
import { tiersRepository, type TierAccountRow } from './tiers.repository.js';
import { TIER_STANDARD_FIELDS, tierSettingsBody, type TierSettingsInput } from './tiers.schemas.js';

export const TIERS_SETTINGS_KEY = 'tiers';
const BATCH = 500;

export function parseTierSettings(value: Record<string, unknown> | undefined): TierSettings {
  if (!value) return DEFAULT_TIER_SETTINGS;
  const parsed = tierSettingsBody.safeParse(value);
  return parsed.success ? { tiers: parsed.data.tiers, rules: parsed.data.rules } : DEFAULT_TIER_SETTINGS;
}

export async function loadTierSettings(tx: DbExecutor, orgId: string): Promise<TierSettings & { version: number }> {
  const stored = await orgSettingsRepository.get(tx, orgId, TIERS_SETTINGS_KEY);
  return { ...parseTierSettings(stored?.value), version: stored?.version ?? 0 };
}

const fieldList = () => [...TIER_STANDARD_FIELDS, ...Object.keys(TIER_COMPUTED_FIELDS)];

const fieldsUsedBy = (settings: TierSettings) => new Set(settings.rules.flatMap((r) => r.conditions.map((c) => c.field)));

/**
 * Applies the rules to a batch of accounts inside the caller's transaction: changed tiers are written (never
 * over a manual tier), audited on the account, and the pool reclaim time refreshed. Returns how many changed.
 */
async function applyToRows(tx: DbExecutor, orgId: string, settings: TierSettings, rows: TierAccountRow[], at: Date, audit: AuditContext): Promise<number> {
  const facts = await tierFactsOf(tx, orgId, rows, at, fieldsUsedBy(settings));
  const planned = rows.flatMap((r) => {
    const change = plannedTierChange(r, evaluateTier(settings.rules, facts.get(r.id)!));
    return change ? [{ id: r.id, before: r.tier, ...change }] : [];
  });
  if (planned.length === 0) return 0;
  const done = await tiersRepository.setRuleTiers(tx, orgId, planned, { actorId: audit.actorId, now: at });
  const applied = planned.filter((p) => done.has(p.id));
  // pool rules may differ per tier
  await refreshReclaimDue(tx, orgId, applied.map((p) => p.id), { now: at });
  const changed = applied.filter((p) => p.before !== p.tier);
  await auditRepository.insert(
    tx,
    changed.map((p) => ({ ...audit, objectType: 'accounts', recordId: p.id, action: 'update', changes: [{ field: 'tier', old: p.before, new: p.tier }], occurredAt: at })),
  );
  return changed.length;
}

/**
 * The rule tier of these accounts, now, inside the caller's transaction — for account writes that change what
 * rules see (create, edits, `tier: null` handing an account back to the rules). Manual tiers are kept.
 */
export async function applyTierRulesWithin(tx: DbExecutor, orgId: string, accountIds: string[], ctx: { now: Date; audit: AuditContext }): Promise<number> {
  if (accountIds.length === 0) return 0;
  const settings = await loadTierSettings(tx, orgId);
  // no rules: nothing to assign (saving rules that remove every rule clears rule tiers in applyTierRules)
  if (settings.rules.length === 0) return 0;
  const rows = await tiersRepository.ruleBatch(tx, orgId, null, Math.max(accountIds.length, 1), accountIds);
  return applyToRows(tx, orgId, settings, rows, ctx.now, ctx.audit);
}

/** Recomputes the rule tier of every account of the organization whose tier is not manual, in short transactions. */
export async function applyTierRules(
  database: Pick<Database, 'withTenant'>,
  orgId: string,
  ctx: { now: () => Date; audit: AuditContext; batchSize?: number },
): Promise<{ examined: number; changed: number }> {
  const batchSize = ctx.batchSize ?? BATCH;
  const settings = await database.withTenant(orgId, (tx) => loadTierSettings(tx, orgId));
  let afterId: string | null = null;
  let examined = 0;
  let changed = 0;
  for (;;) {
    const at = ctx.now();
    const batch: { count: number; last: string | null; changed: number } = await database.withTenant(orgId, async (tx) => {
      const rows = await tiersRepository.ruleBatch(tx, orgId, afterId, batchSize);
      return { count: rows.length, last: rows[rows.length - 1]?.id ?? null, changed: await applyToRows(tx, orgId, settings, rows, at, ctx.audit) };
    });
    examined += batch.count;
    changed += batch.changed;
    afterId = batch.last;
    if (batch.count < batchSize) break;
  }
  return { examined, changed };
}

export function createTiersService(deps: { database: Pick<Database, 'withTenant'>; clock: Clock }) {
  const now = () => deps.clock.now();
  return {
    async getSettings(actor: Actor) {
      const s = await deps.database.withTenant(actor.orgId, (tx) => loadTierSettings(tx, actor.orgId));
      return { ...s, fields: fieldList() };
    },

    /** Saves tiers and rules, then recomputes the rule tiers of the accounts (returned as `applied`). */
    async putSettings(ctx: { actor: Actor; audit: AuditContext; locale: 'zh-CN' | 'en' }, input: TierSettingsInput) {
      const { actor } = ctx;
      const value: TierSettings = { tiers: input.tiers, rules: input.rules };
      const known = new Set<string>(fieldList());
      const problems = tierSettingsProblems(value).map((p) => ({ field: p.split(':')[0]!, message: p }));
      value.rules.forEach((r, i) =>
        r.conditions.forEach((c, j) => {
          if (!c.field.startsWith('cf.') && !known.has(c.field)) problems.push({ field: `rules.${i}.conditions.${j}.field`, message: ctx.locale === 'zh-CN' ? '未知字段' : 'unknown field' });
        }),
      );
      if (problems.length) throw httpErrors.VALIDATION_FAILED({}, problems);
      const saved = await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await loadTierSettings(tx, actor.orgId);
        if (input.version !== undefined && input.version !== before.version) throw httpErrors.VERSION_CONFLICT();
        if (!(await orgSettingsRepository.put(tx, actor.orgId, TIERS_SETTINGS_KEY, { ...value }, before.version, { actorId: actor.userId, now: now() }))) {
          throw httpErrors.VERSION_CONFLICT();
        }
        await auditRepository.insert(tx, [
          {
            ...ctx.audit,
            objectType: 'org_settings.tiers',
            recordId: actor.orgId,
            action: 'update',
            changes: [{ field: 'tiers', old: { tiers: before.tiers, rules: before.rules }, new: value }],
            occurredAt: now(),
          },
        ]);
        return loadTierSettings(tx, actor.orgId);
      });
      // a rule change applies at once (accounts whose tier is not manual); the daily job catches what changes later
      const applied = await applyTierRules(deps.database, actor.orgId, { now, audit: ctx.audit });
      return { ...saved, fields: fieldList(), applied };
    },

    /** Recomputes the rule tier of every account whose tier is not manual. */
    apply: (ctx: { actor: Actor; audit: AuditContext }) => applyTierRules(deps.database, ctx.actor.orgId, { now, audit: ctx.audit }),
  };
}

export const tierFieldMessage = { 'zh-CN': '不是本组织的客户等级', en: 'is not a tier of the organization' } as const;

/** Validates a manual tier for an account update (null: back to the rules). */
export async function assertTierKnown(tx: DbExecutor, orgId: string, tier: string | null): Promise<boolean> {
  if (tier === null) return true;
  return (await loadTierSettings(tx, orgId)).tiers.some((t) => t.key === tier);
}
