import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate } from './dates.js';

describe('parseDate', () => {
  it.each([
    ['2026-01-05', '2026-01-05'],
    ['2026-1-5', '2026-01-05'],
    ['2026/1/5', '2026-01-05'],
    ['2026.01.05', '2026-01-05'],
    ['2026年1月5日', '2026-01-05'],
    ['2026年01月05号', '2026-01-05'],
    ['２０２６年１月５日', '2026-01-05'],
    ['20260105', '2026-01-05'],
    ['2026-01-05T23:30:00+08:00', '2026-01-05'],
    ['2026-01-05T10:00:00.123Z', '2026-01-05'],
    ['25/01/2026', '2026-01-25'],
    ['01/25/2026', '2026-01-25'],
    ['05/05/2026', '2026-05-05'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('%s → %s', (input, date) => {
    expect(parseDate(input)).toEqual({ ok: true, date });
  });

  it.each([
    ['05/01/2026', 'ambiguous'],
    ['1/2/2026', 'ambiguous'],
    ['2026-02-30', 'invalid'],
    ['2025-02-29', 'invalid'],
    ['1900-02-29', 'invalid'],
    ['2026-13-01', 'invalid'],
    ['31/31/2026', 'invalid'],
    ['0999-01-01', 'invalid'],
    ['26-01-05', 'format'],
    ['01/05/26', 'format'],
    ['yesterday', 'format'],
    ['', 'format'],
  ])('rejects %s (%s)', (input, reason) => {
    expect(parseDate(input)).toEqual({ ok: false, reason });
  });

  it('takes the UTC date of a Date object (spreadsheet cells)', () => {
    expect(parseDate(new Date(Date.UTC(2026, 0, 5)))).toEqual({ ok: true, date: '2026-01-05' });
    expect(parseDate(new Date(Number.NaN))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('reads every real date back in each unambiguous format (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth() + 1;
        const day = d.getUTCDate();
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        for (const text of [iso, `${y}/${m}/${day}`, `${y}年${m}月${day}日`, iso.replace(/-/g, '')]) {
          expect(parseDate(text)).toEqual({ ok: true, date: iso });
        }
      }),
    );
  });
});
