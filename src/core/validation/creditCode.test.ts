import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  CREDIT_CODE_WEIGHTS,
  creditCodeCheckChar,
  isCreditCodeFormat,
  isValidCreditCode,
  normalizeCreditCode,
} from './creditCode.js';

describe('credit code (GB 32100-2015)', () => {
  it('uses the weights 3^(i-1) mod 31 from the standard', () => {
    expect(CREDIT_CODE_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  // 91350100M000100Y43 is the example from the brief; 91440300708461136T is 腾讯科技（深圳）有限公司
  it.each(['91350100M000100Y43', '91440300708461136T'])(
    'accepts the real code %s',
    (code) => {
      expect(isValidCreditCode(code)).toBe(true);
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    },
  );

  it('rejects a wrong check character', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isCreditCodeFormat('91350100M000100Y44')).toBe(true);
  });

  it('maps a computed 31 to 0', () => {
    // find a 17-character body whose sum is a multiple of 31: its check character must be '0'
    const body = '00000000000000000';
    expect(creditCodeCheckChar(body)).toBe('0');
    expect(isValidCreditCode(`${body}0`)).toBe(true);
  });

  it.each(['', '91350100M000100Y4', '91350100M000100Y433', '91350100I000100Y43', '91350100m000100Y43'])(
    'rejects the malformed %j',
    (code) => expect(isValidCreditCode(code)).toBe(false),
  );

  it('has no I, O, S, V or Z in the charset', () => {
    expect(CREDIT_CODE_CHARSET).toHaveLength(31);
    for (const c of 'IOSVZ') expect(CREDIT_CODE_CHARSET.includes(c)).toBe(false);
  });

  it('normalizes spacing and case', () => {
    expect(normalizeCreditCode(' 91350100m000100 y43 ')).toBe('91350100M000100Y43');
  });

  it('detects every single-character substitution', () => {
    const code = '91350100M000100Y43';
    for (let i = 0; i < 17; i++) {
      for (const c of CREDIT_CODE_CHARSET) {
        if (c === code[i]) continue;
        const changed = code.slice(0, i) + c + code.slice(i + 1);
        expect(isValidCreditCode(changed)).toBe(false);
      }
    }
  });
});
