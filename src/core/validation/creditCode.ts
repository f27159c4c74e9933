/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from
 * `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z); the 18th is a check character over the first 17
 * with weights 3^(i-1) mod 31 (i = 1..17): check = 31 − (Σ value × weight mod 31), and 31 → 0.
 * Real codes with a wrong check character exist, so callers should warn rather than reject (PRODUCT.md 4.2).
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 3^(i-1) mod 31 for i = 1..17 */
export const CREDIT_CODE_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/** 18 characters from the charset (upper case); says nothing about the check character. */
export function isCreditCodeFormat(code: string): boolean {
  if (code.length !== 18) return false;
  for (const c of code) if (!CREDIT_CODE_CHARSET.includes(c)) return false;
  return true;
}

/** The check character for the first 17 characters, or null when they are not 17 charset characters. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * CREDIT_CODE_WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Well-formed and the 18th character matches the computed check character. */
export function isValidCreditCode(code: string): boolean {
  return isCreditCodeFormat(code) && creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** Trims, upper-cases and removes inner spaces; does not validate. */
export function normalizeCreditCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}
