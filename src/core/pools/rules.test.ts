import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  dayStart,
  daysRemaining,
  isReclaimUrgent,
  poolForDepartment,
  poolsVisibleToDepartment,
  reclaimDue,
  reclaimDueAt,
  reminderAt,
  type ReclaimRules,
  type ReclaimSubject,
} from './rules.js';

const T0 = new Date('2026-03-01T00:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);

const base: ReclaimSubject = {
  ownerId: 'u1',
  tier: null,
  locked: false,
  deleted: false,
  createdAt: at(-100),
  ownerAssignedAt: at(0),
  lastEffectiveFollowUpAt: null,
  lastDealAt: null,
  lastWonAt: null,
};
const idle30: ReclaimRules = { idleDays: { default: 30 }, noDealDays: null, noWinDays: null, exemptWon: true, exemptLocked: true };

describe('reclaimDueAt', () => {
  it('starts at the assignment when there is no follow-up', () => {
    expect(reclaimDueAt(base, idle30)).toEqual(at(30));
  });

  it('starts at the latest of assignment and the last effective follow-up', () => {
    expect(reclaimDueAt({ ...base, lastEffectiveFollowUpAt: at(10) }, idle30)).toEqual(at(40));
    // a follow-up by a previous owner does not shorten the new owner's period
    expect(reclaimDueAt({ ...base, lastEffectiveFollowUpAt: at(-20) }, idle30)).toEqual(at(30));
  });

  it('falls back to the creation time when the assignment time is unknown', () => {
    expect(reclaimDueAt({ ...base, ownerAssignedAt: null }, idle30)).toEqual(at(-70));
  });

  it('uses the tier’s days, else the default', () => {
    const rules = { ...idle30, idleDays: { default: 30, A: 90, B: 60 } };
    expect(reclaimDueAt({ ...base, tier: 'A' }, rules)).toEqual(at(90));
    expect(reclaimDueAt({ ...base, tier: 'B' }, rules)).toEqual(at(60));
    expect(reclaimDueAt({ ...base, tier: 'C' }, rules)).toEqual(at(30));
  });

  it('takes the earliest of the rules that are on, and names it', () => {
    const rules: ReclaimRules = { ...idle30, noDealDays: { default: 20 }, noWinDays: { default: 25 }, exemptWon: false };
    expect(reclaimDue(base, rules)).toEqual({ dueAt: at(20), rule: 'noDeal', days: 20 });
    expect(reclaimDue({ ...base, lastDealAt: at(15) }, rules)).toEqual({ dueAt: at(25), rule: 'noWin', days: 25 });
  });

  it('is null without an owner, when deleted, exempt or with every rule off', () => {
    expect(reclaimDueAt({ ...base, ownerId: null }, idle30)).toBeNull();
    expect(reclaimDueAt({ ...base, deleted: true }, idle30)).toBeNull();
    expect(reclaimDueAt({ ...base, locked: true }, idle30)).toBeNull();
    expect(reclaimDueAt({ ...base, lastWonAt: at(1) }, idle30)).toBeNull();
    expect(reclaimDueAt({ ...base, locked: true }, { ...idle30, exemptLocked: false })).toEqual(at(30));
    expect(reclaimDueAt({ ...base, lastWonAt: at(1) }, { ...idle30, exemptWon: false })).toEqual(at(30));
    expect(reclaimDueAt(base, { ...idle30, idleDays: null })).toBeNull();
  });
});

describe('days remaining', () => {
  it('rounds up and is red below 3', () => {
    const due = at(10);
    expect(daysRemaining(due, at(10))).toBe(0);
    expect(daysRemaining(due, new Date(due.getTime() - 1))).toBe(1);
    expect(daysRemaining(due, at(7))).toBe(3);
    expect(isReclaimUrgent(due, at(7))).toBe(false);
    expect(daysRemaining(due, new Date(at(7).getTime() + 1))).toBe(3);
    expect(isReclaimUrgent(due, new Date(at(8).getTime() + 1))).toBe(true);
    expect(daysRemaining(due, at(12))).toBe(-2);
  });
  it('reminds M days before', () => {
    expect(reminderAt(at(30), 2)).toEqual(at(28));
    expect(reminderAt(at(30), 0)).toBeNull();
  });
});

describe('properties', () => {
  const date = fc.integer({ min: -400, max: 400 }).map((d) => at(d));
  const optDate = fc.option(date, { nil: null });
  const days = fc.integer({ min: 1, max: 365 });
  const tierDays = fc.option(fc.record({ default: days, A: days, B: days }), { nil: null });
  const subject = fc.record({
    ownerId: fc.constant('u1'),
    tier: fc.constantFrom(null, 'A', 'B', 'C'),
    locked: fc.boolean(),
    deleted: fc.constant(false),
    createdAt: date,
    ownerAssignedAt: optDate,
    lastEffectiveFollowUpAt: optDate,
    lastDealAt: optDate,
    lastWonAt: optDate,
  });
  const rules = fc.record({ idleDays: tierDays, noDealDays: tierDays, noWinDays: tierDays, exemptWon: fc.boolean(), exemptLocked: fc.boolean() });

  it('is never before the assignment plus the smallest N, nor after it plus the largest N of the latest start', () => {
    fc.assert(
      fc.property(subject, rules, (s, r) => {
        const due = reclaimDue(s, r);
        if (!due) return;
        const assigned = (s.ownerAssignedAt ?? s.createdAt).getTime();
        expect(due.dueAt.getTime()).toBeGreaterThanOrEqual(assigned + due.days * DAY_MS);
        expect(due.days).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('a later effective follow-up never brings reclaim earlier', () => {
    fc.assert(
      fc.property(subject, rules, date, (s, r, followUp) => {
        const before = reclaimDueAt(s, r);
        const later = s.lastEffectiveFollowUpAt && s.lastEffectiveFollowUpAt > followUp ? s.lastEffectiveFollowUpAt : followUp;
        const after = reclaimDueAt({ ...s, lastEffectiveFollowUpAt: later }, r);
        if (before && after) expect(after.getTime()).toBeGreaterThanOrEqual(before.getTime());
        expect(after === null).toBe(before === null);
      }),
    );
  });

  it('turning a rule off never brings reclaim earlier; exemptions always win', () => {
    fc.assert(
      fc.property(subject, rules, (s, r) => {
        const all = reclaimDueAt(s, r);
        const fewer = reclaimDueAt(s, { ...r, noDealDays: null });
        if (all && fewer) expect(fewer.getTime()).toBeGreaterThanOrEqual(all.getTime());
        if (r.exemptLocked && s.locked) expect(all).toBeNull();
        if (r.exemptWon && s.lastWonAt) expect(all).toBeNull();
      }),
    );
  });

  it('days remaining is the ceiling of the distance in days', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), (ms) => {
        const n = daysRemaining(new Date(T0.getTime() + ms), T0);
        expect(n - 1).toBeLessThan(ms / DAY_MS);
        expect(n).toBeGreaterThanOrEqual(ms / DAY_MS);
      }),
    );
  });

  it('the day start is at most a day before now, and stable within the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York'), (ms, tz) => {
        const now = new Date(ms);
        const start = dayStart(now, tz);
        expect(start.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(now.getTime() - start.getTime()).toBeLessThan(DAY_MS + 3_600_000);
        expect(dayStart(start, tz).getTime()).toBe(start.getTime());
      }),
    );
  });
});

