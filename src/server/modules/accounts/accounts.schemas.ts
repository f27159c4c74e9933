import { z } from 'zod';

/**
 * Custom fields (modules/custom-fields): `{ key: value }`. The OpenAPI document of a signed-in caller lists the
 * organization's fields as typed properties here (the marker tells the custom-fields module where).
 */
const customFieldsValues = z.record(z.string().max(40), z.unknown()).meta({ 'x-luodi-custom-fields': 'accounts' });
const customFieldsInput = z.record(z.string().max(40), z.unknown()).optional().meta({ 'x-luodi-custom-fields': 'accounts' });

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Editable fields; empty strings mean "no value". Formats (phone, email, credit code) are checked by the service. */
const fields = {
  creditCode: optionalText(50),
  phone: optionalText(50),
  email: optionalText(254),
  industry: optionalText(100),
  address: optionalText(500),
  website: optionalText(500),
  notes: optionalText(2000),
  externalId: optionalText(200),
};

export const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  industry: z.string().nullable(),
  address: z.string().nullable(),
  website: z.string().nullable(),
  notes: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  externalId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  version: z.number().int(),
  customFields: customFieldsValues,
  /** public pool (公海): when the pool's rules reclaim this customer (null: never, or not owned) */
  reclaimDueAt: z.string().nullable(),
  /** the pool it sits in (owner null), else null */
  poolId: z.string().nullable(),
  poolName: z.string().nullable(),
  inPool: z.boolean(),
  /** tier (客户分级, modules/tiers): set by hand ('manual') or by the tier rules ('rule') */
  tier: z.string().nullable(),
  tierSource: z.enum(['manual', 'rule']).nullable(),
  /** tags (modules/tags): list items carry them */
  tags: z.array(z.object({ id: z.string(), name: z.string(), color: z.string().nullable() })).optional(),
});
export type AccountDto = z.infer<typeof accountSchema>;

export const accountIdParams = z.object({ id: z.string().max(100) });

/** The route also passes `cf.<key>[.eq|.in|.gte|.lte|.contains]=value` custom-field filters (modules/custom-fields). */
export const listAccountsQuery = z.object({
  q: z.string().trim().max(100).optional(),
  ownerId: z.guid().optional(),
  departmentId: z.guid().optional(),
  /** true: customers in the pools the user may browse (公海); false: owned customers only */
  inPool: z.enum(['true', 'false']).optional(),
  /** with inPool=true: one pool */
  poolId: z.guid().optional(),
  /** accounts carrying this tag (modules/tags) */
  tagId: z.guid().optional(),
  /** accounts of this tier; `none`: without a tier */
  tier: z.string().regex(/^[A-Za-z0-9_]{1,8}$/).optional(),
  /** a standard column, or `cf.<key>` for a custom field (empty values last) */
  sort: z.union([z.enum(['name', 'createdAt', 'updatedAt']), z.string().regex(/^cf\.[a-z][a-z0-9_]{0,39}$/)]).default('updatedAt'),
  /** custom-field filters as JSON: [{"key":"sector","op":"eq|in|gte|lte|contains","value":…}] */
  filters: z.string().max(4000).optional(),
  /** default: asc for name, desc for dates */
  order: z.enum(['asc', 'desc']).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  deleted: z.enum(['true', 'false']).optional(),
});
export type ListAccountsQueryInput = z.infer<typeof listAccountsQuery>;

export const accountPageSchema = z.object({ items: z.array(accountSchema), nextCursor: z.string().nullable() });

export const createAccountBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  ...fields,
  ownerId: z.guid().optional(),
  customFields: customFieldsInput,
  /** save despite duplicate warnings (409 DUPLICATE_WARNING); blocked duplicates are never saved */
  acknowledgeDuplicates: z.boolean().optional(),
});
export type CreateAccountInput = z.infer<typeof createAccountBody>;

export const updateAccountBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  ...fields,
  customFields: customFieldsInput,
  /** a tier key of the organization's tiers (manual tier); null: back to the tier rules */
  tier: z.string().max(8).nullable().optional(),
  acknowledgeDuplicates: z.boolean().optional(),
  version: z.number().int().positive(),
});
export type UpdateAccountInput = z.infer<typeof updateAccountBody>;

export const transferAccountBody = z.strictObject({
  ownerId: z.guid(),
  version: z.number().int().positive(),
});

/** no body, or an empty JSON object */
export const emptyBody = z.strictObject({}).nullish();

export const historyQuery = z.object({
  before: z.string().regex(/^\d{1,18}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const historyPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      occurredAt: z.string(),
      actorId: z.string().nullable(),
      actorName: z.string().nullable(),
      action: z.string(),
      changes: z.array(
        z.object({
          field: z.string(),
          old: z.unknown(),
          new: z.unknown(),
          /** display names when the field refers to a user or department by id */
          oldLabel: z.string().nullable().optional(),
          newLabel: z.string().nullable().optional(),
        }),
      ),
    }),
  ),
  nextBefore: z.string().nullable(),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;
