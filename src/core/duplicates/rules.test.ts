import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRules, DEFAULT_DUPLICATE_RULES, describeMatch, MATCH_KINDS, summarizeMatches, type MatchKind } from './rules.js';

describe('applyRules', () => {
  it('the strictest rule wins; off kinds are dropped; one entry per record', () => {
    const r = applyRules(DEFAULT_DUPLICATE_RULES, [
      { objectType: 'accounts', id: '1', matchedOn: 'phone' as MatchKind },
      { objectType: 'accounts', id: '1', matchedOn: 'name_exact' as MatchKind },
      { objectType: 'leads', id: '2', matchedOn: 'name_fuzzy' as MatchKind, similarity: 0.7 },
    ]);
    expect(r.action).toBe('block');
    expect(r.matches.map((m) => [m.id, m.matchedOn])).toEqual([
      ['1', 'name_exact'],
      ['2', 'name_fuzzy'],
    ]);
    const off = applyRules({ ...DEFAULT_DUPLICATE_RULES, rules: { ...DEFAULT_DUPLICATE_RULES.rules, phone: 'off' } }, [
      { objectType: 'accounts', id: '1', matchedOn: 'phone' as MatchKind },
    ]);
    expect(off).toEqual({ matches: [], action: 'none' });
  });

  it('property: action is the max severity of the non-off kinds present', () => {
    const action = fc.constantFrom('block' as const, 'warn' as const, 'off' as const);
    fc.assert(
      fc.property(
        fc.record({ credit_code: action, name_exact: action, name_fuzzy: action, phone: action, email: action }),
        fc.array(fc.record({ objectType: fc.constantFrom('accounts', 'leads'), id: fc.constantFrom('a', 'b', 'c'), matchedOn: fc.constantFrom(...MATCH_KINDS) })),
        (rules, ms) => {
          const r = applyRules({ rules, fuzzyThreshold: 0.6 }, ms);
          const kinds = ms.map((m) => rules[m.matchedOn]).filter((a) => a !== 'off');
          expect(r.action).toBe(kinds.includes('block') ? 'block' : kinds.includes('warn') ? 'warn' : 'none');
          expect(new Set(r.matches.map((m) => `${m.objectType}:${m.id}`)).size).toBe(r.matches.length);
        },
      ),
    );
  });
});

describe('describeMatch', () => {
  it('never names an invisible record', () => {
    const text = describeMatch({ objectType: 'accounts', matchedOn: 'name_exact', visible: false, name: '秘密公司', ownerName: '张三', inPool: false }, 'zh-CN');
    expect(text).toContain('已被 张三 跟进');
    expect(text).not.toContain('秘密公司');
    expect(describeMatch({ objectType: 'accounts', matchedOn: 'phone', visible: false, ownerName: null, inPool: true }, 'zh-CN')).toContain('在公海中');
    expect(describeMatch({ objectType: 'leads', matchedOn: 'email', visible: false, ownerName: 'Li', inPool: false }, 'en')).toBe('a lead (same email, followed by Li)');
  });
  it('summarizes', () => {
    const m = { objectType: 'accounts' as const, matchedOn: 'phone' as const, visible: true, name: 'X', ownerName: 'A', inPool: false };
    expect(summarizeMatches([m, m, m, m, m], 'zh-CN')).toContain('另有 2 条');
  });
});
