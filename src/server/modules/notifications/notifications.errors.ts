import { defineErrors } from '../../platform/http/errors.js';

export const notificationErrors = defineErrors({
  NOTIFICATION_NOT_FOUND: { kind: 'not_found', 'zh-CN': '通知不存在', en: 'Notification not found' },
});
