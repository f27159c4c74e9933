/**
 * Converting between stored custom-field values and form values, for any record form:
 *   initial: `{ customFields: toCustomFieldFormValues(defs, record.customFields) }`
 *   submit:  `customFieldsPayload(defs, values.customFields, record?.customFields)` → only what changed (edit)
 *            or every filled value (create).
 */
import { formatMinorUnits } from '../../../core/custom-fields/money';
import { validateCustomFieldValue } from '../../../core/custom-fields/validate';
import type { CfLocale, CustomFieldValue } from '../../../core/custom-fields/types';
import type { CustomFieldDefinition } from './customFieldsApi';

export type CustomFieldFormValues = Record<string, unknown>;

/** Stored → form: money shown in major units ("1932.00") so people edit what they read. */
export function toCustomFieldFormValues(defs: readonly CustomFieldDefinition[], stored: Record<string, unknown> | null | undefined): CustomFieldFormValues {
  const out: CustomFieldFormValues = {};
  for (const def of defs) {
    const v = stored?.[def.key];
    if (v === undefined || v === null) continue;
    out[def.key] = def.type === 'money' && typeof v === 'number' ? formatMinorUnits(v).replace(/,/g, '') : v;
  }
  return out;
}

/**
 * Form → request body `customFields`: normalised like the server does; on edit only changed keys (null
 * clears), on create only filled ones. Invalid values are sent as typed (the server names the error).
 */
export function customFieldsPayload(
  defs: readonly CustomFieldDefinition[],
  formValues: CustomFieldFormValues | undefined,
  stored: Record<string, unknown> | null | undefined,
  locale: CfLocale,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const def of defs) {
    if (!def.active || !formValues || !(def.key in formValues)) continue;
    const raw = formValues[def.key];
    const r = validateCustomFieldValue(def, raw, locale);
    const value: CustomFieldValue | null | unknown = r.ok ? r.value : raw;
    if (stored === undefined) {
      if (value !== null) out[def.key] = value;
    } else if (JSON.stringify(stored?.[def.key] ?? null) !== JSON.stringify(value ?? null)) out[def.key] = value ?? null;
  }
  return Object.keys(out).length ? out : undefined;
}
