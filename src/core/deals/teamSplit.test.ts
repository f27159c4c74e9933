import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditSum, evenSplit, TEAM_ROLE_KEYS, validateTeam, type TeamMemberInput } from './teamSplit.js';

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const member = (i: number, creditPercent: number, role = 'sales'): TeamMemberInput => ({ userId: uuid(i), role, creditPercent });

describe('deal team split', () => {
  it('accepts splits that sum to exactly 100 and an empty team', () => {
    expect(validateTeam([member(1, 60, 'owner'), member(2, 40, 'presales')])).toEqual([]);
    expect(validateTeam([member(1, 100)])).toEqual([]);
    expect(validateTeam([])).toEqual([]);
  });

  it('refuses a sum other than 100, naming the field and the sum', () => {
    expect(validateTeam([member(1, 60), member(2, 30)])).toEqual([{ field: 'members.creditPercent', code: 'credit_sum', params: { sum: 90 } }]);
    expect(validateTeam([member(1, 60), member(2, 50)])[0]).toMatchObject({ code: 'credit_sum', params: { sum: 110 } });
  });

  it('refuses fractions, negatives, duplicates and unknown roles per member', () => {
    const problems = validateTeam([member(1, 50.5), member(1, -1), member(3, 50, 'boss')]);
    expect(problems.map((p) => `${p.field}:${p.code}`)).toEqual([
      'members.0.creditPercent:credit_not_whole_percent',
      'members.1.userId:duplicate_member',
      'members.1.creditPercent:credit_not_whole_percent',
      'members.2.role:unknown_role',
    ]);
  });

  it('any whole-percent split is valid exactly when it sums to 100', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 8 }), fc.constantFrom(...TEAM_ROLE_KEYS), (splits, role) => {
        const team = splits.map((p, i) => member(i, p, role));
        const problems = validateTeam(team);
        const sum = splits.reduce((a, b) => a + b, 0);
        expect(problems.length === 0).toBe(sum === 100);
        if (sum !== 100) expect(problems).toEqual([{ field: 'members.creditPercent', code: 'credit_sum', params: { sum } }]);
      }),
    );
  });

  it('the even split always sums to 100 and differs by at most 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (n) => {
        const split = evenSplit(n);
        expect(split).toHaveLength(n);
        expect(creditSum(split.map((creditPercent) => ({ creditPercent })))).toBe(100);
        expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1);
        expect(validateTeam(split.map((p, i) => member(i, p)))).toEqual([]);
      }),
    );
  });
});
