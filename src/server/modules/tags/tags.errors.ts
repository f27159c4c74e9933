import { defineErrors } from '../../platform/http/errors.js';

export const tagErrors = defineErrors({
  TAG_NOT_FOUND: { kind: 'not_found', 'zh-CN': '标签不存在', en: 'Tag not found' },
  TAG_NAME_TAKEN: { kind: 'conflict', 'zh-CN': '标签「{name}」已存在', en: 'The tag "{name}" already exists' },
  RECORD_NOT_FOUND: { kind: 'not_found', 'zh-CN': '记录不存在', en: 'Record not found' },
});
