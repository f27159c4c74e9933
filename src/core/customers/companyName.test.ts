import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeCompanyName, toHalfWidth } from './companyName.js';

describe('normalizeCompanyName', () => {
  it('makes the three spellings of one company the same key', () => {
    const key = normalizeCompanyName('上海华东贸易有限公司');
    expect(key).toBe('上海华东贸易');
    expect(normalizeCompanyName('上海华东贸易（集团）有限公司')).toBe(key);
    expect(normalizeCompanyName('上海 华东贸易有限公司')).toBe(key);
  });

  it.each([
    ['北京恒信股份有限公司', '北京恒信'],
    ['北京恒信有限责任公司', '北京恒信'],
    ['北京恒信集团有限公司', '北京恒信'],
    ['北京恒信集团公司', '北京恒信'],
    ['ＡＢＣ Technology Co., Ltd.', 'abctechnologycoltd'],
    ['Acme (Shanghai) Trading', 'acmetrading'],
    ['华东（集团(上海)）贸易公司', '华东贸易'],
    ['  杭州·恒信—精密、机械有限公司 ', '杭州恒信精密机械'],
  ])('%s → %s', (input, expected) => expect(normalizeCompanyName(input)).toBe(expected));

  it('never strips a name down to nothing', () => {
    expect(normalizeCompanyName('公司')).toBe('公司');
    expect(normalizeCompanyName('集团公司')).toBe('集团');
  });

  it('is idempotent and ignores spacing and width', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const once = normalizeCompanyName(s);
        expect(normalizeCompanyName(once)).toBe(once);
        expect(normalizeCompanyName(` ${s} `)).toBe(once);
      }),
    );
  });

  it('converts full-width letters, digits and the ideographic space', () => {
    expect(toHalfWidth('ＡＢＣ１２３　！')).toBe('ABC123 !');
  });
});
