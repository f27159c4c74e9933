/**
 * What tier conditions see of an account: its standard fields, `cf.<key>` custom-field values and computed
 * fields. A computed field is one entry in TIER_COMPUTED_FIELDS that loads a value per account for a batch,
 * e.g. (when deals exist):
 *
 *   wonAmount12m: { label: {...}, load: (tx, orgId, ids, now) => sum of won deals' amounts over the last 12 months per account }
 */
import type { TierFacts } from '../../../core/tiers/evaluate.js';
import type { DbExecutor } from '../../platform/db/database.js';
import type { LocalizedText } from '../../platform/http/errors.js';
import type { TierAccountRow } from './tiers.repository.js';

export interface TierComputedField {
  label: LocalizedText;
  load(tx: DbExecutor, orgId: string, accountIds: string[], now: Date): Promise<Map<string, unknown>>;
}

export const TIER_COMPUTED_FIELDS: Record<string, TierComputedField> = {
  // DEALS (later issue): wonAmount12m
};

export async function tierFactsOf(tx: DbExecutor, orgId: string, rows: TierAccountRow[], now: Date, fieldsUsed: Set<string>): Promise<Map<string, TierFacts>> {
  const computed = new Map<string, Map<string, unknown>>();
  for (const [name, field] of Object.entries(TIER_COMPUTED_FIELDS)) {
    if (fieldsUsed.has(name)) computed.set(name, await field.load(tx, orgId, rows.map((r) => r.id), now));
  }
  const out = new Map<string, TierFacts>();
  for (const r of rows) {
    const facts: TierFacts = {
      name: r.name,
      industry: r.industry,
      creditCode: r.creditCode,
      phone: r.phone,
      email: r.email,
      address: r.address,
      website: r.website,
      ownerId: r.ownerId,
      departmentId: r.departmentId,
      inPool: r.ownerId === null && r.poolId !== null,
      createdAt: r.createdAt.toISOString(),
    };
    for (const [k, v] of Object.entries(r.customFields ?? {})) facts[`cf.${k}`] = v;
    for (const [name, values] of computed) facts[name] = values.get(r.id) ?? null;
    out.set(r.id, facts);
  }
  return out;
}
