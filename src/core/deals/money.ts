/**
 * Deal money (PRODUCT.md 4.3): amounts are integer minor units (分). The weighted amount of a deal is
 * round(amount × probability / 100), rounded half away from zero like PostgreSQL's round(numeric), computed with
 * integers only so it never drifts; column totals add the per-deal weighted amounts.
 */

/** The largest deal amount in minor units (900 billion yuan): amount × 100 stays exact in JavaScript and int8. */
export const MAX_DEAL_AMOUNT = 90_000_000_000_000;

/** round(amount × probability / 100) in integer math (half away from zero). */
export function weightedAmount(amount: number | null | undefined, probability: number): number {
  if (amount === null || amount === undefined) return 0;
  const a = BigInt(Math.trunc(amount));
  const p = BigInt(Math.round(probability));
  const num = a * p;
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = (abs * 2n + 100n) / 200n;
  return Number(neg ? -q : q);
}

export interface MoneyTotals {
  count: number;
  amount: number;
  weightedAmount: number;
}

/** Totals of deals (count, amount, weighted amount), each deal weighted by its stage's probability. */
export function dealTotals(deals: readonly { amount: number | null; probability: number }[]): MoneyTotals {
  let amount = 0n;
  let weighted = 0n;
  for (const d of deals) {
    if (d.amount !== null) amount += BigInt(Math.trunc(d.amount));
    weighted += BigInt(weightedAmount(d.amount, d.probability));
  }
  return { count: deals.length, amount: Number(amount), weightedAmount: Number(weighted) };
}

/** Adds totals (e.g. the per-stage rows of a query into the filter's total). */
export function addTotals(rows: readonly MoneyTotals[]): MoneyTotals {
  return rows.reduce((t, r) => ({ count: t.count + r.count, amount: t.amount + r.amount, weightedAmount: t.weightedAmount + r.weightedAmount }), {
    count: 0,
    amount: 0,
    weightedAmount: 0,
  });
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' → the first day of it and of the next month ('YYYY-MM-DD'), or null when not a month. */
export function monthRange(month: string): { from: string; to: string } | null {
  const m = MONTH_RE.exec(month);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? { y: y + 1, mo: 1 } : { y, mo: mo + 1 };
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${y}-${pad(mo)}-01`, to: `${next.y}-${pad(next.mo)}-01` };
}
