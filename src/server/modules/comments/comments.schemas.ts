import { z } from 'zod';

export const COMMENT_OBJECT_TYPES = ['deals', 'accounts'] as const;
export type CommentObjectType = (typeof COMMENT_OBJECT_TYPES)[number];

export const commentSchema = z.object({
  id: z.string(),
  objectType: z.enum(COMMENT_OBJECT_TYPES),
  recordId: z.string(),
  /** plain text; `@[Name](userId)` tokens are mentions */
  body: z.string(),
  /** the users mentioned (each was notified once) */
  mentions: z.array(z.string()),
  authorId: z.string(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
});
export type CommentDto = z.infer<typeof commentSchema>;

export const commentPageSchema = z.object({ items: z.array(commentSchema), nextCursor: z.string().nullable() });

export const listCommentsQuery = z.object({
  objectType: z.enum(COMMENT_OBJECT_TYPES),
  recordId: z.guid(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListCommentsQuery = z.infer<typeof listCommentsQuery>;

export const createCommentBody = z.strictObject({
  objectType: z.enum(COMMENT_OBJECT_TYPES),
  recordId: z.guid(),
  body: z.string().trim().min(1).max(5000),
  /** users to notify besides the `@[Name](userId)` tokens of the body */
  mentions: z.array(z.guid()).max(50).optional(),
});
export type CreateCommentInput = z.infer<typeof createCommentBody>;

export const commentIdParams = z.object({ id: z.string().max(100) });
