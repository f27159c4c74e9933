import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate, localDate, zonedInstant } from './dates.js';
import { countChars, isEffectiveFollowUp, validateFollowUp, type FollowUpContent } from './evaluate.js';
import { activitySettingsProblems, DEFAULT_ACTIVITY_SETTINGS, DEFAULT_EFFECTIVE_RULES, ruleForType, type EffectiveRules } from './settings.js';

const rules = DEFAULT_EFFECTIVE_RULES;
const text20 = '客户需要二十台服务器并希望下月安装到位'; // 19 Chinese characters
const need = '需要采购二十台服务器'; // 10
const feedback = '对报价基本满意下周定'; // 10

describe('countChars', () => {
  it('counts Chinese characters, letters and emoji as one each and ignores whitespace', () => {
    expect(countChars('客户需要报价')).toBe(6);
    expect(countChars(' a b\n c ')).toBe(3);
    expect(countChars('👍🏻好')).toBe(2);
    expect(countChars(null)).toBe(0);
    expect(countChars(text20)).toBe(19);
  });

  it('is additive over concatenation (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('客', '户', 'a', 'Z', '1', ' ', '，') }), fc.string({ unit: fc.constantFrom('需', '求', 'b', '\n', '。') }), (a, b) => {
        expect(countChars(a + b)).toBe(countChars(a) + countChars(b));
      }),
    );
  });
});

describe('isEffectiveFollowUp (default rules)', () => {
  it('a 4-minute call with 20 characters of need and feedback is effective; a 1-minute call is not', () => {
    const call: FollowUpContent = { type: 'call', need, feedback, durationSeconds: 240 };
    expect(isEffectiveFollowUp(call, rules)).toEqual({ effective: true, reasons: [] });
    expect(isEffectiveFollowUp({ ...call, durationSeconds: 60 }, rules)).toEqual({
      effective: false,
      reasons: [{ code: 'duration_short', required: 180, actual: 60 }],
    });
    expect(isEffectiveFollowUp({ ...call, durationSeconds: 180 }, rules).effective).toBe(true);
  });

  it('a visit needs a check-in; text under 20 characters is not effective', () => {
    expect(isEffectiveFollowUp({ type: 'visit', need, feedback }, rules).reasons).toEqual([{ code: 'check_in_missing' }]);
    expect(isEffectiveFollowUp({ type: 'visit', need, feedback, checkIn: { lat: 31.2, lng: 121.5 } }, rules).effective).toBe(true);
    expect(isEffectiveFollowUp({ type: 'wechat', notes: text20 }, rules).reasons).toEqual([{ code: 'text_short', required: 20, actual: 19 }]);
    expect(isEffectiveFollowUp({ type: 'wechat', notes: `${text20}。` }, rules).effective).toBe(true);
  });

  it('per-type overrides replace only the properties they name', () => {
    const custom: EffectiveRules = { default: { minDurationSeconds: null, requireCheckIn: false, minTextChars: 20 }, byType: { call: { minDurationSeconds: 60, minTextChars: null } } };
    expect(ruleForType(custom, 'call')).toEqual({ minDurationSeconds: 60, requireCheckIn: false, minTextChars: null });
    expect(ruleForType(custom, 'email')).toEqual(custom.default);
    expect(isEffectiveFollowUp({ type: 'call', durationSeconds: 61 }, custom).effective).toBe(true);
  });

  const content = fc.record({
    type: fc.constantFrom('call', 'visit', 'email', 'wechat', 'meeting', 'demo', 'other'),
    need: fc.option(fc.string({ unit: fc.constantFrom('需', '求', 'a', ' ') , maxLength: 30 }), { nil: null }),
    feedback: fc.option(fc.string({ unit: fc.constantFrom('反', '馈', 'b'), maxLength: 30 }), { nil: null }),
    notes: fc.option(fc.string({ unit: fc.constantFrom('记', '录', 'c'), maxLength: 30 }), { nil: null }),
    durationSeconds: fc.option(fc.integer({ min: 0, max: 3600 }), { nil: null }),
    checkIn: fc.option(fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lng: fc.double({ min: -180, max: 180, noNaN: true }) }), { nil: null }),
  });
  const ruleArb = fc.record({
    minDurationSeconds: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
    requireCheckIn: fc.boolean(),
    minTextChars: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  });
  const rulesArb = fc.record({ default: ruleArb, byType: fc.dictionary(fc.constantFrom('call', 'visit', 'email'), ruleArb.map((r) => ({ minDurationSeconds: r.minDurationSeconds }))) });

  it('is effective exactly when no reason is given, and each reason matches the rule (property)', () => {
    fc.assert(
      fc.property(content, rulesArb, (a, r) => {
        const res = isEffectiveFollowUp(a, r);
        expect(res.effective).toBe(res.reasons.length === 0);
        const rule = ruleForType(r, a.type);
        const text = countChars(a.need) + countChars(a.feedback) + countChars(a.notes);
        const durationOk = !rule.minDurationSeconds || (a.durationSeconds ?? 0) >= rule.minDurationSeconds;
        const textOk = !rule.minTextChars || text >= rule.minTextChars;
        const checkInOk = !rule.requireCheckIn || a.checkIn !== null;
        expect(res.effective).toBe(durationOk && textOk && checkInOk);
      }),
    );
  });

  it('more duration, more text or a check-in never makes a follow-up less effective (property)', () => {
    fc.assert(
      fc.property(content, rulesArb, fc.integer({ min: 0, max: 1000 }), fc.string({ unit: fc.constantFrom('补', '充'), maxLength: 20 }), (a, r, extra, more) => {
        const before = isEffectiveFollowUp(a, r).effective;
        const after = isEffectiveFollowUp({ ...a, durationSeconds: (a.durationSeconds ?? 0) + extra, notes: (a.notes ?? '') + more, checkIn: a.checkIn ?? { lat: 1, lng: 2 } }, r).effective;
        if (before) expect(after).toBe(true);
      }),
    );
  });

  it('the call threshold is exact (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seconds) => {
        expect(isEffectiveFollowUp({ type: 'call', need, feedback, durationSeconds: seconds }, rules).effective).toBe(seconds >= 180);
      }),
    );
  });
});

