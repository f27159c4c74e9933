/** Text normalisation shared by the custom-field parsers. */

/** Full-width ASCII (ＡＢＣ１２３，．) and the ideographic space to their half-width forms; ￥ to ¥. */
export function toHalfWidth(input: string): string {
  return input.replace(/[\uFF01-\uFF5E\u3000\uFFE5]/g, (c) => {
    if (c === '\u3000') return ' ';
    if (c === '\uFFE5') return '¥';
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  });
}

/** Digits with optional thousands separators in valid groups of three, then an optional fraction. */
export const GROUPED_DECIMAL_RE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Exact decimal arithmetic on digit strings: the integer `digits × 10^exponent`, or null when that is not
 * an integer (non-zero digits would be cut off) or is not a safe integer.
 */
export function shiftToInteger(intPart: string, fracPart: string, exponent: number): number | null {
  let digits = intPart + fracPart;
  let exp = exponent - fracPart.length;
  if (exp < 0) {
    const cut = digits.slice(digits.length + exp);
    if (/[1-9]/.test(cut)) return null;
    digits = digits.slice(0, digits.length + exp);
    exp = 0;
  }
  digits = (digits + '0'.repeat(exp)).replace(/^0+/, '') || '0';
  if (digits.length > 16) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}
