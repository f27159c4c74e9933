import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinorUnits, formatMoney, parseMoney } from './money.js';

const ok = (s: string) => {
  const r = parseMoney(s);
  if (!r.ok) throw new Error(`${s}: ${r.reason}`);
  return r.minor;
};

describe('parseMoney', () => {
  it.each([
    ['1932', 193200],
    ['1,932.00', 193200],
    ['1932.5', 193250],
    ['1932.05', 193205],
    ['¥1,932', 193200],
    ['￥１，９３２．００', 193200],
    ['$1,932', 193200],
    ['US$1,932.10', 193210],
    ['RMB 1,932', 193200],
    ['CNY1932', 193200],
    ['1932元', 193200],
    ['1932 元整', 193200],
    ['人民币1932元', 193200],
    ['¥1.2万', 1200000],
    ['1.2万元', 1200000],
    ['3亿', 30000000000],
    ['2.5千', 250000],
    ['1.5k', 150000],
    ['3w', 3000000],
    ['1.23456万', 1234560],
    ['0.01', 1],
    ['0', 0],
    ['-0', 0],
    ['-1,932.00', -193200],
    ['¥-1,932', -193200],
    ['-¥1,932', -193200],
    ['(1,932.00)', -193200],
    [' 1 932 ', 193200],
    ['1,234,567.89', 123456789],
  ])('%s → %d 分', (input, minor) => {
    expect(ok(input)).toBe(minor);
  });

  it.each([
    ['', 'format'],
    ['abc', 'format'],
    ['1,93', 'format'],
    ['1,9320', 'format'],
    ['1.2.3', 'format'],
    ['--5', 'format'],
    ['(-5)', 'format'],
    ['.5', 'format'],
    ['1.234', 'precision'],
    ['1.2345678万', 'precision'],
    ['0.001', 'precision'],
    ['99999999999999999', 'range'],
    ['1e5', 'format'],
    ['1万亿', 'format'],
  ])('rejects %s (%s)', (input, reason) => {
    expect(parseMoney(input)).toEqual({ ok: false, reason });
  });

  it('round-trips every safe amount through its formatted text (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), (minor) => {
        expect(ok(formatMinorUnits(minor))).toBe(minor);
        expect(ok(formatMoney(minor, 'CNY'))).toBe(minor);
        expect(ok(formatMoney(minor, 'USD'))).toBe(minor);
      }),
    );
  });

  it('parses plain, grouped and decorated forms of the same amount alike (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('', '¥', '￥', '$', 'RMB ', 'CNY'),
        fc.constantFrom('', '元', ' 元'),
        (major, cents, prefix, suffix) => {
          const expected = Number(major) * 100 + cents;
          const frac = String(cents).padStart(2, '0');
          const plain = `${major}.${frac}`;
          const grouped = `${major.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
          expect(ok(plain)).toBe(expected);
          expect(ok(`${prefix}${grouped}${suffix}`)).toBe(expected);
          if (cents % 10 === 0) expect(ok(`${major}.${cents / 10}`)).toBe(expected);
        },
      ),
    );
  });

  it('scales 万 and 亿 exactly, never through floats (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (yuan) => {
        const wan = `${Math.floor(yuan / 10000)}.${String(yuan % 10000).padStart(4, '0')}万`;
        expect(ok(wan)).toBe(yuan * 100);
        const yi = `${Math.floor(yuan / 1e8)}.${String(yuan % 1e8).padStart(8, '0')}亿`;
        expect(ok(yi)).toBe(yuan * 100);
      }),
    );
  });

  it('never returns a non-integer (property over arbitrary text)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const r = parseMoney(s);
        if (r.ok) expect(Number.isSafeInteger(r.minor)).toBe(true);
      }),
    );
  });
});

describe('formatMoney', () => {
  it('formats minor units with the currency symbol', () => {
    expect(formatMoney(193200)).toBe('¥1,932.00');
    expect(formatMoney(-5, 'USD')).toBe('-$0.05');
    expect(formatMoney(100, 'JPY')).toBe('JPY 1.00');
  });
});
