import { z } from 'zod';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Editable fields; empty strings mean "no value". Formats (mobile, phone, email) are checked by the service. */
const fields = {
  title: optionalText(100),
  mobile: optionalText(50),
  phone: optionalText(50),
  email: optionalText(254),
  wechat: optionalText(100),
  notes: optionalText(2000),
  externalId: optionalText(200),
  isPrimary: z.boolean().optional(),
  accountId: z.guid().nullable().optional(),
  /** values of admin-defined custom fields by key (validated by the custom-fields module) */
  customFields: z.record(z.string().max(40), z.unknown()).optional().meta({ 'x-luodi-custom-fields': 'contacts' }),
  /** create/save even though the duplicate check warns (a blocking match still blocks) */
  acknowledgeDuplicates: z.boolean().optional(),
};

export const contactSchema = z.object({
  id: z.string(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  name: z.string(),
  title: z.string().nullable(),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  notes: z.string().nullable(),
  isPrimary: z.boolean(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  externalId: z.string().nullable(),
  customFields: z.record(z.string().max(40), z.unknown()).meta({ 'x-luodi-custom-fields': 'contacts' }),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  version: z.number().int(),
});
export type ContactDto = z.infer<typeof contactSchema>;

export const contactIdParams = z.object({ id: z.string().max(100) });

/** Also `cf.<key>[.eq|.in|.gte|.lte|.contains]=value` filters on custom fields (see modules/custom-fields). */
export const listContactsQuery = z.looseObject({
  q: z.string().trim().max(100).optional(),
  accountId: z.guid().optional(),
  ownerId: z.guid().optional(),
  departmentId: z.guid().optional(),
  sort: z.enum(['name', 'createdAt', 'updatedAt']).default('updatedAt'),
  /** default: asc for name, desc for dates */
  order: z.enum(['asc', 'desc']).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  deleted: z.enum(['true', 'false']).optional(),
  /** custom-field filters as JSON: [{"key":"sector","op":"eq|in|gte|lte|contains","value":…}] */
  filters: z.string().max(4000).optional(),
  /** records carrying this tag (modules/tags) */
  tagId: z.guid().optional(),
});
export type ListContactsQueryInput = z.infer<typeof listContactsQuery>;

export const accountContactsQuery = listContactsQuery.omit({ accountId: true });
export type AccountContactsQueryInput = z.infer<typeof accountContactsQuery>;

export const contactPageSchema = z.object({ items: z.array(contactSchema), nextCursor: z.string().nullable() });

export const createContactBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  ...fields,
  ownerId: z.guid().optional(),
});
export type CreateContactInput = z.infer<typeof createContactBody>;

export const updateContactBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  ...fields,
  version: z.number().int().positive(),
});
export type UpdateContactInput = z.infer<typeof updateContactBody>;

export const transferContactBody = z.strictObject({
  ownerId: z.guid(),
  version: z.number().int().positive(),
});

export { emptyBody, historyPageSchema, historyQuery, type HistoryPage } from '../accounts/accounts.schemas.js';
