import { defineErrors, type LocalizedText } from '../../platform/http/errors.js';

export const activityErrors = defineErrors({
  ACTIVITY_NOT_FOUND: { kind: 'not_found', 'zh-CN': '跟进记录不存在', en: 'Follow-up not found' },
  ACCOUNT_NOT_FOUND: { kind: 'not_found', 'zh-CN': '客户不存在', en: 'Account not found' },
  DEAL_NOT_FOUND: { kind: 'not_found', 'zh-CN': '商机不存在', en: 'Deal not found' },
  FOLLOW_UP_INCOMPLETE: {
    kind: 'validation',
    'zh-CN': '跟进记录缺少必填内容：{fields}',
    en: 'The follow-up is missing required content: {fields}',
  },
  NOT_ACTIVITY_OWNER: { kind: 'forbidden', 'zh-CN': '只有跟进人本人可以修改这条跟进记录', en: 'Only the person who logged this follow-up can change it' },
});

/** Names of follow-up fields in messages. */
export const activityFieldNames: Record<string, LocalizedText> = {
  type: { 'zh-CN': '跟进方式', en: 'type' },
  need: { 'zh-CN': '客户需求', en: 'customer need' },
  feedback: { 'zh-CN': '客户反馈', en: 'customer feedback' },
  nextAction: { 'zh-CN': '下一步行动', en: 'next action' },
  nextActionDate: { 'zh-CN': '下一步行动日期', en: 'next action date' },
};

export const activityFieldMessages = {
  required: { 'zh-CN': '{name}为必填项', en: '{name} is required' },
  type: { 'zh-CN': '不是可用的跟进方式', en: 'is not an active follow-up type' },
  occurredAtFuture: { 'zh-CN': '跟进时间不能晚于当前时间', en: 'cannot be in the future' },
  date: { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'must be a date YYYY-MM-DD' },
  accountMismatch: { 'zh-CN': '与商机所属客户不一致', en: 'does not match the account of the deal' },
  cursor: { 'zh-CN': '分页游标无效', en: 'is not a valid page cursor' },
} satisfies Record<string, LocalizedText>;

/** Reasons a follow-up is not effective, for the DTO. */
export const effectiveReasonMessages = {
  duration_short: { 'zh-CN': '通话时长不足 {required} 秒', en: 'call shorter than {required} seconds' },
  check_in_missing: { 'zh-CN': '拜访未签到', en: 'visit without check-in' },
  text_short: { 'zh-CN': '跟进内容不足 {required} 字', en: 'fewer than {required} characters of content' },
} satisfies Record<string, LocalizedText>;

export const activitySettingsMessages = {
  duplicate_type: { 'zh-CN': '跟进方式编码重复', en: 'duplicate type key' },
  invalid_type_key: { 'zh-CN': '编码只能包含小写字母、数字和下划线，且以字母开头', en: 'must be lowercase letters, digits or _ and start with a letter' },
  no_active_type: { 'zh-CN': '至少需要一个启用的跟进方式', en: 'at least one type must be active' },
  unknown_type: { 'zh-CN': '不是已定义的跟进方式', en: 'is not a defined type' },
  invalid_time: { 'zh-CN': '时间格式应为 HH:MM', en: 'must be a time HH:MM' },
  invalid_time_zone: { 'zh-CN': '不是有效的时区', en: 'is not a valid time zone' },
  invalid_number: { 'zh-CN': '应为 0 到 100000 之间的整数', en: 'must be an integer between 0 and 100000' },
} satisfies Record<string, LocalizedText>;

/** Texts of the tasks a follow-up creates (stored in the assignee's language). */
export const activityTaskTexts = {
  negativeTitle: { 'zh-CN': '关注负面反馈：{account}', en: 'Negative feedback: {account}' },
  negativeNotes: { 'zh-CN': '{owner} 记录的跟进中客户反馈负面：{feedback}', en: '{owner} logged negative customer feedback: {feedback}' },
  noAccount: { 'zh-CN': '（未关联客户）', en: '(no account)' },
} satisfies Record<string, LocalizedText>;
