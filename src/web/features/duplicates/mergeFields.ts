/** The pure part of the merge dialog: which fields differ, the default pick per field, the request's fieldChoices. */
import type { Id } from '../../lib/api';

export interface MergeCandidate {
  id: Id;
  customFields?: Record<string, unknown> | null;
}

/** A field's value: a column (`phone`, `tier` …) or a custom field (`cf.<key>`). */
export function mergeFieldValue(account: MergeCandidate, field: string): unknown {
  if (field.startsWith('cf.')) return account.customFields?.[field.slice(3)] ?? null;
  return (account as unknown as Record<string, unknown>)[field] ?? null;
}

export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function valueKey(value: unknown): string {
  return isEmptyValue(value) ? '' : JSON.stringify(value);
}

/** The fields whose values are not all the same (empty counts as one value). */
export function differingFields(accounts: readonly MergeCandidate[], fields: readonly string[]): string[] {
  return fields.filter((field) => new Set(accounts.map((a) => valueKey(mergeFieldValue(a, field)))).size > 1);
}

/**
 * The account whose value each field keeps by default: the kept account's own value, or — when it has none —
 * the first merged account that has one (nothing is lost unless the user chooses so).
 */
export function defaultChoices(accounts: readonly MergeCandidate[], targetId: Id, fields: readonly string[]): Record<string, Id> {
  const target = accounts.find((a) => a.id === targetId);
  const out: Record<string, Id> = {};
  for (const field of fields) {
    if (target && !isEmptyValue(mergeFieldValue(target, field))) out[field] = targetId;
    else out[field] = accounts.find((a) => !isEmptyValue(mergeFieldValue(a, field)))?.id ?? targetId;
  }
  return out;
}

/** The request's `fieldChoices`: only the fields that take a merged account's value (the kept one's is the default). */
export function toFieldChoices(targetId: Id, sourceIds: readonly Id[], choices: Record<string, Id>): Record<string, Id> {
  return Object.fromEntries(Object.entries(choices).filter(([, from]) => from !== targetId && sourceIds.includes(from)));
}
