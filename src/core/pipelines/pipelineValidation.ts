/**
 * Whether a pipeline configuration an admin wrote is usable (PRODUCT.md 4.3). Pure: the caller passes what the
 * organization defines (active deal custom fields). Every issue names the field it is about in the request's
 * path form (`stages.2.probability`, `stages.1.entryCriteria.0.field`) so the form can show it in place.
 *
 * Rules: 2–12 stages; unique stable keys (`[a-z0-9_]+`); at least one open stage; exactly one won and one lost
 * stage, both after every open stage; probability a whole percent 0–100; expected and rotting days null or
 * 0–365; forecast category from the list; entry criteria well formed (standard deal fields or `cf.<key>` of an
 * active deal custom field; attachment kinds from ATTACHMENT_KINDS or an admin-defined kind key with a label;
 * 1–50 effective follow-ups).
 */
import type { Localized } from '../imports/rows.js';
import type { StageCriterion, StageType } from './criteria.js';
import { ATTACHMENT_KINDS, type ForecastCategory, type StageDefinition } from './defaultPipeline.js';

export const MIN_STAGES = 2;
export const MAX_STAGES = 12;
export const MAX_DAYS = 365;
export const MAX_FOLLOWUPS = 50;
export const STAGE_KEY_RE = /^[a-z0-9_]+$/;
export const STAGE_KEY_MAX = 40;
export const NAME_MAX = 100;

export const FORECAST_CATEGORIES: readonly ForecastCategory[] = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'];
export const STAGE_TYPES: readonly StageType[] = ['open', 'won', 'lost'];

/** Standard deal fields an entry criterion may require, with their labels. */
export const STANDARD_DEAL_FIELDS = {
  amount: { 'zh-CN': '金额', en: 'Amount' },
  expectedCloseDate: { 'zh-CN': '预计成交日期', en: 'Expected close date' },
  accountId: { 'zh-CN': '客户', en: 'Account' },
  contactIds: { 'zh-CN': '联系人', en: 'Contacts' },
  product: { 'zh-CN': '产品', en: 'Product' },
  source: { 'zh-CN': '来源', en: 'Source' },
  description: { 'zh-CN': '描述', en: 'Description' },
} as const satisfies Record<string, Localized>;
export type StandardDealField = keyof typeof STANDARD_DEAL_FIELDS;
export const STANDARD_DEAL_FIELD_KEYS = Object.keys(STANDARD_DEAL_FIELDS) as StandardDealField[];

export const CUSTOM_FIELD_PREFIX = 'cf.';

export interface PipelineDraft {
  name: Localized;
  allowSkip: boolean;
  allowBackward: boolean;
  stages: readonly StageDefinition[];
}

export interface PipelineValidationContext {
  /** keys of the organization's active deal custom fields (without the `cf.` prefix) */
  dealCustomFieldKeys: readonly string[];
}

export type PipelineIssueCode =
  | 'required'
  | 'too_long'
  | 'stage_count'
  | 'key_format'
  | 'key_duplicate'
  | 'no_open_stage'
  | 'won_count'
  | 'lost_count'
  | 'closed_not_last'
  | 'probability'
  | 'days'
  | 'forecast_category'
  | 'stage_type'
  | 'criterion_kind'
  | 'criterion_field'
  | 'criterion_attachment'
  | 'criterion_count'
  | 'criterion_duplicate';

export interface PipelineIssue {
  /** path of the offending value, e.g. `stages.2.probability` */
  field: string;
  code: PipelineIssueCode;
  message: Localized;
}

const msg = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

function checkName(name: unknown, field: string, issues: PipelineIssue[]): void {
  const n = (name ?? {}) as Partial<Localized>;
  for (const locale of ['zh-CN', 'en'] as const) {
    const v = n[locale];
    if (typeof v !== 'string' || v.trim() === '') {
      issues.push({ field: `${field}.${locale}`, code: 'required', message: msg('请填写名称', 'A name is required') });
    } else if (v.length > NAME_MAX) {
      issues.push({ field: `${field}.${locale}`, code: 'too_long', message: msg(`名称最多 ${NAME_MAX} 个字符`, `A name has at most ${NAME_MAX} characters`) });
    }
  }
}

