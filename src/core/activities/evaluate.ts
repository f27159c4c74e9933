/**
 * The follow-up rules as pure functions: which required fields a follow-up misses (validateFollowUp) and
 * whether it is effective (isEffectiveFollowUp, with the reasons when it is not).
 */
import { ruleForType, type ActivitySettings, type ActivityTypeDefinition, type EffectiveRules } from './settings.js';

export interface FollowUpContent {
  type: string;
  need?: string | null;
  feedback?: string | null;
  nextAction?: string | null;
  nextActionDate?: string | null;
  notes?: string | null;
  durationSeconds?: number | null;
  checkIn?: unknown;
}

let segmenter: Intl.Segmenter | undefined;

/**
 * Characters a person sees, without whitespace: a Chinese character, a letter, an emoji each count as one
 * (grapheme clusters, not UTF-16 code units).
 */
export function countChars(text: string | null | undefined): number {
  if (!text) return 0;
  const compact = text.replace(/\s+/gu, '');
  if (compact === '') return 0;
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'grapheme' });
  let n = 0;
  for (const _ of segmenter.segment(compact)) n++;
  return n;
}

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

export type EffectiveReason =
  | { code: 'duration_short'; required: number; actual: number }
  | { code: 'check_in_missing' }
  | { code: 'text_short'; required: number; actual: number };

export interface EffectiveResult {
  effective: boolean;
  /** the conditions not met (empty when effective) */
  reasons: EffectiveReason[];
}

/** A check-in is recorded when it has numeric coordinates. */
export function hasCheckIn(checkIn: unknown): boolean {
  if (!checkIn || typeof checkIn !== 'object') return false;
  const c = checkIn as { lat?: unknown; lng?: unknown };
  return typeof c.lat === 'number' && typeof c.lng === 'number' && Number.isFinite(c.lat) && Number.isFinite(c.lng);
}

/** Whether the follow-up is effective (有效跟进) under the rules; every condition of its type's rule must hold. */
export function isEffectiveFollowUp(activity: FollowUpContent, rules: EffectiveRules): EffectiveResult {
  const rule = ruleForType(rules, activity.type);
  const reasons: EffectiveReason[] = [];
  if (rule.minDurationSeconds !== null && rule.minDurationSeconds > 0) {
    const actual = activity.durationSeconds ?? 0;
    if (actual < rule.minDurationSeconds) reasons.push({ code: 'duration_short', required: rule.minDurationSeconds, actual });
  }
  if (rule.requireCheckIn && !hasCheckIn(activity.checkIn)) reasons.push({ code: 'check_in_missing' });
  if (rule.minTextChars !== null && rule.minTextChars > 0) {
    const actual = countChars(activity.need) + countChars(activity.feedback) + countChars(activity.notes);
    if (actual < rule.minTextChars) reasons.push({ code: 'text_short', required: rule.minTextChars, actual });
  }
  return { effective: reasons.length === 0, reasons };
}

export type FollowUpField = 'type' | 'need' | 'feedback' | 'nextAction' | 'nextActionDate';

export interface FollowUpValidation {
  /** the type's definition (null: unknown or inactive type) */
  type: ActivityTypeDefinition | null;
  /** fields the follow-up must carry but does not, in a stable order */
  missing: FollowUpField[];
}

/**
 * The required structured fields missing from a follow-up: those its type requires, and the other half of a
 * next action given without its date (or a date without the action). An unknown or inactive type misses `type`.
 */
export function validateFollowUp(input: FollowUpContent, settings: Pick<ActivitySettings, 'types'>, opts: { allowInactive?: boolean } = {}): FollowUpValidation {
  const type = settings.types.find((t) => t.key === input.type && (t.active || opts.allowInactive)) ?? null;
  if (!type) return { type: null, missing: ['type'] };
  const required = new Set(type.required);
  const missing: FollowUpField[] = [];
  if (required.has('need') && blank(input.need)) missing.push('need');
  if (required.has('feedback') && blank(input.feedback)) missing.push('feedback');
  const actionBlank = blank(input.nextAction);
  const dateBlank = blank(input.nextActionDate);
  if (actionBlank && (required.has('nextAction') || !dateBlank)) missing.push('nextAction');
  if (dateBlank && (required.has('nextAction') || !actionBlank)) missing.push('nextActionDate');
  return { type, missing };
}
