/**
 * Dates (日期) in the common formats people type or import, to 'YYYY-MM-DD'.
 *
 * Accepted: 2026-01-05, 2026-1-5, 2026/1/5, 2026.1.5, 2026年1月5日 (or 号), 20260105, an ISO date-time
 * (2026-01-05T10:00:00+08:00: the date as written, no time-zone shift), a Date object (its UTC date, as
 * spreadsheet readers produce), and day/month/year with a 4-digit year at the end:
 *   - 25/01/2026 → 2026-01-25 (first part > 12: it is the day), 01/25/2026 → 2026-01-25 (second part > 12:
 *     US month/day); 05/05/2026 is the same either way;
 *   - 05/01/2026 is AMBIGUOUS (5 January or May 1st) and is rejected with a request for YYYY-MM-DD —
 *     we never guess.
 * Rejected: two-digit years, impossible dates (2026-02-30), years outside 1000–9999.
 */
import { toHalfWidth } from './text.js';

export type DateParseResult = { ok: true; date: string } | { ok: false; reason: 'format' | 'ambiguous' | 'invalid' };

function isValidDate(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

const pad = (n: number) => String(n).padStart(2, '0');

function ymd(y: number, m: number, d: number): DateParseResult {
  return isValidDate(y, m, d) ? { ok: true, date: `${y}-${pad(m)}-${pad(d)}` } : { ok: false, reason: 'invalid' };
}

export function parseDate(input: string | Date): DateParseResult {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return { ok: false, reason: 'invalid' };
    return ymd(input.getUTCFullYear(), input.getUTCMonth() + 1, input.getUTCDate());
  }
  const s = toHalfWidth(input).trim().replace(/\s+/g, '');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    if (a > 12 && b <= 12) return ymd(y, b, a); // day/month
    if (b > 12 && a <= 12) return ymd(y, a, b); // month/day
    if (a === b) return ymd(y, a, b);
    if (a > 12 && b > 12) return { ok: false, reason: 'invalid' };
    return { ok: false, reason: 'ambiguous' };
  }
  return { ok: false, reason: 'format' };
}
