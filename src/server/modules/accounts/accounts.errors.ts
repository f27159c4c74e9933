import { defineErrors, type LocalizedText } from '../../platform/http/errors.js';

export const accountErrors = defineErrors({
  ACCOUNT_NOT_FOUND: { kind: 'not_found', 'zh-CN': '客户不存在', en: 'Account not found' },
  EXTERNAL_ID_TAKEN: {
    kind: 'conflict',
    'zh-CN': '外部编号 {externalId} 已被其他客户使用',
    en: 'The external id {externalId} is already used by another account',
  },
});

/** Messages of field-level validation done by the service (formats that need normalisation). */
export const accountFieldMessages = {
  phone: { 'zh-CN': '请输入有效的手机号或座机号（如 021-12345678）', en: 'must be a mobile or landline number (e.g. 021-12345678)' },
  email: { 'zh-CN': '邮箱格式不正确', en: 'must be a valid email address' },
  creditCode: {
    'zh-CN': '统一社会信用代码应为 18 位数字或大写字母',
    en: 'must be 18 digits or capital letters (unified social credit code)',
  },
  website: { 'zh-CN': '网址格式不正确', en: 'must be a web address' },
  ownerId: { 'zh-CN': '负责人必须是本组织的在职用户', en: 'must be an active user of the organization' },
  cursor: { 'zh-CN': '分页游标无效', en: 'is not a valid page cursor' },
  externalId: { 'zh-CN': '已被其他客户使用', en: 'is already used by another account' },
} satisfies Record<string, LocalizedText>;
