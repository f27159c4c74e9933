import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseDate } from './dates.js';

describe('parseDate', () => {
  it.each([
    ['2026-01-05', '2026-01-05'],
    ['2026/1/5', '2026-01-05'],
    ['2026.1.5', '2026-01-05'],
    ['2026年1月5日', '2026-01-05'],
    ['2026 年 1 月 5 号', '2026-01-05'],
    ['20260105', '2026-01-05'],
    ['2026-01-05T10:00:00Z', '2026-01-05'],
    ['2026/01/05 14:30', '2026-01-05'],
    ['1/5/2026', '2026-01-05'], // US month/day by default
    ['13/5/2026', '2026-05-13'], // only one valid reading
    ['５/１/２０２６', '2026-05-01'],
    ['46027', '2026-01-05'], // Excel serial typed as text
  ])('%s → %s', (raw, iso) => expect(parseDate(raw)).toBe(iso));

  it('day/month order when chosen', () => expect(parseDate('1/5/2026', 'dmy')).toBe('2026-05-01'));

  it.each(['', '2026-02-30', '2026-13-01', '1/5/26', 'yesterday', '2026年13月1日', '32/13/2026'])('rejects %j', (raw) =>
    expect(parseDate(raw)).toBeNull(),
  );

  it('Excel serials and Date cells', () => {
    expect(parseDate(46027)).toBe('2026-01-05');
    expect(parseDate(46027.75)).toBe('2026-01-05');
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(parseDate(new Date(Date.UTC(2026, 0, 5)))).toBe('2026-01-05');
  });

  it('property: every valid date round-trips through all common formats', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1901, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }), (date) => {
        const y = date.getUTCFullYear();
        const m = date.getUTCMonth() + 1;
        const d = date.getUTCDate();
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        for (const raw of [iso, `${y}/${m}/${d}`, `${y}.${m}.${d}`, `${y}年${m}月${d}日`, `${m}/${d}/${y}`]) expect(parseDate(raw)).toBe(iso);
        expect(parseDate(`${d}/${m}/${y}`, 'dmy')).toBe(iso);
      }),
    );
  });
});
