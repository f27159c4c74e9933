import { describe, expect, it } from 'vitest';
import { zoneOffsetMs, zoneParts } from './zone.js';

describe('time zones', () => {
  it('gives Shanghai wall-clock parts and its +8 h offset', () => {
    const at = new Date('2026-12-01T17:30:05Z');
    expect(zoneParts(at, 'Asia/Shanghai')).toEqual({ year: 2026, month: 12, day: 2, hour: 1, minute: 30, second: 5 });
    expect(zoneOffsetMs(at, 'Asia/Shanghai')).toBe(8 * 3_600_000);
  });

  it('follows daylight saving time where a zone has it', () => {
    expect(zoneOffsetMs(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(zoneOffsetMs(new Date('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
  });
});