const listOf = <T>(v: unknown): readonly T[] => (Array.isArray(v) ? (v as T[]) : []);

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function checkDays(v: unknown, field: string, issues: PipelineIssue[]): void {
  if (v === null || v === undefined) return;
  if (!isInt(v) || v < 0 || v > MAX_DAYS) {
    issues.push({ field, code: 'days', message: msg(`天数须为 0–${MAX_DAYS} 的整数或留空`, `Days must be a whole number from 0 to ${MAX_DAYS}, or empty`) });
  }
}

/** Whether `field` names a standard deal field or an active deal custom field. */
export function isKnownDealField(field: string, ctx: PipelineValidationContext): boolean {
  if ((STANDARD_DEAL_FIELD_KEYS as string[]).includes(field)) return true;
  return field.startsWith(CUSTOM_FIELD_PREFIX) && ctx.dealCustomFieldKeys.includes(field.slice(CUSTOM_FIELD_PREFIX.length));
}

export function isStandardAttachmentKind(kind: string): kind is keyof typeof ATTACHMENT_KINDS {
  return Object.prototype.hasOwnProperty.call(ATTACHMENT_KINDS, kind);
}

function checkCriterion(c: StageCriterion, field: string, ctx: PipelineValidationContext, issues: PipelineIssue[]): void {
  switch (c?.kind) {
    case 'required_field':
      if (typeof c.field !== 'string' || !isKnownDealField(c.field, ctx)) {
        issues.push({
          field: `${field}.field`,
          code: 'criterion_field',
          message: msg(`「${String(c.field ?? '')}」不是商机的标准字段或启用中的自定义字段`, `“${String(c.field ?? '')}” is not a standard deal field or an active deal custom field`),
        });
      }
      return;
    case 'attachment': {
      const kind = c.attachmentKind;
      if (typeof kind !== 'string' || !STAGE_KEY_RE.test(kind) || kind.length > STAGE_KEY_MAX || kind === 'other') {
        issues.push({
          field: `${field}.attachmentKind`,
          code: 'criterion_attachment',
          message: msg('附件类型须为预置类型或由小写字母、数字、下划线组成的自定义类型', 'The attachment kind must be a built-in kind or a custom key of lower-case letters, digits and underscores'),
        });
      } else if (!isStandardAttachmentKind(kind)) {
        // an admin-defined kind: its label is its definition
        checkName(c.label, `${field}.label`, issues);
      }
      return;
    }
    case 'min_effective_followups':
      if (!isInt(c.count) || c.count < 1 || c.count > MAX_FOLLOWUPS) {
        issues.push({
          field: `${field}.count`,
          code: 'criterion_count',
          message: msg(`有效跟进次数须为 1–${MAX_FOLLOWUPS} 的整数`, `The number of effective follow-ups must be a whole number from 1 to ${MAX_FOLLOWUPS}`),
        });
      }
      return;
    default:
      issues.push({ field: `${field}.kind`, code: 'criterion_kind', message: msg('未知的准入条件类型', 'Unknown kind of entry criterion') });
  }
}

/** Identity of a criterion, for duplicate detection (the label of an attachment does not make it different). */
function criterionIdentity(c: StageCriterion): string {
  switch (c.kind) {
    case 'required_field':
      return `f:${c.field}`;
    case 'attachment':
      return `a:${c.attachmentKind}`;
    case 'min_effective_followups':
      return 'n';
    default:
      return JSON.stringify(c);
  }
}

