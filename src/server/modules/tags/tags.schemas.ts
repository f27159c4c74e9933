import { z } from 'zod';

export const tagSchema = z.object({ id: z.string(), name: z.string(), color: z.string().nullable(), usage: z.number().int().optional() });
export const tagListSchema = z.object({ items: z.array(tagSchema) });
export const createTagBody = z.strictObject({ name: z.string().trim().min(1).max(40), color: z.string().trim().max(30).nullable().optional() });
export const updateTagBody = z.strictObject({ name: z.string().trim().min(1).max(40).optional(), color: z.string().trim().max(30).nullable().optional() });
export const tagIdParams = z.object({ id: z.string().max(100) });
export const taggableObjectType = z.enum(['accounts', 'contacts', 'leads']);
export type TaggableObjectType = z.infer<typeof taggableObjectType>;
export const recordTagParams = z.object({ objectType: taggableObjectType, id: z.string().max(100) });
export const setRecordTagsBody = z.strictObject({ tagIds: z.array(z.guid()).max(50) });
export const recordTagsSchema = z.object({ items: z.array(tagSchema) });
