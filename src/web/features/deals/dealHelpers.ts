/**
 * Pure helpers of the deals screens: stage lookup and names, money shown and typed (minor units on the wire,
 * major units in inputs), the stage gate's field values → PATCH body, and the client-side re-evaluation of the
 * entry criteria with the shared core evaluator (the server stays the authority).
 */
import { formatMoney, parseMoney } from '../../../core/custom-fields/money';
import { checkStageMove, type DealFacts, type FieldLabels, type UnmetCriterion } from '../../../core/pipelines/criteria';
import type { StageDefinition } from '../../../core/pipelines/defaultPipeline';
import { validateCustomFieldValue, type ValidatableDef } from '../../../core/custom-fields/validate';
import type { Amount, Deal, DealChanges, DealStatus, Localized, PipelineDto, UnmetDetail } from './dealsApi';

export type Lang = 'zh-CN' | 'en';

/** The standard deal fields a stage criterion may require. */
export const DEAL_CRITERIA_FIELDS = ['name', 'accountId', 'contactIds', 'amount', 'currency', 'expectedCloseDate', 'ownerId', 'product', 'source', 'description'] as const;

export function localized(value: Localized | null | undefined, lang: Lang): string {
  if (!value) return '';
  return value[lang] || value['zh-CN'] || value.en || '';
}

export function findStage(pipeline: PipelineDto | undefined, key: string | null | undefined): StageDefinition | undefined {
  return key ? pipeline?.stages.find((s) => s.key === key) : undefined;
}

export function stageName(pipeline: PipelineDto | undefined, key: string | null | undefined, lang: Lang): string {
  if (!key) return '—';
  return localized(findStage(pipeline, key)?.name, lang) || key;
}

/** Whether moving into this stage closes the deal (a reason is required). */
export function isClosingStage(stage: StageDefinition | undefined): stage is StageDefinition & { type: Exclude<DealStatus, 'open'> } {
  return stage?.type === 'won' || stage?.type === 'lost';
}

/** "¥1,932.00" from minor units; an em dash without an amount. */
export function formatAmount(minor: Amount | undefined, currency = 'CNY'): string {
  if (minor === null || minor === undefined || minor === '') return '—';
  if (typeof minor === 'string') return minor;
  return formatMoney(minor, currency);
}

/** Typed major units ("1,932.5", "12k") → minor units; null when empty; undefined when invalid. */
export function parseAmountInput(text: string | null | undefined): number | null | undefined {
  const s = (text ?? '').trim();
  if (!s) return null;
  const r = parseMoney(s);
  return r.ok && r.minor >= 0 ? r.minor : undefined;
}

/** Minor units → the text an input shows ("1932.00"). */
export function amountInputText(minor: Amount | undefined): string {
  if (minor === null || minor === undefined || typeof minor === 'string') return '';
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

/** Weighted amount of one deal in integer math: round(amount × probability / 100). */
export function weighted(amount: Amount | undefined, probability: number): number {
  if (!amount || typeof amount === 'string') return 0;
  return Math.round((amount * probability) / 100);
}

/** Whole and tenth days from seconds ("2.5"); null without a value. */
export function daysFromSeconds(seconds: number | null | undefined): number | null {
  if (seconds === null || seconds === undefined) return null;
  return Math.round((seconds / 86_400) * 10) / 10;
}

/** The current value of a criteria field on a deal: standard keys, or `cf.<key>` from the custom fields. */
export function dealFieldValue(deal: Partial<Deal>, field: string): unknown {
  if (field.startsWith('cf.')) return deal.customFields?.[field.slice(3)];
  return (deal as Record<string, unknown>)[field];
}

/**
 * Values typed in the gate form (by criteria field) → the PATCH changes. Amount is typed in major units;
 * dates arrive as YYYY-MM-DD; `cf.<key>` goes into `customFields`. Empty values are left out.
 */
export function gateChanges(values: Readonly<Record<string, unknown>>, cfDefs: readonly (ValidatableDef & { key: string })[] = [], lang: Lang = 'zh-CN'): DealChanges {
  const changes: DealChanges & Record<string, unknown> = {};
  const customFields: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(values)) {
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
    let value: unknown = typeof raw === 'string' ? raw.trim() : raw;
    if (field === 'amount') {
      const minor = parseAmountInput(String(raw));
      if (minor === undefined || minor === null) continue;
      value = minor;
    }
    if (field.startsWith('cf.')) {
      // typed per the custom field's definition (money in yuan to fen, numbers, options …) when it is known
      const def = cfDefs.find((d) => d.key === field.slice(3));
      if (def) {
        const r = validateCustomFieldValue(def, raw, lang);
        if (!r.ok || r.value === null) continue;
        value = r.value;
      }
      customFields[field.slice(3)] = value;
    }
    else changes[field] = value;
  }
  if (Object.keys(customFields).length) changes.customFields = customFields;
  return changes;
}

