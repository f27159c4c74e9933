/**
 * Customer tiers (客户分级, PRODUCT.md 4.2): A/B/C… configured per organization (org_settings key "tiers")
 * and assigned by hand or by rules. Rules are evaluated in order; the first whose conditions all hold gives
 * the tier; none → no tier (null).
 *
 * A condition names a field of the record as the evaluator sees it, a flat map built by the server:
 *   industry, name, creditCode, phone, email, address, website, createdAt (ISO), ownerId, departmentId,
 *   cf.<key> (a custom field's value), and later computed fields such as `wonAmount12m` (won amount over
 *   the last 12 months, in minor units) — a new computed field only needs the server to put it in the map.
 */
export type TierOp = 'gte' | 'lte' | 'eq' | 'in' | 'contains';
export const TIER_OPS: readonly TierOp[] = ['gte', 'lte', 'eq', 'in', 'contains'];

export type ConditionValue = string | number | boolean | null | (string | number)[];

export interface TierCondition {
  field: string;
  op: TierOp;
  value: ConditionValue;
}

export interface TierRule {
  tier: string;
  conditions: TierCondition[];
}

export interface TierDefinition {
  key: string;
  labelZh: string;
  labelEn: string;
  color: string;
}

export interface TierSettings {
  tiers: TierDefinition[];
  rules: TierRule[];
}

export const DEFAULT_TIER_SETTINGS: TierSettings = {
  tiers: [
    { key: 'A', labelZh: 'A 类（重点）', labelEn: 'A (key)', color: 'red' },
    { key: 'B', labelZh: 'B 类（普通）', labelEn: 'B (regular)', color: 'orange' },
    { key: 'C', labelZh: 'C 类（一般）', labelEn: 'C (minor)', color: 'blue' },
  ],
  rules: [],
};

/** The values of one record that conditions may refer to. */
export type TierFacts = Record<string, unknown>;

/** A number from a fact or condition value (numbers, numeric strings, dates as epoch ms); NaN otherwise. */
function toComparable(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    // ISO dates (yyyy-mm-dd or full timestamps)
    if (/^\d{4}-\d{2}-\d{2}/.test(v)) {
      const t = Date.parse(v);
      if (Number.isFinite(t)) return t;
    }
  }
  return Number.NaN;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'string' && typeof b === 'string') return a.trim().toLowerCase() === b.trim().toLowerCase();
  const x = toComparable(a);
  const y = toComparable(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x === y;
  return String(a) === String(b);
}

/** Whether one condition holds for the facts. Missing values never satisfy gte/lte/in/contains. */
export function conditionHolds(facts: TierFacts, c: TierCondition): boolean {
  const actual = facts[c.field];
  const values = Array.isArray(actual) ? actual : [actual];
  switch (c.op) {
    case 'eq':
      if (c.value === null) return actual === null || actual === undefined || (Array.isArray(actual) && actual.length === 0);
      return values.some((v) => sameValue(v, c.value));
    case 'in': {
      const options = Array.isArray(c.value) ? c.value : [c.value];
      return values.some((v) => v !== null && v !== undefined && options.some((o) => sameValue(v, o)));
    }
    case 'gte':
    case 'lte': {
      const limit = toComparable(c.value);
      if (Number.isNaN(limit)) return false;
      return values.some((v) => {
        const n = toComparable(v);
        if (Number.isNaN(n)) return false;
        return c.op === 'gte' ? n >= limit : n <= limit;
      });
    }
    case 'contains': {
      if (c.value === null || c.value === undefined) return false;
      const needle = String(c.value).toLowerCase();
      return values.some((v) => v !== null && v !== undefined && String(v).toLowerCase().includes(needle));
    }
  }
}

/** The tier of the first rule whose conditions all hold (a rule without conditions always holds); else null. */
export function evaluateTier(rules: readonly TierRule[], facts: TierFacts): string | null {
  for (const rule of rules) {
    if (rule.conditions.every((c) => conditionHolds(facts, c))) return rule.tier;
  }
  return null;
}

/**
 * What a rule run does to one account: a manual tier is never overwritten; otherwise the rules' tier
 * (null when none applies). Returns null when nothing changes.
 */
export function plannedTierChange(
  current: { tier: string | null; tierSource: 'manual' | 'rule' | null },
  ruleTier: string | null,
): { tier: string | null; tierSource: 'rule' | null } | null {
  if (current.tierSource === 'manual') return null;
  const tierSource = ruleTier === null ? null : 'rule';
  if (current.tier === ruleTier && (current.tierSource ?? null) === tierSource) return null;
  return { tier: ruleTier, tierSource };
}

/** Problems of a settings value (unknown tier in a rule, duplicate keys). Empty: valid. */
export function tierSettingsProblems(s: TierSettings): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const t of s.tiers) {
    if (keys.has(t.key)) problems.push(`tiers: duplicate key ${t.key}`);
    keys.add(t.key);
  }
  s.rules.forEach((r, i) => {
    if (!keys.has(r.tier)) problems.push(`rules.${i}.tier: unknown tier ${r.tier}`);
  });
  return problems;
}
