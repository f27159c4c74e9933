import { z } from 'zod';

const receiver = z
  .strictObject({
    userId: z.guid(),
    /** the customers this receiver takes */
    accountIds: z.array(z.guid()).max(100_000).optional(),
    /** this receiver takes every customer not picked for another (and the leads and other contacts) */
    all: z.literal(true).optional(),
  })
  .refine((r) => (r.accountIds !== undefined) !== (r.all === true), { message: 'give either accountIds or all: true' });

export const createHandoverBody = z.strictObject({
  fromUserId: z.guid(),
  to: z.array(receiver).min(1).max(50),
  includeContacts: z.boolean().default(true),
  includeLeads: z.boolean().default(true),
  reason: z.string().trim().max(500).optional(),
});
export type CreateHandoverInput = z.infer<typeof createHandoverBody>;

const counts = z.record(z.string(), z.number().int());

export const handoverSchema = z.object({
  id: z.string(),
  fromUserId: z.string(),
  fromUserName: z.string().nullable(),
  reason: z.string().nullable(),
  /** moved records per type, and per receiver */
  counts,
  byReceiver: z.array(z.object({ userId: z.string(), userName: z.string().nullable(), counts })),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  /** server time spent in the transaction (ms), on the create response only */
  durationMs: z.number().optional(),
});
export type HandoverDto = z.infer<typeof handoverSchema>;

export const listHandoversQuery = z.object({
  fromUserId: z.guid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const handoverListSchema = z.object({ items: z.array(handoverSchema) });

export const userIdParams = z.object({ id: z.string().max(100) });
export const holdingsSchema = z.object({
  userId: z.string(),
  /** live records the user owns, per type (accounts, contacts, leads …) */
  counts,
  total: z.number().int(),
});
export type HoldingsDto = z.infer<typeof holdingsSchema>;