/** Every problem of the configuration, in document order; empty when it is usable. */
export function validatePipeline(draft: PipelineDraft, ctx: PipelineValidationContext): PipelineIssue[] {
  const issues: PipelineIssue[] = [];
  checkName(draft.name, 'name', issues);
  const stages = listOf<StageDefinition>(draft.stages);
  if (stages.length < MIN_STAGES || stages.length > MAX_STAGES) {
    issues.push({
      field: 'stages',
      code: 'stage_count',
      message: msg(`销售流程须有 ${MIN_STAGES}–${MAX_STAGES} 个阶段（当前 ${stages.length} 个）`, `A pipeline has ${MIN_STAGES} to ${MAX_STAGES} stages (${stages.length} given)`),
    });
  }
  const seenKeys = new Map<string, number>();
  stages.forEach((s, i) => {
    const at = `stages.${i}`;
    if (typeof s.key !== 'string' || !STAGE_KEY_RE.test(s.key) || s.key.length > STAGE_KEY_MAX) {
      issues.push({
        field: `${at}.key`,
        code: 'key_format',
        message: msg(`阶段标识须为 1–${STAGE_KEY_MAX} 个小写字母、数字或下划线`, `A stage key is 1 to ${STAGE_KEY_MAX} lower-case letters, digits or underscores`),
      });
    } else if (seenKeys.has(s.key)) {
      issues.push({ field: `${at}.key`, code: 'key_duplicate', message: msg(`阶段标识「${s.key}」重复`, `The stage key “${s.key}” is used twice`) });
    } else {
      seenKeys.set(s.key, i);
    }
    checkName(s.name, `${at}.name`, issues);
    if (!isInt(s.probability) || s.probability < 0 || s.probability > 100) {
      issues.push({ field: `${at}.probability`, code: 'probability', message: msg('赢率须为 0–100 的整数', 'The probability must be a whole number from 0 to 100') });
    }
    if (!FORECAST_CATEGORIES.includes(s.forecastCategory)) {
      issues.push({ field: `${at}.forecastCategory`, code: 'forecast_category', message: msg('预测类别无效', 'Unknown forecast category') });
    }
    if (!STAGE_TYPES.includes(s.type)) {
      issues.push({ field: `${at}.type`, code: 'stage_type', message: msg('阶段类型须为进行中、赢单或输单', 'The stage type must be open, won or lost') });
    }
    checkDays(s.expectedDays, `${at}.expectedDays`, issues);
    checkDays(s.rottingDays, `${at}.rottingDays`, issues);
    const seenCriteria = new Set<string>();
    listOf<StageCriterion>(s.entryCriteria).forEach((c, j) => {
      const cAt = `${at}.entryCriteria.${j}`;
      const before = issues.length;
      checkCriterion(c, cAt, ctx, issues);
      if (issues.length > before) return;
      const id = criterionIdentity(c);
      if (seenCriteria.has(id)) {
        issues.push({ field: cAt, code: 'criterion_duplicate', message: msg('该准入条件重复', 'This entry criterion is listed twice') });
      }
      seenCriteria.add(id);
    });
    listOf<Localized>(s.exitOutputs).forEach((o, j) => checkName(o, `${at}.exitOutputs.${j}`, issues));
  });

  const typed = stages.map((s, i) => ({ type: s.type, i }));
  const open = typed.filter((s) => s.type === 'open');
  const won = typed.filter((s) => s.type === 'won');
  const lost = typed.filter((s) => s.type === 'lost');
  if (stages.length > 0 && open.length === 0) {
    issues.push({ field: 'stages', code: 'no_open_stage', message: msg('至少需要一个进行中的阶段', 'At least one open stage is required') });
  }
  if (won.length !== 1) {
    issues.push({
      field: won.length > 1 ? `stages.${won[1]!.i}.type` : 'stages',
      code: 'won_count',
      message: msg('须有且只有一个赢单阶段', 'Exactly one won stage is required'),
    });
  }
  if (lost.length !== 1) {
    issues.push({
      field: lost.length > 1 ? `stages.${lost[1]!.i}.type` : 'stages',
      code: 'lost_count',
      message: msg('须有且只有一个输单阶段', 'Exactly one lost stage is required'),
    });
  }
  const lastOpen = open.length ? open[open.length - 1]!.i : -1;
  for (const closed of [...won, ...lost]) {
    if (closed.i < lastOpen) {
      issues.push({
        field: `stages.${closed.i}.type`,
        code: 'closed_not_last',
        message: msg('赢单和输单阶段须排在所有进行中阶段之后', 'The won and lost stages come after every open stage'),
      });
    }
  }
  return issues;
}

/** A fresh stage for the editor (key chosen by the caller). */
export function blankStage(key: string): StageDefinition {
  return {
    key,
    name: { 'zh-CN': '', en: '' },
    probability: 0,
    forecastCategory: 'pipeline',
    type: 'open',
    expectedDays: null,
    rottingDays: 7,
    entryCriteria: [],
    exitOutputs: [],
  };
}
