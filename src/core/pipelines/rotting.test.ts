import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idleDays, isRotting, rotsAt } from './rotting.js';

const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

describe('rotting', () => {
  it('a deal idle 8 days in a 7-day stage rots; 7 days exactly does not', () => {
    const last = at('2026-11-01T09:00:00Z');
    expect(isRotting({ status: 'open', lastUpdateAt: last, rottingDays: 7 }, at('2026-11-09T09:00:00Z'))).toBe(true);
    expect(isRotting({ status: 'open', lastUpdateAt: last, rottingDays: 7 }, at('2026-11-08T09:00:00Z'))).toBe(false);
    expect(idleDays(last, at('2026-11-09T09:00:00Z'))).toBe(8);
  });

  it('uses 7 days when the stage sets none, and 0 turns it off', () => {
    const last = at('2026-11-01T00:00:00Z');
    expect(isRotting({ status: 'open', lastUpdateAt: last, rottingDays: null }, at('2026-11-08T00:00:01Z'))).toBe(true);
    expect(isRotting({ status: 'open', lastUpdateAt: last, rottingDays: 0 }, at('2027-11-08T00:00:00Z'))).toBe(false);
    expect(rotsAt(last, 0)).toBeNull();
  });

  it('closed deals never rot', () => {
    const last = at('2020-01-01T00:00:00Z');
    expect(isRotting({ status: 'won', lastUpdateAt: last, rottingDays: 7 }, at('2026-01-01T00:00:00Z'))).toBe(false);
    expect(isRotting({ status: 'lost', lastUpdateAt: last, rottingDays: 7 }, at('2026-01-01T00:00:00Z'))).toBe(false);
  });

  it('rots exactly after rotsAt, for any stage setting and idle time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 }), fc.integer({ min: 0, max: 400 * DAY }), (days, idleMs) => {
        const last = at('2026-06-01T00:00:00Z');
        const now = new Date(last.getTime() + idleMs);
        expect(isRotting({ status: 'open', lastUpdateAt: last, rottingDays: days }, now)).toBe(now > rotsAt(last, days)!);
        expect(idleDays(last, now)).toBe(Math.floor(idleMs / DAY));
      }),
    );
  });
});
