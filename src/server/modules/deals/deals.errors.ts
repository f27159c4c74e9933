import { defineErrors, type LocalizedText } from '../../platform/http/errors.js';

export const dealErrors = defineErrors({
  DEAL_NOT_FOUND: { kind: 'not_found', 'zh-CN': '商机不存在', en: 'Deal not found' },
  EXTERNAL_ID_TAKEN: {
    kind: 'conflict',
    'zh-CN': '外部编号 {externalId} 已被其他商机使用',
    en: 'The external id {externalId} is already used by another deal',
  },
  STAGE_CRITERIA_UNMET: {
    kind: 'unprocessable',
    'zh-CN': '进入「{stage}」的条件未满足：{unmet}',
    en: 'The deal does not meet the entry criteria of "{stage}": {unmet}',
  },
  STAGE_MOVE_NOT_ALLOWED: {
    kind: 'unprocessable',
    'zh-CN': '此销售流程不允许从「{from}」{how}到「{to}」',
    en: 'This pipeline does not allow {how} from "{from}" to "{to}"',
  },
  CLOSE_REASON_REQUIRED: { kind: 'unprocessable', 'zh-CN': '赢单或输单时请填写原因', en: 'A reason is required to close a deal as won or lost' },
  CRITERIA_WAIVER_FORBIDDEN: {
    kind: 'forbidden',
    'zh-CN': '只有管理员可以在导入历史数据时豁免阶段准入条件',
    en: 'Only an administrator may waive stage entry criteria (historical import)',
  },
});

/** Messages of field-level validation done by the service. */
export const dealFieldMessages = {
  ownerId: { 'zh-CN': '负责人必须是本组织的在职用户', en: 'must be an active user of the organization' },
  accountId: { 'zh-CN': '客户不存在或无权查看', en: 'must be an account you can see' },
  stageKey: { 'zh-CN': '该销售流程没有这个阶段', en: 'is not a stage of the pipeline' },
  pipelineId: { 'zh-CN': '销售流程不存在或已停用', en: 'must be an active pipeline' },
  cursor: { 'zh-CN': '分页游标无效', en: 'is not a valid page cursor' },
  closeMonth: { 'zh-CN': '月份格式应为 YYYY-MM', en: 'must be a month as YYYY-MM' },
  closeReason: { 'zh-CN': '赢单或输单时请填写原因', en: 'is required to close a deal as won or lost' },
  externalId: { 'zh-CN': '已被其他商机使用', en: 'is already used by another deal' },
} satisfies Record<string, LocalizedText>;

/** Labels of the standard deal fields (criteria messages, the kanban's "fill what is missing" form). */
export const dealFieldLabels: Record<string, LocalizedText> = {
  name: { 'zh-CN': '商机名称', en: 'Deal name' },
  accountId: { 'zh-CN': '客户', en: 'Account' },
  contactIds: { 'zh-CN': '联系人', en: 'Contacts' },
  amount: { 'zh-CN': '金额', en: 'Amount' },
  currency: { 'zh-CN': '币种', en: 'Currency' },
  expectedCloseDate: { 'zh-CN': '预计成交日期', en: 'Expected close date' },
  product: { 'zh-CN': '产品', en: 'Product' },
  source: { 'zh-CN': '来源', en: 'Source' },
  description: { 'zh-CN': '描述', en: 'Description' },
  closeReason: { 'zh-CN': '赢单/输单原因', en: 'Close reason' },
};
