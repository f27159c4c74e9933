import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinorUnits, numberToPlainString, parseMoney, parseNumberText } from './numbers.js';

describe('parseMoney', () => {
  it.each([
    ['$1,932.00', 193200],
    ['¥1.2万', 1200000],
    ['1,234', 123400],
    ['12.5亿', 125000000000],
    ['￥ 1,234.56', 123456],
    ['-$5.10', -510],
    ['(300)', -30000],
    ['1.2万元', 1200000],
    ['RMB 88', 8800],
    ['0.005', 1],
    ['１２３', 12300],
    ['3k', 300000],
    ['USD 1,000,000.99', 100000099],
  ])('%s → %d minor units', (raw, minor) => {
    expect(parseMoney(raw)).toEqual({ ok: true, value: minor });
  });

  it.each(['', 'abc', '1,23', '1.2.3', '--5', '(-5)', '12,34,567', '万', '$'])('rejects %j', (raw) => {
    expect(parseMoney(raw).ok).toBe(false);
  });

  it('takes spreadsheet numbers by their decimal text (no float error)', () => {
    expect(parseMoney(0.1 + 0.2)).toEqual({ ok: true, value: 30 });
    expect(parseMoney(1932)).toEqual({ ok: true, value: 193200 });
    expect(parseMoney(1100.04)).toEqual({ ok: true, value: 110004 });
  });

  it('property: formatted cents with thousands separators and symbols round-trip exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom('', '$', '¥', '￥', 'RMB '), fc.boolean(), (cents, symbol, group) => {
        const text = formatMinorUnits(Math.abs(cents));
        const [int, frac] = text.split('.') as [string, string];
        const grouped = group ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : int;
        const raw = `${cents < 0 ? '-' : ''}${symbol}${grouped}.${frac}`;
        const r = parseMoney(raw);
        expect(r).toEqual({ ok: true, value: cents === 0 ? 0 : cents });
        if (r.ok) expect(Number.isInteger(r.value)).toBe(true);
      }),
    );
  });

  it('property: 万 and 亿 scale exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99 }), (whole, hundredths) => {
        const raw = `${whole}.${String(hundredths).padStart(2, '0')}`;
        expect(parseMoney(`${raw}万`)).toEqual({ ok: true, value: (whole * 100 + hundredths) * 100 * 100 });
        expect(parseMoney(`${raw}亿`)).toEqual({ ok: true, value: (whole * 100 + hundredths) * 1_000_000 * 100 });
      }),
    );
  });

  it('property: never returns a non-integer or unsafe number', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseMoney(s);
        if (r.ok) expect(Number.isSafeInteger(r.value)).toBe(true);
      }),
    );
  });
});

describe('parseNumberText', () => {
  it.each([
    ['1,234', '1234'],
    ['1,234.50', '1234.5'],
    ['0012', '12'],
    ['1.2万', '12000'],
    ['-0.50', '-0.5'],
    ['2822', '2822'],
  ])('%s → %s', (raw, text) => expect(parseNumberText(raw)).toEqual({ ok: true, value: text }));
  it('rejects currency and junk', () => {
    expect(parseNumberText('$5').ok).toBe(false);
    expect(parseNumberText('n/a').ok).toBe(false);
  });
  it('writes numbers without exponents', () => {
    expect(numberToPlainString(1e21)).toBe('1000000000000000000000');
    expect(numberToPlainString(1.5e-7)).toBe('0.00000015');
  });
});
