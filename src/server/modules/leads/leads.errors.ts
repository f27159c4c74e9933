import { defineErrors, type LocalizedText } from '../../platform/http/errors.js';

export const leadErrors = defineErrors({
  LEAD_NOT_FOUND: { kind: 'not_found', 'zh-CN': '线索不存在', en: 'Lead not found' },
  LEAD_CONVERTED: {
    kind: 'conflict',
    'zh-CN': '线索已转化，不能再修改或转化',
    en: 'This lead has been converted; it can no longer be changed or converted',
  },
  EXTERNAL_ID_TAKEN: {
    kind: 'conflict',
    'zh-CN': '外部编号 {externalId} 已被其他线索使用',
    en: 'The external id {externalId} is already used by another lead',
  },
});

export const leadFieldMessages = {
  mobile: { 'zh-CN': '请输入有效的手机号（如 13812345678）', en: 'must be a mainland mobile number (e.g. 13812345678)' },
  phone: { 'zh-CN': '请输入有效的手机号或座机号（如 021-12345678）', en: 'must be a mobile or landline number (e.g. 021-12345678)' },
  email: { 'zh-CN': '邮箱格式不正确', en: 'must be a valid email address' },
  ownerId: { 'zh-CN': '负责人必须是本组织的在职用户', en: 'must be an active user of the organization' },
  cursor: { 'zh-CN': '分页游标无效', en: 'is not a valid page cursor' },
  externalId: { 'zh-CN': '已被其他线索使用', en: 'is already used by another lead' },
  customFields: { 'zh-CN': '自定义字段暂不可用', en: 'custom fields are not available' },
  accountName: { 'zh-CN': '请填写客户名称（线索没有公司名称）', en: 'is required (the lead has no company name)' },
  accountId: { 'zh-CN': '客户不存在或无权查看', en: 'must be an account you can see' },
} satisfies Record<string, LocalizedText>;
