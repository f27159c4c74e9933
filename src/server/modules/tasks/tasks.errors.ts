import { defineErrors, type LocalizedText } from '../../platform/http/errors.js';

export const taskErrors = defineErrors({
  TASK_NOT_FOUND: { kind: 'not_found', 'zh-CN': '任务不存在', en: 'Task not found' },
  ASSIGNEE_NOT_VISIBLE: {
    kind: 'not_found',
    'zh-CN': '用户不存在或不在您的数据范围内',
    en: 'The user does not exist or is outside your data scope',
  },
});

export const taskFieldMessages = {
  assigneeId: { 'zh-CN': '只能分配给自己或您数据范围内的在职用户', en: 'must be yourself or an active user within your data scope' },
  dueDate: { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'must be a date YYYY-MM-DD' },
  accountId: { 'zh-CN': '客户不存在或您无权查看', en: 'no such account, or you cannot see it' },
  dealId: { 'zh-CN': '商机不存在或您无权查看', en: 'no such deal, or you cannot see it' },
  cursor: { 'zh-CN': '分页游标无效', en: 'is not a valid page cursor' },
} satisfies Record<string, LocalizedText>;

/** The reminder notification (in the assignee's language). */
export const taskReminderTexts = {
  title: { 'zh-CN': '任务提醒：{title}', en: 'Task due: {title}' },
  body: { 'zh-CN': '截止日期 {dueDate}', en: 'Due {dueDate}' },
} satisfies Record<string, LocalizedText>;
