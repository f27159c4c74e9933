import { defineErrors, type LocalizedText } from '../../platform/http/errors.js';

export const attachmentErrors = defineErrors({
  ATTACHMENT_NOT_FOUND: { kind: 'not_found', 'zh-CN': '附件不存在', en: 'Attachment not found' },
  RECORD_NOT_FOUND: { kind: 'not_found', 'zh-CN': '记录不存在', en: 'Record not found' },
  ATTACHMENT_FILE_MISSING: { kind: 'validation', 'zh-CN': '请选择要上传的文件', en: 'Choose a file to upload' },
  ATTACHMENT_TOO_LARGE: { kind: 'payload_too_large', 'zh-CN': '附件不能超过 {maxMb} MB', en: 'Attachments may be at most {maxMb} MB' },
});

export const attachmentFieldMessages = {
  objectType: { 'zh-CN': '只能是 deals、accounts、contacts 或 leads', en: 'must be deals, accounts, contacts or leads' },
  recordId: { 'zh-CN': '记录编号无效', en: 'must be a record id' },
  kind: { 'zh-CN': '附件类型无效', en: 'is not an attachment kind' },
} satisfies Record<string, LocalizedText>;
