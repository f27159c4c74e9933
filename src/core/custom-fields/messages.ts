import type { CfLocale } from './types.js';

/** Messages of custom-field validation, in both languages; `{name}` placeholders are interpolated. */
export const CF_MESSAGES = {
  required: { 'zh-CN': '必填', en: 'is required' },
  text: { 'zh-CN': '应为文本', en: 'must be text' },
  tooLong: { 'zh-CN': '不能超过 {max} 个字符', en: 'must be at most {max} characters' },
  pattern: { 'zh-CN': '格式不符合要求', en: 'does not match the required format' },
  number: { 'zh-CN': '应为数字', en: 'must be a number' },
  decimals: { 'zh-CN': '最多 {decimals} 位小数', en: 'allows at most {decimals} decimal places' },
  numberRange: { 'zh-CN': '数值过大', en: 'is too large' },
  min: { 'zh-CN': '不能小于 {min}', en: 'must be at least {min}' },
  max: { 'zh-CN': '不能大于 {max}', en: 'must be at most {max}' },
  money: { 'zh-CN': '金额格式不正确（如 1,932.00 或 ¥1.2万）', en: 'must be an amount (e.g. 1,932.00 or ¥1.2万)' },
  moneyMinor: { 'zh-CN': '数字形式的金额应为以分计的整数', en: 'as a number, must be an integer in minor units (cents)' },
  moneyPrecision: { 'zh-CN': '金额最多精确到分（两位小数）', en: 'allows at most two decimal places' },
  moneyRange: { 'zh-CN': '金额超出范围', en: 'is out of range' },
  date: { 'zh-CN': '日期格式不正确，请使用 YYYY-MM-DD', en: 'must be a date (YYYY-MM-DD)' },
  dateAmbiguous: {
    'zh-CN': '日期有歧义（无法区分日/月），请使用 YYYY-MM-DD',
    en: 'is ambiguous (day/month order); use YYYY-MM-DD',
  },
  dateInvalid: { 'zh-CN': '日期不存在', en: 'is not a real date' },
  phone: { 'zh-CN': '请输入有效的手机号或座机号', en: 'must be a mobile or landline number' },
  email: { 'zh-CN': '邮箱格式不正确', en: 'must be a valid email address' },
  url: { 'zh-CN': '网址格式不正确', en: 'must be a web address' },
  option: { 'zh-CN': '不是可选项：{value}', en: 'is not one of the options: {value}' },
  reference: { 'zh-CN': '引用无效', en: 'is not a valid reference' },
  user: { 'zh-CN': '应为本组织的在职用户', en: 'must be an active user of the organization' },
  department: { 'zh-CN': '应为本组织的部门', en: 'must be a department of the organization' },
  unique: { 'zh-CN': '该值已被其他记录使用', en: 'is already used by another record' },
  unknown: { 'zh-CN': '没有这个自定义字段', en: 'is not a custom field' },
  inactive: { 'zh-CN': '该字段已停用', en: 'is deactivated' },
  // definitions (admin)
  keyFormat: {
    'zh-CN': '以小写字母开头，只含小写字母、数字和下划线，最多 40 个字符',
    en: 'must start with a lowercase letter and contain only a–z, 0–9 and _ (at most 40 characters)',
  },
  optionsRequired: { 'zh-CN': '请至少添加一个选项', en: 'needs at least one option' },
  optionDuplicate: { 'zh-CN': '选项值重复：{value}', en: 'has a duplicate option value: {value}' },
  regexInvalid: { 'zh-CN': '正则表达式无效', en: 'is not a valid regular expression' },
  minMax: { 'zh-CN': '最小值不能大于最大值', en: 'min must not exceed max' },
  notForType: { 'zh-CN': '此类型不支持该设置', en: 'is not supported for this type' },
  currency: { 'zh-CN': '币种应为三位大写字母代码（如 CNY）', en: 'must be a 3-letter currency code (e.g. CNY)' },
} as const;

export type CfMessageCode = keyof typeof CF_MESSAGES;

export function cfMessage(code: CfMessageCode, locale: CfLocale, params: Record<string, string | number> = {}): string {
  return CF_MESSAGES[code][locale].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