/** The deal's facts as the evaluator reads them, with the form's pending changes applied. */
export function dealFacts(deal: Deal, changes: DealChanges, extraAttachmentKinds: readonly string[] = []): DealFacts {
  const fields: Record<string, unknown> = {
    name: deal.name,
    amount: deal.amount,
    currency: deal.currency,
    expectedCloseDate: deal.expectedCloseDate,
    accountId: deal.accountId,
    contactIds: deal.contactIds,
    ownerId: deal.ownerId,
    product: deal.product,
    source: deal.source,
    description: deal.description,
  };
  for (const [k, v] of Object.entries(deal.customFields ?? {})) fields[`cf.${k}`] = v;
  for (const [k, v] of Object.entries(changes)) {
    if (k === 'customFields' && v && typeof v === 'object') {
      for (const [ck, cv] of Object.entries(v as Record<string, unknown>)) fields[`cf.${ck}`] = cv;
    } else fields[k] = v;
  }
  return {
    fields,
    attachmentKinds: [...(deal.attachmentKinds ?? []), ...extraAttachmentKinds],
    effectiveFollowUps: deal.effectiveFollowUps ?? 0,
  };
}

/**
 * What the client still sees unmet for moving the deal to `toStage` with the given changes; null when the
 * client cannot tell (unknown stage, or a refusal that is not about criteria — the server decides).
 */
export function clientUnmet(
  pipeline: PipelineDto,
  deal: Deal,
  toStage: string,
  changes: DealChanges,
  extraAttachmentKinds: readonly string[] = [],
  labels: FieldLabels = {},
): UnmetCriterion[] | null {
  const verdict = checkStageMove(
    { stages: pipeline.stages, allowSkip: pipeline.allowSkip, allowBackward: pipeline.allowBackward },
    deal.stageKey,
    toStage,
    dealFacts(deal, changes, extraAttachmentKinds),
    labels,
  );
  if (verdict.allowed) return [];
  return verdict.reason === 'criteria_unmet' ? verdict.unmet : null;
}

/** YYYY-MM of a month offset from the given date (for the close-month filter's shortcuts). */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** Identity of a criterion across the server's unmet list and the client's evaluation. */
export function criterionKey(u: Pick<UnmetDetail, 'kind' | 'field' | 'attachmentKind'>): string {
  return `${u.kind}:${u.field ?? u.attachmentKind ?? ''}`;
}

/** The core evaluator's result in the shape the server sends (`details.unmet`). */
export function toUnmetDetail(u: UnmetCriterion, lang: Lang): UnmetDetail {
  return {
    kind: u.criterion.kind,
    ...(u.field ? { field: u.field } : {}),
    ...(u.criterion.kind === 'attachment' ? { attachmentKind: u.criterion.attachmentKind } : {}),
    ...(u.missing !== undefined ? { missing: u.missing } : {}),
    message: u.message[lang],
  };
}

/** Adds amounts that may be masked: the sum of the numbers, or the mask when any is masked. */
export function sumAmounts(amounts: readonly Amount[]): Amount {
  let total = 0;
  for (const a of amounts) {
    if (typeof a === 'string') return a;
    total += a ?? 0;
  }
  return total;
}
