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
import { tiersRepository } from './tiers.repository.js';
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

export function createTiersService(deps: { database: Pick<Database, 'withTenant'>; clock: Clock }) {
  const now = () => deps.clock.now();
  return {
    async getSettings(actor: Actor) {
      const s = await deps.database.withTenant(actor.orgId, (tx) => loadTierSettings(tx, actor.orgId));
      return { ...s, fields: fieldList() };
    },

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
      return { ...saved, fields: fieldList() };
    },

    /** Recomputes the rule tier of every account whose tier is not manual. */
    async apply(ctx: { actor: Actor; audit: AuditContext }): Promise<{ examined: number; changed: number }> {
      const { actor } = ctx;
      const settings = await deps.database.withTenant(actor.orgId, (tx) => loadTierSettings(tx, actor.orgId));
      const fieldsUsed = new Set(settings.rules.flatMap((r) => r.conditions.map((c) => c.field)));
      let afterId: string | null = null;
      let examined = 0;
      let changed = 0;
      for (;;) {
        const at = now();
        const batch: { count: number; last: string | null } = await deps.database.withTenant(actor.orgId, async (tx) => {
          const rows = await tiersRepository.ruleBatch(tx, actor.orgId, afterId, BATCH);
          const facts = await tierFactsOf(tx, actor.orgId, rows, at, fieldsUsed);
          const planned = rows.flatMap((r) => {
            const change = plannedTierChange(r, evaluateTier(settings.rules, facts.get(r.id)!));
            return change ? [{ id: r.id, before: r.tier, ...change }] : [];
          });
          if (planned.length) {
            const done = await tiersRepository.setRuleTiers(tx, actor.orgId, planned, { actorId: actor.userId, now: at });
            const applied = planned.filter((p) => done.has(p.id));
            await refreshReclaimDue(tx, actor.orgId, applied.map((p) => p.id), { now: at });
            await auditRepository.insert(
              tx,
              applied
                .filter((p) => p.before !== p.tier)
                .map((p) => ({ ...ctx.audit, objectType: 'accounts', recordId: p.id, action: 'update', changes: [{ field: 'tier', old: p.before, new: p.tier }], occurredAt: at })),
            );
            changed += applied.filter((p) => p.before !== p.tier).length;
          }
          return { count: rows.length, last: rows[rows.length - 1]?.id ?? null };
        });
        examined += batch.count;
        afterId = batch.last;
        if (batch.count < BATCH) break;
      }
      return { examined, changed };
    },
  };
}

export const tierFieldMessage = { 'zh-CN': '不是本组织的客户等级', en: 'is not a tier of the organization' } as const;

/** Validates a manual tier for an account update (null: back to the rules). */
export async function assertTierKnown(tx: DbExecutor, orgId: string, tier: string | null): Promise<boolean> {
  if (tier === null) return true;
  return (await loadTierSettings(tx, orgId)).tiers.some((t) => t.key === tier);
}
