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

/** Contacts: `accountName` links the contact to the live account of that (normalised) name. */
export const CONTACT_IMPORT_FIELDS: readonly ImportField[] = [
  f('name', '姓名', 'Name', ['name', 'full name', 'contact', 'contact name', '联系人', '联系人姓名', '名字'], { required: true, maxLength: 200 }),
  f('accountName', '所属客户', 'Account', ['account name', 'company', 'company name', 'customer', 'customer name', '客户', '客户名称', '公司', '公司名称', '企业名称', '单位名称'], {
    maxLength: 200,
  }),
  f('title', '职位', 'Title', ['job title', 'position', 'role', '职务', '岗位'], { maxLength: 100 }),
  f('mobile', '手机', 'Mobile', ['mobile phone', 'cell', 'cellphone', 'cell phone', '手机号', '手机号码', '移动电话'], { maxLength: 50 }),
  f('phone', '电话', 'Phone', ['telephone', 'tel', 'work phone', 'office phone', '座机', '办公电话', '联系电话', '固定电话'], { maxLength: 50 }),
  f('email', '邮箱', 'Email', ['e-mail', 'mail', '电子邮箱', '邮件'], { maxLength: 254 }),
  f('wechat', '微信', 'WeChat', ['wechat id', 'weixin', '微信号'], { maxLength: 100 }),
  f('notes', '备注', 'Notes', ['note', 'remark', 'remarks', 'comment', 'description', '说明', '描述'], { maxLength: 2000 }),
  f('externalId', '外部编号', 'External ID', ['external id', 'id', 'contact id', '编号', '联系人编号', '联系人id'], { maxLength: 200 }),
];

export const LEAD_IMPORT_FIELDS: readonly ImportField[] = [
  f('name', '姓名', 'Name', ['name', 'full name', 'contact', 'contact name', '联系人', '联系人姓名', '名字'], { required: true, maxLength: 200 }),
  f('companyName', '公司名称', 'Company', ['company name', 'account', 'account name', 'customer', 'customer name', '公司', '客户', '客户名称', '企业名称', '单位名称'], {
    maxLength: 200,
  }),
  f('title', '职位', 'Title', ['job title', 'position', 'role', '职务', '岗位'], { maxLength: 100 }),
  f('mobile', '手机', 'Mobile', ['mobile phone', 'cell', 'cellphone', 'cell phone', '手机号', '手机号码', '移动电话'], { maxLength: 50 }),
  f('phone', '电话', 'Phone', ['telephone', 'tel', 'work phone', 'office phone', '座机', '办公电话', '联系电话', '固定电话'], { maxLength: 50 }),
  f('email', '邮箱', 'Email', ['e-mail', 'mail', '电子邮箱', '邮件'], { maxLength: 254 }),
  f('source', '来源', 'Source', ['lead source', '线索来源', '渠道', '来源渠道'], { maxLength: 100 }),
  f('notes', '备注', 'Notes', ['note', 'remark', 'remarks', 'comment', 'description', '说明', '描述'], { maxLength: 2000 }),
  f('externalId', '外部编号', 'External ID', ['external id', 'id', 'lead id', '编号', '线索编号', '线索id'], { maxLength: 200 }),
];

/**
 * Deals (imports.deals.ts): the owner by display name, the account by name, the stage by key or name (or the
 * import's `stageMap`); amounts in major units (元/dollars) become minor units; dates are days.
 */
export const DEAL_IMPORT_FIELDS: readonly ImportField[] = [
  f('name', '商机名称', 'Deal name', ['deal', 'deal name', 'opportunity', 'opportunity name', '商机', '机会名称', '项目名称'], { maxLength: 200 }),
  f('accountName', '客户', 'Account', ['account name', 'company', 'company name', 'customer', 'customer name', '客户名称', '公司', '公司名称', '所属客户'], { maxLength: 200 }),
  f('ownerName', '负责人', 'Owner', ['sales agent', 'agent', 'sales rep', 'rep', 'owner name', 'salesperson', '销售', '销售代表', '负责人姓名', '业务员'], { maxLength: 200 }),
  f('stage', '阶段', 'Stage', ['deal stage', 'sales stage', 'pipeline stage', '销售阶段', '商机阶段'], { maxLength: 100 }),
  f('amount', '金额', 'Amount', ['close value', 'value', 'deal value', 'revenue', '商机金额', '合同金额', '成交金额'], { kind: 'money' }),
  f('currency', '币种', 'Currency', ['货币'], { maxLength: 3 }),
  f('product', '产品', 'Product', ['product name', '产品名称'], { maxLength: 200 }),
  f('source', '来源', 'Source', ['deal source', 'lead source', '商机来源', '渠道'], { maxLength: 100 }),
  f('createdDate', '创建日期', 'Created (engaged) on', ['engage date', 'engaged date', 'created date', 'create date', 'created on', 'start date', '开始日期', '立项日期'], { kind: 'date' }),
  f('expectedCloseDate', '预计成交日期', 'Expected close date', ['expected close', 'expected close date', '预计签约日期'], { kind: 'date' }),
  f('closeDate', '成交日期', 'Close date', ['close date', 'closed date', 'closed on', '关闭日期', '赢单日期', '签约日期'], { kind: 'date' }),
  f('closeReason', '赢单/输单原因', 'Close reason', ['win loss reason', 'lost reason', 'won reason', '输单原因', '赢单原因'], { maxLength: 500 }),
  f('description', '描述', 'Description', ['notes', 'note', 'remark', 'remarks', '备注', '说明'], { maxLength: 2000 }),
  f('externalId', '外部编号', 'External ID', ['external id', 'id', 'opportunity id', 'deal id', '编号', '商机编号', '商机id'], { maxLength: 200 }),
];

/** The standard fields of every importable object type (its importer: imports.targets.ts). */
export const IMPORT_FIELDS: Record<string, readonly ImportField[]> = {
  accounts: ACCOUNT_IMPORT_FIELDS,
  contacts: CONTACT_IMPORT_FIELDS,
  leads: LEAD_IMPORT_FIELDS,
  deals: DEAL_IMPORT_FIELDS,
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
