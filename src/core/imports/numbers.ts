/**
 * Numbers and money as people type them in spreadsheets, parsed without floating point:
 *   "1,234" · "1 234,5"? (no: a comma is always a thousands separator) · "$1,932.00" · "¥1.2万" · "12.5亿" · "(300)" · "-5"
 * Money becomes integer minor units (分/cents) computed on decimal digit strings (BigInt), never floats.
 * Rounding of digits beyond the minor unit: half away from zero ("0.005" → 1 cent).
 */

const CURRENCY_TOKENS = /(人民币|rmb|cny|usd|us\$|eur|gbp|hkd|jpy|元整|元|圆|块|[$¥￥€£])/gi;
const UNITS: Record<string, number> = { 千: 3, k: 3, 万: 4, w: 4, 百万: 6, m: 6, 千万: 7, 亿: 8 };
const UNIT_RE = /(百万|千万|千|万|亿|k|w|m)$/i;

export type ParseResult<T> = { ok: true; value: T } | { ok: false };

interface Decimal {
  negative: boolean;
  /** digits without the point; value = digits × 10^-fractionDigits */
  digits: string;
  fractionDigits: number;
}

/** Full-width digits and punctuation to ASCII. */
function halfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Parses a decimal with optional sign, parentheses (negative), thousands separators and a Chinese/SI unit. */
function parseDecimal(raw: string, opts: { currency: boolean; units: boolean }): Decimal | null {
  let s = halfWidth(raw).trim();
  if (s === '') return null;
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (opts.currency) s = s.replace(CURRENCY_TOKENS, '').trim();
  if (s.startsWith('-')) {
    if (negative) return null; // "(-5)" is nonsense
    negative = true;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) {
    s = s.slice(1).trim();
  }
  let exponent = 0;
  if (opts.units) {
    const unit = UNIT_RE.exec(s);
    if (unit) {
      exponent = UNITS[unit[1]!.toLowerCase()] ?? UNITS[unit[1]!]!;
      s = s.slice(0, -unit[1]!.length).trim();
    }
  }
  s = s.replace(/[\s']/g, '');
  // thousands separators: "1,234,567.8" — groups of 3 after the first
  if (s.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) return null;
    s = s.replace(/,/g, '');
  }
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
  const int = m[1] ?? '';
  const frac = m[2] ?? '';
  let digits = (int + frac).replace(/^0+(?=\d)/, '');
  let fractionDigits = frac.length - exponent;
  if (fractionDigits < 0) {
    digits += '0'.repeat(-fractionDigits);
    fractionDigits = 0;
  }
  if (digits === '') digits = '0';
  return { negative, digits, fractionDigits };
}

/** Rounds a decimal to `scale` fraction digits (half away from zero) → BigInt of value × 10^scale. */
function toScaled(d: Decimal, scale: number): bigint {
  let n: bigint;
  if (d.fractionDigits <= scale) {
    n = BigInt(d.digits) * 10n ** BigInt(scale - d.fractionDigits);
  } else {
    const drop = 10n ** BigInt(d.fractionDigits - scale);
    const whole = BigInt(d.digits);
    n = whole / drop;
    if ((whole % drop) * 2n >= drop) n += 1n;
  }
  return d.negative && n !== 0n ? -n : n;
}

/**
 * Money → integer minor units. `scale` is the currency's minor-unit digits (2 for CNY/USD).
 * Fails on text that is not an amount and on amounts beyond Number.MAX_SAFE_INTEGER minor units.
 */
export function parseMoney(raw: string | number, scale = 2): ParseResult<number> {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { ok: false };
    // a spreadsheet number cell: its shortest decimal text is what the user typed
    raw = numberToPlainString(raw);
  }
  const d = parseDecimal(raw, { currency: true, units: true });
  if (!d) return { ok: false };
  const n = toScaled(d, scale);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false };
  return { ok: true, value: Number(n) };
}

/**
 * A plain number (thousands separators and 万/亿 allowed, no currency) → its canonical decimal text
 * ("1,234.50" → "1234.5", "1.2万" → "12000"), exact.
 */
export function parseNumberText(raw: string | number): ParseResult<string> {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { ok: false };
    raw = numberToPlainString(raw);
  }
  const d = parseDecimal(raw, { currency: false, units: true });
  if (!d) return { ok: false };
  let int = d.fractionDigits > 0 ? d.digits.slice(0, Math.max(0, d.digits.length - d.fractionDigits)) : d.digits;
  let frac = d.fractionDigits > 0 ? d.digits.slice(-d.fractionDigits).padStart(d.fractionDigits, '0') : '';
  int = int.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const text = frac ? `${int}.${frac}` : int;
  return { ok: true, value: d.negative && text !== '0' ? `-${text}` : text };
}

/** 1e21 → "1000000000000000000000", 1.5e-7 → "0.00000015": no exponent notation. */
export function numberToPlainString(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const [mant, expText] = s.toLowerCase().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mant.startsWith('-');
  const [i, f = ''] = mant.replace('-', '').split('.') as [string, string?];
  const digits = i + f;
  const point = i.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** Minor units back to a decimal text ("193200" → "1932.00") — for tests and exports. */
export function formatMinorUnits(minor: number, scale = 2): string {
  const negative = minor < 0;
  const s = String(Math.abs(minor)).padStart(scale + 1, '0');
  const text = scale > 0 ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s;
  return negative ? `-${text}` : text;
}