describe('validateFollowUp', () => {
  const settings = DEFAULT_ACTIVITY_SETTINGS;

  it('names the required structured fields that are missing', () => {
    expect(validateFollowUp({ type: 'call' }, settings).missing).toEqual(['need', 'feedback', 'nextAction', 'nextActionDate']);
    expect(validateFollowUp({ type: 'call', need: ' ', feedback: 'ok', nextAction: '报价', nextActionDate: '2026-03-05' }, settings).missing).toEqual(['need']);
    expect(validateFollowUp({ type: 'fax' }, settings)).toEqual({ type: null, missing: ['type'] });
  });

  it('a type that requires nothing still needs both halves of a next action', () => {
    const s = { types: [{ key: 'other', name: { 'zh-CN': '其他', en: 'Other' }, active: true, required: [] }] };
    expect(validateFollowUp({ type: 'other' }, s).missing).toEqual([]);
    expect(validateFollowUp({ type: 'other', nextAction: '回访' }, s).missing).toEqual(['nextActionDate']);
    expect(validateFollowUp({ type: 'other', nextActionDate: '2026-03-05' }, s).missing).toEqual(['nextAction']);
  });

  it('missing is exactly the required fields left blank (property)', () => {
    const field = fc.option(fc.constantFrom('', '  ', '内容'), { nil: undefined });
    fc.assert(
      fc.property(fc.subarray(['need', 'feedback', 'nextAction'] as const), field, field, field, field, (required, n, f, a, d) => {
        const s = { types: [{ key: 'call', name: { 'zh-CN': '电话', en: 'Call' }, active: true, required: [...required] }] };
        const missing = validateFollowUp({ type: 'call', need: n, feedback: f, nextAction: a, nextActionDate: d }, s).missing;
        const isBlank = (v: string | undefined) => !v || v.trim() === '';
        expect(missing.includes('need')).toBe(required.includes('need') && isBlank(n));
        expect(missing.includes('feedback')).toBe(required.includes('feedback') && isBlank(f));
        expect(missing.includes('nextAction')).toBe(isBlank(a) && (required.includes('nextAction') || !isBlank(d)));
        expect(missing.includes('nextActionDate')).toBe(isBlank(d) && (required.includes('nextAction') || !isBlank(a)));
      }),
    );
  });
});

describe('settings', () => {
  it('the defaults are valid; duplicates, unknown override types and bad times are reported', () => {
    expect(activitySettingsProblems(DEFAULT_ACTIVITY_SETTINGS)).toEqual([]);
    const bad = {
      ...DEFAULT_ACTIVITY_SETTINGS,
      types: [...DEFAULT_ACTIVITY_SETTINGS.types, { ...DEFAULT_ACTIVITY_SETTINGS.types[0]! }],
      effective: { default: DEFAULT_EFFECTIVE_RULES.default, byType: { fax: { minDurationSeconds: 1 } } },
      reminderTime: '25:00',
      timeZone: 'Mars/Base',
    };
    expect(activitySettingsProblems(bad).map((p) => p.field)).toEqual(['types.7.key', 'effective.byType.fax', 'reminderTime', 'timeZone']);
  });
});

describe('dates', () => {
  it('09:00 in Shanghai is 01:00 UTC of the same date', () => {
    expect(zonedInstant('2026-03-05', '09:00', 'Asia/Shanghai').toISOString()).toBe('2026-03-05T01:00:00.000Z');
    expect(localDate(new Date('2026-03-04T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-05');
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('the local date of a zoned instant is its date (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'UTC'),
        fc.constantFrom('00:00', '09:00', '12:30', '23:59'),
        (d, tz, time) => {
          const date = d.toISOString().slice(0, 10);
          const at = zonedInstant(date, time, tz);
          // America/New_York and Europe/Berlin skip 02:00–03:00 once a year; none of these times falls in it
          expect(localDate(at, tz)).toBe(date);
        },
      ),
    );
  });
});
