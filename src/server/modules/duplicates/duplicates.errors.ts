import { defineErrors } from '../../platform/http/errors.js';

/**
 * Duplicate answers carry `details: { matches, action }` beside the message. The message names the matches
 * in the caller's language: {summaryZh} / {summaryEn} are built by the service from what the caller may see.
 */
export const duplicateErrors = defineErrors({
  DUPLICATE_BLOCKED: {
    kind: 'conflict',
    'zh-CN': '存在重复记录，不能保存：{summaryZh}',
    en: 'A duplicate exists; this cannot be saved: {summaryEn}',
  },
  DUPLICATE_WARNING: {
    kind: 'conflict',
    'zh-CN': '可能存在重复记录：{summaryZh}。确认后仍可保存',
    en: 'Possible duplicate: {summaryEn}. Confirm to save anyway',
  },
  SETTINGS_INVALID: { kind: 'validation', 'zh-CN': '设置无效', en: 'The settings are invalid' },
  MERGE_INVALID: {
    kind: 'validation',
    'zh-CN': '合并需要一个保留的客户和至少一个其他客户',
    en: 'A merge needs one account to keep and at least one other account',
  },
});
