/**
 * Stage entry criteria (准入条件, PRODUCT.md 4.3) as data, and the one evaluator every path uses — the API's
 * stage change, a kanban drop, bulk edit, import and automation on the server, and the kanban's "what is missing"
 * form in the web. Pure: the caller gathers the deal's facts (field values, attachment kinds, effective
 * follow-ups); later kinds (an approved quote, …) add a member to `StageCriterion` and a case here.
 */
import type { Localized } from '../imports/rows.js';

export type StageCriterion =
  /** a standard deal field (`amount`, `expectedCloseDate`, …) or a custom field `cf.<key>` must be filled */
  | { kind: 'required_field'; field: string }
  /** an attachment of this kind (需求清单, 报价单 …) must exist on the deal */
  | { kind: 'attachment'; attachmentKind: string; label: Localized }
  /** at least `count` effective follow-ups logged on the deal */
  | { kind: 'min_effective_followups'; count: number };

export type CriterionKind = StageCriterion['kind'];

/** What the evaluator looks at, gathered by the caller. */
export interface DealFacts {
  /** field values by key: standard keys and `cf.<key>` */
  fields: Readonly<Record<string, unknown>>;
  /** kinds of the deal's attachments (one entry per attachment) */
  attachmentKinds: readonly string[];
  effectiveFollowUps: number;
}

export interface UnmetCriterion {
  criterion: StageCriterion;
  /** the sentence the user reads */
  message: Localized;
  /** required_field: the field to fill (the kanban's form shows exactly these) */
  field?: string;
  /** min_effective_followups: how many more are needed */
  missing?: number;
}

/** Empty: null, undefined, blank text, an empty list. Zero and false are values. */
export function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Field labels for messages; unknown keys show as themselves. */
export type FieldLabels = Readonly<Record<string, Localized>>;

function unmet(criterion: StageCriterion, facts: DealFacts, labels: FieldLabels): UnmetCriterion | null {
  switch (criterion.kind) {
    case 'required_field': {
      if (isFilled(facts.fields[criterion.field])) return null;
      const label = labels[criterion.field] ?? { 'zh-CN': criterion.field, en: criterion.field };
      return { criterion, field: criterion.field, message: { 'zh-CN': `请填写「${label['zh-CN']}」`, en: `${label.en} is required` } };
    }
    case 'attachment': {
      if (facts.attachmentKinds.includes(criterion.attachmentKind)) return null;
      return { criterion, message: { 'zh-CN': `需要上传「${criterion.label['zh-CN']}」`, en: `A ${criterion.label.en} attachment is required` } };
    }
    case 'min_effective_followups': {
      const missing = criterion.count - facts.effectiveFollowUps;
      if (missing <= 0) return null;
      return {
        criterion,
        missing,
        message: {
          'zh-CN': `需要至少 ${criterion.count} 次有效跟进（已有 ${facts.effectiveFollowUps} 次，还差 ${missing} 次）`,
          en: `At least ${criterion.count} effective follow-ups are required (${facts.effectiveFollowUps} logged, ${missing} more needed)`,
        },
      };
    }
  }
}

/** The criteria the deal does not meet, in the order they are listed. */
export function unmetCriteria(criteria: readonly StageCriterion[], facts: DealFacts, labels: FieldLabels = {}): UnmetCriterion[] {
  return criteria.flatMap((c) => {
    const u = unmet(c, facts, labels);
    return u ? [u] : [];
  });
}

export type StageType = 'open' | 'won' | 'lost';

export interface PipelineStageRule {
  key: string;
  type: StageType;
  entryCriteria: readonly StageCriterion[];
}

export interface PipelineMoveRules {
  /** stages in order (won and lost stages last) */
  stages: readonly PipelineStageRule[];
  allowSkip: boolean;
  allowBackward: boolean;
}

export type StageMoveRefusal = 'unknown_stage' | 'same_stage' | 'skip_not_allowed' | 'backward_not_allowed' | 'criteria_unmet';

export type StageMoveVerdict =
  | { allowed: true; unmet: [] }
  | { allowed: false; reason: StageMoveRefusal; unmet: UnmetCriterion[] };

/**
 * Whether a deal may move from one stage to another. Forward moves must meet the entry criteria of the target and
 * of every open stage skipped on the way (skipping never bypasses a criterion); a move into won checks the won
 * stage's criteria and those of the open stages not yet passed. Moving backwards, or into lost, checks none.
 * "Skipping" means leaving out an open stage; closing (won/lost) from any open stage is not a skip.
 */
export function checkStageMove(rules: PipelineMoveRules, from: string, to: string, facts: DealFacts, labels: FieldLabels = {}): StageMoveVerdict {
  const fromIndex = rules.stages.findIndex((s) => s.key === from);
  const toIndex = rules.stages.findIndex((s) => s.key === to);
  if (fromIndex < 0 || toIndex < 0) return { allowed: false, reason: 'unknown_stage', unmet: [] };
  if (fromIndex === toIndex) return { allowed: false, reason: 'same_stage', unmet: [] };
  const target = rules.stages[toIndex]!;
  if (target.type === 'lost') return { allowed: true, unmet: [] };
  const openIndexes = rules.stages.flatMap((s, i) => (s.type === 'open' ? [i] : []));
  const fromOpen = rules.stages[fromIndex]!.type === 'open';
  if (toIndex < fromIndex || !fromOpen) {
    // backwards, or reopening a closed deal
    return rules.allowBackward ? { allowed: true, unmet: [] } : { allowed: false, reason: 'backward_not_allowed', unmet: [] };
  }
  // open stages strictly between from and the target (for won: every open stage after from)
  const skipped = openIndexes.filter((i) => i > fromIndex && i < toIndex);
  if (target.type === 'open' && skipped.length > 0 && !rules.allowSkip) return { allowed: false, reason: 'skip_not_allowed', unmet: [] };
  const criteria = [...skipped.map((i) => rules.stages[i]!), target].flatMap((s) => s.entryCriteria);
  // the same criterion listed on several passed stages is asked for once
  const seen = new Set<string>();
  const distinct = criteria.filter((c) => {
    const key = JSON.stringify(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const open = unmetCriteria(distinct, facts, labels);
  return open.length ? { allowed: false, reason: 'criteria_unmet', unmet: open } : { allowed: true, unmet: [] };
}
