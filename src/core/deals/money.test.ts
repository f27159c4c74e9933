import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addTotals, dealTotals, monthRange, weightedAmount } from './money.js';

describe('weightedAmount', () => {
  it('rounds amount × probability / 100 half away from zero', () => {
    expect(weightedAmount(12345, 25)).toBe(3086); // 3086.25
    expect(weightedAmount(10, 25)).toBe(3); // 2.5 → 3
    expect(weightedAmount(-10, 25)).toBe(-3);
    expect(weightedAmount(null, 50)).toBe(0);
    expect(weightedAmount(900_000_000_000_000, 70)).toBe(630_000_000_000_000);
  });

  it('is within half a unit of the exact value and bounded by the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_000 }), fc.integer({ min: 0, max: 100 }), (a, p) => {
        const w = weightedAmount(a, p);
        expect(Number.isInteger(w)).toBe(true);
        expect(Math.abs(w * 100 - a * p)).toBeLessThanOrEqual(50);
        expect(w).toBeLessThanOrEqual(a);
        expect(w).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('dealTotals', () => {
  it('sums per-deal weighted amounts; totals of parts add up to the total of the whole', () => {
    expect(dealTotals([{ amount: 10, probability: 25 }, { amount: 10, probability: 25 }, { amount: null, probability: 90 }])).toEqual({
      count: 3,
      amount: 20,
      weightedAmount: 6,
    });
    const deal = fc.record({ amount: fc.option(fc.integer({ min: 0, max: 1e12 }), { nil: null }), probability: fc.integer({ min: 0, max: 100 }) });
    fc.assert(
      fc.property(fc.array(deal), fc.array(deal), (a, b) => {
        expect(addTotals([dealTotals(a), dealTotals(b)])).toEqual(dealTotals([...a, ...b]));
      }),
    );
  });
});

describe('monthRange', () => {
  it('gives the month and the next, across a year end; rejects other text', () => {
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(monthRange('2026-13')).toBeNull();
    expect(monthRange('2026-1')).toBeNull();
  });
});
