/**
 * Admin-defined custom fields (自定义字段) of accounts, contacts and leads: the shapes shared by the server,
 * the web form and imports. Pure: no I/O.
 */
export type CfLocale = 'zh-CN' | 'en';

export const CUSTOM_FIELD_OBJECT_TYPES = ['accounts', 'contacts', 'leads', 'deals'] as const;
export type CustomFieldObjectType = (typeof CUSTOM_FIELD_OBJECT_TYPES)[number];

export const CUSTOM_FIELD_TYPES = [
  'text',
  'number',
  'money',
  'date',
  'single_select',
  'multi_select',
  'user',
  'department',
  'phone',
  'email',
  'url',
  'attachment',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** `^[a-z][a-z0-9_]{0,39}$`: stable, used in the API (`customFields.<key>`), filters and import mappings. */
export const CUSTOM_FIELD_KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;

export interface SelectOption {
  value: string;
  labelZh: string;
  labelEn: string;
}

export interface CustomFieldOptions {
  /** single_select / multi_select */
  options?: SelectOption[];
  /** money: ISO 4217 code, default CNY; values are integers in minor units (分) */
  currency?: string;
  /** number: digits after the decimal point, 0–6 (default 0); fixed once the field exists */
  decimals?: number;
}

export interface CustomFieldValidation {
  /** text-like types: the normalised value must match (JavaScript syntax, whole-value match not implied) */
  regex?: string;
  /** number: the value; money: major units (元) */
  min?: number;
  max?: number;
  /** text-like types: characters */
  maxLength?: number;
}

export interface CustomFieldDef {
  id: string;
  objectType: CustomFieldObjectType;
  key: string;
  labelZh: string;
  labelEn: string;
  type: CustomFieldType;
  options: CustomFieldOptions;
  required: boolean;
  unique: boolean;
  validation: CustomFieldValidation;
  sortOrder: number;
  active: boolean;
}

/**
 * A stored (normalised) value, as it appears in the record's `customFields` and API responses:
 * text-like, select, user, department → string; number → number; money → integer minor units (分);
 * date → 'YYYY-MM-DD'; multi_select → string[] (option values).
 */
export type CustomFieldValue = string | number | string[];

/** Types whose values are plain text (regex and maxLength apply). */
export const TEXT_LIKE_TYPES: readonly CustomFieldType[] = ['text', 'phone', 'email', 'url', 'attachment'];
/** Types that can be unique (a multi-select cannot). */
export const UNIQUE_CAPABLE_TYPES: readonly CustomFieldType[] = ['text', 'number', 'money', 'date', 'single_select', 'phone', 'email', 'url', 'user', 'department', 'attachment'];
/** Types a list can be sorted by (a multi-select sorts by its first value, so it is excluded). */
export const SORTABLE_TYPES: readonly CustomFieldType[] = CUSTOM_FIELD_TYPES.filter((t) => t !== 'multi_select');

/** Default text limit when the definition sets none (also bounds regex work). */
export const DEFAULT_MAX_LENGTH = 1000;
export const MAX_DECIMALS = 6;

export function labelOf(def: Pick<CustomFieldDef, 'labelZh' | 'labelEn'>, locale: CfLocale): string {
  return locale === 'en' ? def.labelEn : def.labelZh;
}

export function optionLabel(option: SelectOption, locale: CfLocale): string {
  return locale === 'en' ? option.labelEn : option.labelZh;
}
