/**
 * Money (金额) parsing: human-entered amounts to integer minor units (分), exactly — never through floats.
 *
 * Accepted: "1932", "1,932.00", "1932.5", "¥1,932", "￥１，９３２．００" (full width), "$1,932", "RMB 1,932",
 * "1932元", "¥1.2万" (万 ×10⁴, 亿 ×10⁸, 千 ×10³, 百万 ×10⁶, 千万 ×10⁷, k ×10³, w ×10⁴), "-1,932.00",
 * "(1,932.00)" (accounting negative). Currency symbols and codes are dropped, not converted: the field's
 * currency is what the amount means. Every currency is taken to have two minor digits.
 * Rejected: more precision than 1 分 ("1.234"), bad grouping ("1,93"), |amount| ≥ 2^53 分, anything else.
 */
import { GROUPED_DECIMAL_RE, shiftToInteger, toHalfWidth } from './text.js';

export type MoneyParseResult = { ok: true; minor: number } | { ok: false; reason: 'format' | 'precision' | 'range' };

const CURRENCY_PREFIX_RE = /^(?:RMB|CNY|USD|HKD|EUR|GBP|US\$|HK\$|人民币|[¥$€£])/i;
const CURRENCY_SUFFIX_RE = /(?:RMB|CNY|USD|HKD|EUR|GBP|人民币|元整|元|圆|块)$/i;
const UNITS: readonly [string, number][] = [
  ['千万', 7],
  ['百万', 6],
  ['万', 4],
  ['亿', 8],
  ['千', 3],
  ['k', 3],
  ['K', 3],
  ['w', 4],
  ['W', 4],
];

export function parseMoney(input: string): MoneyParseResult {
  let s = toHalfWidth(input).replace(/\s+/g, '');
  if (!s) return { ok: false, reason: 'format' };
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
  }
  const takeSign = () => {
    if (s.startsWith('-') || s.startsWith('−')) {
      if (negative) return false;
      negative = true;
      s = s.slice(1);
    } else if (s.startsWith('+')) s = s.slice(1);
    return true;
  };
  if (!takeSign()) return { ok: false, reason: 'format' };
  s = s.replace(CURRENCY_PREFIX_RE, '');
  if (!takeSign()) return { ok: false, reason: 'format' };
  s = s.replace(CURRENCY_SUFFIX_RE, '');
  let exponent = 2;
  for (const [unit, power] of UNITS) {
    if (s.endsWith(unit)) {
      s = s.slice(0, -unit.length);
      exponent += power;
      break;
    }
  }
  const m = GROUPED_DECIMAL_RE.exec(s);
  if (!m) return { ok: false, reason: 'format' };
  const intPart = m[1]!.replace(/,/g, '');
  const fracPart = m[2] ?? '';
  if (intPart.replace(/^0+/, '').length + exponent > 17) return { ok: false, reason: 'range' };
  const minor = shiftToInteger(intPart, fracPart, exponent);
  if (minor === null) {
    // distinguish "too precise" from "too large"
    return shiftToInteger(intPart, fracPart.replace(/[1-9]/g, '0'), exponent) === null ? { ok: false, reason: 'range' } : { ok: false, reason: 'precision' };
  }
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor };
}

const CURRENCY_SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', HKD: 'HK$', EUR: '€', GBP: '£' };

/** "1,932.00" (no symbol) from minor units, exactly. */
export function formatMinorUnits(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const major = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${String(major).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(cents).padStart(2, '0')}`;
}

/** "¥1,932.00" / "USD 1,932.00". */
export function formatMoney(minor: number, currency = 'CNY'): string {
  const symbol = CURRENCY_SYMBOLS[currency];
  const text = formatMinorUnits(minor);
  if (symbol) return text.startsWith('-') ? `-${symbol}${text.slice(1)}` : `${symbol}${text}`;
  return `${currency} ${text}`;
}
