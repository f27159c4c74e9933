import { describe, expect, it } from 'vitest';
import { CronSyntaxError, latestSlot, parseCron } from './cron.js';

const at = (iso: string) => new Date(iso);

describe('cron', () => {
  it('matches minutes, steps, ranges and lists', () => {
    const every10 = parseCron('*/10 * * * *');
    expect(every10.matches(at('2026-03-01T08:20:00Z'))).toBe(true);
    expect(every10.matches(at('2026-03-01T08:25:00Z'))).toBe(false);
    const workHours = parseCron('0 9-18/3 * * 1-5');
    expect(workHours.matches(at('2026-03-02T12:00:00Z'))).toBe(true); // Monday
    expect(workHours.matches(at('2026-03-02T13:00:00Z'))).toBe(false);
    expect(workHours.matches(at('2026-03-01T12:00:00Z'))).toBe(false); // Sunday
    expect(parseCron('5,35 * * * *').matches(at('2026-03-01T00:35:00Z'))).toBe(true);
    expect(parseCron('0 0 * * 7').matches(at('2026-03-01T00:00:00Z'))).toBe(true); // 7 = Sunday
  });

  it('ORs day-of-month and day-of-week when both are restricted', () => {
    const c = parseCron('0 0 1 * 1');
    expect(c.matches(at('2026-03-01T00:00:00Z'))).toBe(true); // the 1st (a Sunday)
    expect(c.matches(at('2026-03-02T00:00:00Z'))).toBe(true); // a Monday
    expect(c.matches(at('2026-03-03T00:00:00Z'))).toBe(false);
  });

  it('evaluates in a time zone', () => {
    const c = parseCron('0 3 * * *', 'Asia/Shanghai');
    expect(c.matches(at('2026-03-01T19:00:00Z'))).toBe(true); // 03:00 in Shanghai
    expect(c.matches(at('2026-03-01T03:00:00Z'))).toBe(false);
  });

  it('finds the latest slot within the grace period', () => {
    const c = parseCron('*/5 * * * *');
    expect(latestSlot(c, at('2026-03-01T08:07:59.999Z'), 3_600_000)?.toISOString()).toBe('2026-03-01T08:05:00.000Z');
    expect(latestSlot(c, at('2026-03-01T08:05:00Z'), 0)?.toISOString()).toBe('2026-03-01T08:05:00.000Z');
    expect(latestSlot(parseCron('0 3 * * *'), at('2026-03-01T05:00:00Z'), 3_600_000)).toBeNull();
  });

  it('rejects malformed expressions', () => {
    expect(() => parseCron('* * * *')).toThrow(CronSyntaxError);
    expect(() => parseCron('60 * * * *')).toThrow(/outside 0-59/);
    expect(() => parseCron('*/0 * * * *')).toThrow(CronSyntaxError);
    expect(() => parseCron('a * * * *')).toThrow(CronSyntaxError);
    expect(() => parseCron('* * * * *', 'Mars/Olympus')).toThrow(/time zone/);
  });
});
