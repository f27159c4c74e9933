/** Pure helpers over a record's custom-field values: merging an edit, diffing for the audit log, display. */
import { formatMoney } from './money.js';
import { optionLabel, type CfLocale, type CustomFieldDef, type CustomFieldValue } from './types.js';

export type CustomFieldValues = Record<string, unknown>;

/** The stored values after an edit: null removes a key. */
export function mergeCustomFields(existing: CustomFieldValues | null | undefined, edits: Record<string, CustomFieldValue | null>): CustomFieldValues {
  const out: CustomFieldValues = { ...(existing ?? {}) };
  for (const [key, value] of Object.entries(edits)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Changes between two value sets for the audit log, one per key, named `customFields.<key>`. */
export function diffCustomFields(before: CustomFieldValues | null | undefined, after: CustomFieldValues | null | undefined) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  const changes: { field: string; old: unknown; new: unknown }[] = [];
  for (const key of keys) {
    const o = before?.[key] ?? null;
    const n = after?.[key] ?? null;
    if (!same(o, n)) changes.push({ field: `customFields.${key}`, old: o, new: n });
  }
  return changes;
}

/** Only the edits that change something (an edit that sends back the stored value is no change). */
export function changedEdits(existing: CustomFieldValues | null | undefined, edits: Record<string, CustomFieldValue | null>) {
  return Object.fromEntries(Object.entries(edits).filter(([k, v]) => !same(existing?.[k] ?? null, v)));
}

/**
 * A value as text for display and exports (user and department ids are not resolved here: pass names).
 */
export function formatCustomFieldValue(
  def: Pick<CustomFieldDef, 'type' | 'options'>,
  value: unknown,
  locale: CfLocale,
  names: { user?: (id: string) => string | undefined; department?: (id: string) => string | undefined } = {},
): string {
  if (value === null || value === undefined || value === '') return '';
  const label = (v: unknown) => {
    const o = def.options.options?.find((x) => x.value === v);
    return o ? optionLabel(o, locale) : String(v);
  };
  switch (def.type) {
    case 'money':
      return typeof value === 'number' ? formatMoney(value, def.options.currency ?? 'CNY') : String(value);
    case 'number':
      return typeof value === 'number' ? value.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: def.options.decimals ?? 0 }) : String(value);
    case 'single_select':
      return label(value);
    case 'multi_select':
      return Array.isArray(value) ? value.map(label).join(locale === 'en' ? ', ' : '、') : String(value);
    case 'user':
      return (typeof value === 'string' && names.user?.(value)) || String(value);
    case 'department':
      return (typeof value === 'string' && names.department?.(value)) || String(value);
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}
