/**
 * What an import can fill per object type: the standard fields (kind, required, names in zh and en for
 * the suggested mapping) and the org's custom fields (`customFields.<key>`).
 */
import type { CustomFieldDef } from '../../../core/custom-fields/types.js';
import type { FieldSpec, Localized } from '../../../core/imports/rows.js';

export interface ImportField extends FieldSpec {
  /** other names of the column in source files (matched after normalisation) */
  synonyms: readonly string[];
}

const f = (key: string, zh: string, en: string, synonyms: string[], extra: Partial<FieldSpec> = {}): ImportField => ({
  key,
  kind: 'text',
  label: { 'zh-CN': zh, en },
  synonyms: [zh, en, ...synonyms],
  ...extra,
});

export const ACCOUNT_IMPORT_FIELDS: readonly ImportField[] = [
  f('name', '客户名称', 'Account name', ['account', 'name', 'company', 'company name', 'customer', 'customer name', '客户', '公司', '公司名称', '企业名称', '单位名称', '名称'], {
    required: true,
    maxLength: 200,
  }),
  f('creditCode', '统一社会信用代码', 'Credit code', ['unified social credit code', 'uscc', '信用代码', '社会信用代码', '税号'], { maxLength: 50 }),
  f('phone', '电话', 'Phone', ['telephone', 'tel', 'mobile', '联系电话', '座机', '手机', '手机号'], { maxLength: 50 }),
  f('email', '邮箱', 'Email', ['e-mail', 'mail', '电子邮箱', '邮件'], { maxLength: 254 }),
  f('industry', '行业', 'Industry', ['sector', '所属行业', '行业类别'], { maxLength: 100 }),
  f('address', '地址', 'Address', ['office location', 'location', '办公地址', '公司地址', '详细地址'], { maxLength: 500 }),
  f('website', '网址', 'Website', ['url', 'web', 'homepage', '官网', '网站'], { maxLength: 500 }),
  f('notes', '备注', 'Notes', ['note', 'remark', 'remarks', 'comment', 'description', '说明', '描述'], { maxLength: 2000 }),
  f('externalId', '外部编号', 'External ID', ['external id', 'id', 'account id', 'customer id', '编号', '客户编号', '客户id'], { maxLength: 200 }),
];

export const IMPORT_FIELDS: Record<string, readonly ImportField[]> = {
  accounts: ACCOUNT_IMPORT_FIELDS,
  // INTEGRATION POINT: contacts and leads importers (their services' bulk paths) — not wired yet
};

export const SUPPORTED_IMPORT_OBJECTS = Object.keys(IMPORT_FIELDS);

export const CUSTOM_PREFIX = 'customFields.';

export function customFieldLabel(def: Pick<CustomFieldDef, 'labelZh' | 'labelEn'>): Localized {
  return { 'zh-CN': def.labelZh, en: def.labelEn };
}

/** Every mapping target of an object type, with its label. */
export function mappableFields(objectType: string, defs: readonly CustomFieldDef[]) {
  const standard = (IMPORT_FIELDS[objectType] ?? []).map((x) => ({ key: x.key, label: x.label, required: !!x.required, custom: false, synonyms: x.synonyms }));
  const custom = defs
    .filter((d) => d.active)
    .map((d) => ({ key: `${CUSTOM_PREFIX}${d.key}`, label: customFieldLabel(d), required: d.required, custom: true, synonyms: [d.key, d.labelZh, d.labelEn] }));
  return [...standard, ...custom];
}
