import { defineErrors, type LocalizedText } from '../../platform/http/errors.js';

export const commentErrors = defineErrors({
  RECORD_NOT_FOUND: { kind: 'not_found', 'zh-CN': '记录不存在', en: 'Record not found' },
  COMMENT_NOT_FOUND: { kind: 'not_found', 'zh-CN': '评论不存在', en: 'Comment not found' },
  COMMENT_NOT_AUTHOR: { kind: 'forbidden', 'zh-CN': '只能删除自己的评论', en: 'You can only delete your own comments' },
});

export const commentMessages = {
  mention: { 'zh-CN': '必须是本组织能查看该记录的在职用户', en: 'must be an active user of the organization who can see this record' },
  cursor: { 'zh-CN': '分页游标无效', en: 'is not a valid page cursor' },
  mentionTitle: { 'zh-CN': '{author} 在「{record}」的评论中提到了你', en: '{author} mentioned you on “{record}”' },
} satisfies Record<string, LocalizedText>;
