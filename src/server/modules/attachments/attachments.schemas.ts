import { z } from 'zod';

export const attachmentSchema = z.object({
  id: z.string(),
  objectType: z.string(),
  recordId: z.string(),
  /** requirements, quote, contract (core/pipelines ATTACHMENT_KINDS) or other */
  kind: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export type AttachmentDto = z.infer<typeof attachmentSchema>;

export const listAttachmentsQuery = z.object({
  objectType: z.string().max(40),
  recordId: z.string().max(100),
});

export const attachmentListSchema = z.object({ items: z.array(attachmentSchema) });

export const attachmentIdParams = z.object({ id: z.string().max(100) });