describe('dayStart', () => {
  it('is local midnight', () => {
    expect(dayStart(new Date('2026-03-01T15:59:59Z'), 'Asia/Shanghai').toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(dayStart(new Date('2026-03-01T16:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(dayStart(new Date('2026-03-01T12:00:00Z'), 'UTC').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});

describe('which pool', () => {
  const parentOf = new Map<string, string | null>([
    ['root', null],
    ['east', 'root'],
    ['shanghai', 'east'],
    ['west', 'root'],
  ]);
  const def = { id: 'default', isDefault: true, active: true, departmentIds: [] };
  const east = { id: 'east', isDefault: false, active: true, departmentIds: ['east'] };
  const off = { id: 'off', isDefault: false, active: false, departmentIds: ['west'] };

  it('picks the nearest named department, else the default pool', () => {
    expect(poolForDepartment('shanghai', [def, east, off], parentOf)?.id).toBe('east');
    expect(poolForDepartment('east', [def, east], parentOf)?.id).toBe('east');
    expect(poolForDepartment('west', [def, east, off], parentOf)?.id).toBe('default');
    expect(poolForDepartment(null, [def, east], parentOf)?.id).toBe('default');
    expect(poolForDepartment('west', [east], parentOf)).toBeNull();
  });

  it('members see whole-organization pools and their branch’s', () => {
    expect(poolsVisibleToDepartment('shanghai', [def, east, off], parentOf).map((p) => p.id)).toEqual(['default', 'east']);
    expect(poolsVisibleToDepartment('west', [def, east, off], parentOf).map((p) => p.id)).toEqual(['default']);
  });
});
