import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionHolds, evaluateTier, plannedTierChange, tierSettingsProblems, type TierRule } from './evaluate.js';

describe('tier conditions', () => {
  it('compares numbers, numeric strings and dates', () => {
    expect(conditionHolds({ 'cf.revenue': 500 }, { field: 'cf.revenue', op: 'gte', value: 500 })).toBe(true);
    expect(conditionHolds({ 'cf.revenue': '499' }, { field: 'cf.revenue', op: 'gte', value: 500 })).toBe(false);
    expect(conditionHolds({ createdAt: '2026-01-05T00:00:00.000Z' }, { field: 'createdAt', op: 'lte', value: '2026-02-01' })).toBe(true);
    expect(conditionHolds({}, { field: 'cf.revenue', op: 'gte', value: 0 })).toBe(false);
  });

  it('eq and in ignore case; contains matches substrings; multi-values match any', () => {
    expect(conditionHolds({ industry: '制造业' }, { field: 'industry', op: 'eq', value: '制造业' })).toBe(true);
    expect(conditionHolds({ industry: 'Retail' }, { field: 'industry', op: 'in', value: ['retail', 'IT'] })).toBe(true);
    expect(conditionHolds({ name: '上海华东贸易' }, { field: 'name', op: 'contains', value: '华东' })).toBe(true);
    expect(conditionHolds({ 'cf.tags': ['a', 'b'] }, { field: 'cf.tags', op: 'in', value: ['b'] })).toBe(true);
    expect(conditionHolds({ industry: null }, { field: 'industry', op: 'eq', value: null })).toBe(true);
    expect(conditionHolds({ industry: null }, { field: 'industry', op: 'in', value: ['x'] })).toBe(false);
  });
});

describe('evaluateTier', () => {
  const rules: TierRule[] = [
    { tier: 'A', conditions: [{ field: 'wonAmount12m', op: 'gte', value: 1_000_000 }] },
    { tier: 'B', conditions: [{ field: 'industry', op: 'in', value: ['制造业', '医疗'] }] },
    { tier: 'C', conditions: [] },
  ];
  it('takes the first rule that holds', () => {
    expect(evaluateTier(rules, { wonAmount12m: 2_000_000, industry: '医疗' })).toBe('A');
    expect(evaluateTier(rules, { industry: '医疗' })).toBe('B');
    expect(evaluateTier(rules, { industry: '贸易' })).toBe('C');
    expect(evaluateTier([], { industry: '贸易' })).toBeNull();
  });

  it('property: the result is the tier of the first matching rule, or null', () => {
    const cond = fc.record({
      field: fc.constantFrom('a', 'b'),
      op: fc.constantFrom('gte' as const, 'lte' as const, 'eq' as const),
      value: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ tier: fc.constantFrom('A', 'B', 'C'), conditions: fc.array(cond, { maxLength: 3 }) }), { maxLength: 5 }),
        fc.record({ a: fc.integer({ min: 0, max: 10 }), b: fc.integer({ min: 0, max: 10 }) }),
        (rs, facts) => {
          const result = evaluateTier(rs, facts);
          const first = rs.find((r) => r.conditions.every((c) => conditionHolds(facts, c)));
          expect(result).toBe(first ? first.tier : null);
          // adding a rule at the end never changes a result that was already decided
          if (result !== null) expect(evaluateTier([...rs, { tier: 'Z', conditions: [] }], facts)).toBe(result);
        },
      ),
    );
  });

  it('property: gte and lte on the same limit cover every number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (x, limit) => {
        const ge = conditionHolds({ x }, { field: 'x', op: 'gte', value: limit });
        const le = conditionHolds({ x }, { field: 'x', op: 'lte', value: limit });
        expect(ge || le).toBe(true);
        expect(ge && le).toBe(x === limit);
      }),
    );
  });
});

describe('plannedTierChange', () => {
  it('never overwrites a manual tier', () => {
    expect(plannedTierChange({ tier: 'A', tierSource: 'manual' }, 'C')).toBeNull();
  });
  it('sets, changes and clears rule tiers', () => {
    expect(plannedTierChange({ tier: null, tierSource: null }, 'B')).toEqual({ tier: 'B', tierSource: 'rule' });
    expect(plannedTierChange({ tier: 'B', tierSource: 'rule' }, 'B')).toBeNull();
    expect(plannedTierChange({ tier: 'B', tierSource: 'rule' }, null)).toEqual({ tier: null, tierSource: null });
  });
});

it('tierSettingsProblems reports unknown tiers and duplicate keys', () => {
  expect(
    tierSettingsProblems({
      tiers: [
        { key: 'A', labelZh: 'A', labelEn: 'A', color: 'red' },
        { key: 'A', labelZh: 'A', labelEn: 'A', color: 'red' },
      ],
      rules: [{ tier: 'D', conditions: [] }],
    }),
  ).toHaveLength(2);
});
