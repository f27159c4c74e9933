/**
 * Follow-up settings (跟进设置, PRODUCT.md 4.4): the activity types, which structured fields each requires,
 * the effective-follow-up rule (有效跟进) and reminder defaults. Pure: stored as org_settings key "activities"
 * by modules/activities, which validates input with `activitySettingsProblems`.
 */

/** Structured content of a follow-up that a type may require. `nextAction` means the action and its date. */
export const STRUCTURED_FIELDS = ['need', 'feedback', 'nextAction'] as const;
export type StructuredField = (typeof STRUCTURED_FIELDS)[number];

export interface LocalizedName {
  'zh-CN': string;
  en: string;
}

export interface ActivityTypeDefinition {
  /** stable key stored on activities.type */
  key: string;
  name: LocalizedName;
  active: boolean;
  /** structured fields a follow-up of this type must carry */
  required: StructuredField[];
}

/**
 * What makes a follow-up effective. Every condition that is set must hold:
 * - minDurationSeconds: the call (or meeting) lasted at least this long;
 * - requireCheckIn: a check-in location was recorded (visits);
 * - minTextChars: need + feedback + notes together have at least this many characters (whitespace not counted;
 *   a Chinese character counts as one).
 * null / false: the condition does not apply.
 */
export interface EffectiveRule {
  minDurationSeconds: number | null;
  requireCheckIn: boolean;
  minTextChars: number | null;
}

export interface EffectiveRules {
  /** applies to every type */
  default: EffectiveRule;
  /** per-type overrides: a property given here replaces the default's for that type */
  byType: Record<string, Partial<EffectiveRule>>;
}

export interface ActivitySettings {
  types: ActivityTypeDefinition[];
  effective: EffectiveRules;
  /** negative feedback creates a task for the owner's department manager */
  negativeFeedbackTaskForManager: boolean;
  /** next-action tasks remind at this local time (HH:MM) of their due date */
  reminderTime: string;
  /** IANA time zone of due dates and reminders */
  timeZone: string;
}

const ALL_REQUIRED: StructuredField[] = ['need', 'feedback', 'nextAction'];

const type = (key: string, zh: string, en: string): ActivityTypeDefinition => ({
  key,
  name: { 'zh-CN': zh, en },
  active: true,
  required: [...ALL_REQUIRED],
});

export const DEFAULT_ACTIVITY_TYPES: readonly ActivityTypeDefinition[] = [
  type('call', '电话', 'Call'),
  type('visit', '拜访', 'Visit'),
  type('email', '邮件', 'Email'),
  type('wechat', '微信', 'WeChat'),
  type('meeting', '会议', 'Meeting'),
  type('demo', '演示', 'Demo'),
  type('other', '其他', 'Other'),
];

export const DEFAULT_EFFECTIVE_RULES: EffectiveRules = {
  default: { minDurationSeconds: null, requireCheckIn: false, minTextChars: 20 },
  byType: {
    call: { minDurationSeconds: 180 },
    visit: { requireCheckIn: true },
  },
};

export const DEFAULT_ACTIVITY_SETTINGS: ActivitySettings = {
  types: DEFAULT_ACTIVITY_TYPES.map((t) => ({ ...t, name: { ...t.name }, required: [...t.required] })),
  effective: DEFAULT_EFFECTIVE_RULES,
  negativeFeedbackTaskForManager: true,
  reminderTime: '09:00',
  timeZone: 'Asia/Shanghai',
};

/** The rule that applies to a type: the default with the type's overrides. */
export function ruleForType(rules: EffectiveRules, typeKey: string): EffectiveRule {
  const o = rules.byType[typeKey] ?? {};
  return {
    minDurationSeconds: o.minDurationSeconds !== undefined ? o.minDurationSeconds : rules.default.minDurationSeconds,
    requireCheckIn: o.requireCheckIn !== undefined ? o.requireCheckIn : rules.default.requireCheckIn,
    minTextChars: o.minTextChars !== undefined ? o.minTextChars : rules.default.minTextChars,
  };
}

export const TYPE_KEY_RE = /^[a-z][a-z0-9_]{0,29}$/;
export const TIME_OF_DAY_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface SettingsProblem {
  /** path of the offending value, e.g. `types.2.key` */
  field: string;
  code: 'duplicate_type' | 'invalid_type_key' | 'no_active_type' | 'unknown_type' | 'invalid_time' | 'invalid_time_zone' | 'invalid_number';
}

/** What is wrong with settings (empty: valid). */
export function activitySettingsProblems(s: ActivitySettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const seen = new Set<string>();
  s.types.forEach((t, i) => {
    if (!TYPE_KEY_RE.test(t.key)) problems.push({ field: `types.${i}.key`, code: 'invalid_type_key' });
    else if (seen.has(t.key)) problems.push({ field: `types.${i}.key`, code: 'duplicate_type' });
    seen.add(t.key);
  });
  if (!s.types.some((t) => t.active)) problems.push({ field: 'types', code: 'no_active_type' });
  for (const key of Object.keys(s.effective.byType)) {
    if (!seen.has(key)) problems.push({ field: `effective.byType.${key}`, code: 'unknown_type' });
  }
  const badNumber = (n: number | null | undefined) => n !== null && n !== undefined && (!Number.isInteger(n) || n < 0 || n > 100_000);
  const checkRule = (r: Partial<EffectiveRule>, path: string) => {
    if (badNumber(r.minDurationSeconds)) problems.push({ field: `${path}.minDurationSeconds`, code: 'invalid_number' });
    if (badNumber(r.minTextChars)) problems.push({ field: `${path}.minTextChars`, code: 'invalid_number' });
  };
  checkRule(s.effective.default, 'effective.default');
  for (const [key, r] of Object.entries(s.effective.byType)) checkRule(r, `effective.byType.${key}`);
  if (!TIME_OF_DAY_RE.test(s.reminderTime)) problems.push({ field: 'reminderTime', code: 'invalid_time' });
  if (!isTimeZone(s.timeZone)) problems.push({ field: 'timeZone', code: 'invalid_time_zone' });
  return problems;
}
