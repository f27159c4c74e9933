import { z } from 'zod';
import { contactSchema } from '../contacts/contacts.schemas.js';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'disqualified'] as const;
/** statuses a user may set; `converted` is set only by conversion */
export const EDITABLE_LEAD_STATUSES = ['new', 'contacted', 'qualified', 'disqualified'] as const;

const fields = {
  companyName: optionalText(200),
  title: optionalText(100),
  mobile: optionalText(50),
  phone: optionalText(50),
  email: optionalText(254),
  source: optionalText(100),
  status: z.enum(EDITABLE_LEAD_STATUSES).optional(),
  notes: optionalText(2000),
  externalId: optionalText(200),
  customFields: z.record(z.string().max(40), z.unknown()).optional().meta({ 'x-luodi-custom-fields': 'leads' }),
  acknowledgeDuplicates: z.boolean().optional(),
};

export const leadSchema = z.object({
  id: z.string(),
  name: z.string(),
  companyName: z.string().nullable(),
  title: z.string().nullable(),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  source: z.string().nullable(),
  status: z.enum(LEAD_STATUSES),
  notes: z.string().nullable(),
  convertedAccountId: z.string().nullable(),
  convertedContactId: z.string().nullable(),
  convertedAt: z.string().nullable(),
  convertedBy: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  externalId: z.string().nullable(),
  customFields: z.record(z.string().max(40), z.unknown()).meta({ 'x-luodi-custom-fields': 'leads' }),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  version: z.number().int(),
});
export type LeadDto = z.infer<typeof leadSchema>;

export const leadIdParams = z.object({ id: z.string().max(100) });

/** Also `cf.<key>[.eq|.in|.gte|.lte|.contains]=value` filters on custom fields (see modules/custom-fields). */
export const listLeadsQuery = z.looseObject({
  q: z.string().trim().max(100).optional(),
  status: z.enum(LEAD_STATUSES).optional(),
  source: z.string().trim().max(100).optional(),
  ownerId: z.guid().optional(),
  departmentId: z.guid().optional(),
  sort: z.enum(['name', 'companyName', 'createdAt', 'updatedAt']).default('updatedAt'),
  order: z.enum(['asc', 'desc']).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  deleted: z.enum(['true', 'false']).optional(),
  filters: z.string().max(4000).optional(),
  /** records carrying this tag (modules/tags) */
  tagId: z.guid().optional(),
});
export type ListLeadsQueryInput = z.infer<typeof listLeadsQuery>;

export const leadPageSchema = z.object({ items: z.array(leadSchema), nextCursor: z.string().nullable() });

export const createLeadBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  ...fields,
  ownerId: z.guid().optional(),
});
export type CreateLeadInput = z.infer<typeof createLeadBody>;

export const updateLeadBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  ...fields,
  version: z.number().int().positive(),
});
export type UpdateLeadInput = z.infer<typeof updateLeadBody>;

export const transferLeadBody = z.strictObject({ ownerId: z.guid(), version: z.number().int().positive() });

const accountText = (max: number) => z.string().trim().max(max).optional();

export const convertLeadBody = z.strictObject({
  account: z.discriminatedUnion('mode', [
    z.strictObject({
      mode: z.literal('create'),
      /** default: the lead's company name */
      name: z.string().trim().min(1).max(200).optional(),
      creditCode: accountText(50),
      phone: accountText(50),
      email: accountText(254),
      industry: accountText(100),
      address: accountText(500),
      website: accountText(500),
      notes: accountText(2000),
      /** default: the lead's owner (when the actor may assign accounts), else the actor */
      ownerId: z.guid().optional(),
    }),
    z.strictObject({ mode: z.literal('existing'), accountId: z.guid() }),
  ]),
  createContact: z.boolean().default(true),
  acknowledgeDuplicates: z.boolean().optional(),
  /** the lead's version as the user saw it (optional) */
  version: z.number().int().positive().optional(),
});
export type ConvertLeadInput = z.infer<typeof convertLeadBody>;

export const convertResultSchema = z.object({
  lead: leadSchema,
  account: z.object({ id: z.string(), name: z.string(), created: z.boolean() }),
  contact: contactSchema.nullable(),
});
export type ConvertResult = z.infer<typeof convertResultSchema>;

export { emptyBody, historyPageSchema, historyQuery, type HistoryPage } from '../accounts/accounts.schemas.js';
