import { MAX_DEAL_AMOUNT } from '../../../core/deals/money.js';
import { z } from 'zod';
import { pipelineSchema } from '../pipelines/pipelines.schemas.js';

const customFieldsValues = z.record(z.string().max(40), z.unknown()).meta({ 'x-luodi-custom-fields': 'deals' });
const customFieldsInput = z.record(z.string().max(40), z.unknown()).optional().meta({ 'x-luodi-custom-fields': 'deals' });

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const isoDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date as YYYY-MM-DD');

/** amounts are integer minor units (分); masked ('***') for roles that may not see them */
const amountOut = z.union([z.number().int(), z.string()]).nullable();

export const stageMoveVia = z.enum(['api', 'kanban']);

const editable = {
  name: z.string().trim().min(1).max(200).optional(),
  accountId: z.guid().nullable().optional(),
  contactIds: z.array(z.guid()).max(50).optional(),
  ownerId: z.guid().optional(),
  /** minor units (分), ≥ 0 */
    amount: z.number().int().min(0).max(MAX_DEAL_AMOUNT).nullable().optional(),
  currency: z.string().trim().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY').optional(),
  expectedCloseDate: isoDay.nullable().optional(),
  product: optionalText(200),
  source: optionalText(100),
  description: optionalText(5000),
  customFields: customFieldsInput,
  /** the target stage (moves go through the stage gate) */
  stageKey: z.string().trim().min(1).max(60).optional(),
  /** won/lost reason, required when closing */
  closeReason: optionalText(1000),
};

export const stageHistorySchema = z.object({
  id: z.string(),
  fromStage: z.string().nullable(),
  toStage: z.string(),
  movedAt: z.string(),
  movedBy: z.string().nullable(),
  movedByName: z.string().nullable(),
  secondsInPrevious: z.number().nullable(),
  via: z.string(),
  criteriaWaived: z.boolean(),
});

export const dealSchema = z.object({
  id: z.string(),
  name: z.string(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  contactIds: z.array(z.string()),
  pipelineId: z.string(),
  stageKey: z.string(),
  stageEnteredAt: z.string(),
  status: z.enum(['open', 'won', 'lost']),
  amount: amountOut,
  /** round(amount × stage probability / 100), minor units; masked with the amount */
  weightedAmount: amountOut,
  probability: z.number().int(),
  currency: z.string(),
  expectedCloseDate: z.string().nullable(),
  product: z.string().nullable(),
  source: z.string().nullable(),
  description: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  lastUpdateAt: z.string(),
  /** open and idle longer than the stage's rotting days (core/pipelines/rotting) */
  rotting: z.boolean(),
  idleDays: z.number().int(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  departmentId: z.string().nullable(),
  externalId: z.string().nullable(),
  customFields: customFieldsValues,
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  version: z.number().int(),
});
export type DealDto = z.infer<typeof dealSchema>;

export const dealDetailSchema = dealSchema.extend({
  stageHistory: z.array(stageHistorySchema),
  effectiveFollowUps: z.number().int(),
  attachmentKinds: z.array(z.string()),
  team: z.array(z.object({ userId: z.string(), userName: z.string().nullable(), role: z.string(), creditPercent: z.number().int() })),
});
export type DealDetailDto = z.infer<typeof dealDetailSchema>;

export const dealIdParams = z.object({ id: z.string().max(100) });

const totalsSchema = z.object({ count: z.number().int(), amount: amountOut, weightedAmount: amountOut });

export const listDealsQuery = z.object({
  q: z.string().trim().max(100).optional(),
  ownerId: z.guid().optional(),
  departmentId: z.guid().optional(),
  pipelineId: z.guid().optional(),
  stageKey: z.string().max(60).optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  /** YYYY-MM: open deals expected to close in it, closed deals closed in it */
  closeMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM').optional(),
  accountId: z.guid().optional(),
  /** true: open deals idle longer than their stage's rotting days */
  rotting: z.enum(['true', 'false']).optional(),
  sort: z.enum(['updatedAt', 'createdAt', 'lastUpdateAt']).default('updatedAt'),
  order: z.enum(['asc', 'desc']).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  deleted: z.enum(['true', 'false']).optional(),
});
export type ListDealsQueryInput = z.infer<typeof listDealsQuery>;

/** totals of the whole filter (count, amount, weighted amount) on the first page; null on later pages (cursor given) */
export const dealPageSchema = z.object({ items: z.array(dealSchema), nextCursor: z.string().nullable(), totals: totalsSchema.nullable() });

export const createDealBody = z.strictObject({
  ...editable,
  name: z.string().trim().min(1).max(200),
  /** default: the organization's default pipeline */
  pipelineId: z.guid().optional(),
  externalId: optionalText(200),
  via: stageMoveVia.optional(),
});
export type CreateDealInput = z.infer<typeof createDealBody>;

export const updateDealBody = z.strictObject({
  ...editable,
  via: stageMoveVia.optional(),
  version: z.number().int().positive(),
});
export type UpdateDealInput = z.infer<typeof updateDealBody>;

const { stageKey: _s, closeReason: _c, ...bulkFields } = editable;
export const bulkDealsBody = z.strictObject({
  ids: z.array(z.guid()).min(1).max(200),
  set: z.strictObject({ ...bulkFields, stageKey: editable.stageKey, closeReason: editable.closeReason }),
});
export type BulkDealsInput = z.infer<typeof bulkDealsBody>;

export const bulkResultSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      ok: z.boolean(),
      error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).optional(),
    }),
  ),
});

export const boardQuery = z.object({
  pipelineId: z.guid().optional(),
  ownerId: z.guid().optional(),
  departmentId: z.guid().optional(),
  closeMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM').optional(),
  q: z.string().trim().max(100).optional(),
});
export type BoardQueryInput = z.infer<typeof boardQuery>;

/** A card on the board: what the card and the move prompt show (the board sends hundreds; the detail has the rest). */
export const dealCardSchema = dealSchema.pick({
  id: true,
  name: true,
  accountId: true,
  accountName: true,
  ownerId: true,
  ownerName: true,
  departmentId: true,
  pipelineId: true,
  stageKey: true,
  status: true,
  amount: true,
  weightedAmount: true,
  probability: true,
  currency: true,
  expectedCloseDate: true,
  closedAt: true,
  closeReason: true,
  lastUpdateAt: true,
  rotting: true,
  idleDays: true,
  version: true,
});
export type DealCardDto = z.infer<typeof dealCardSchema>;

export const boardSchema = z.object({
  pipeline: pipelineSchema,
  columns: z.array(
    z.object({
      stageKey: z.string(),
      count: z.number().int(),
      amount: amountOut,
      weightedAmount: amountOut,
      deals: z.array(dealCardSchema),
      hasMore: z.boolean(),
    }),
  ),
  /** won/lost columns show deals closed in [closedFrom, closedTo) (the close month, else the last 30 days) */
  closedFrom: z.string(),
  closedTo: z.string(),
});
export type BoardDto = z.infer<typeof boardSchema>;

export const velocityQuery = z.object({ pipelineId: z.guid().optional() });
export const velocitySchema = z.object({
  pipelineId: z.string(),
  stages: z.array(z.object({ stageKey: z.string(), movesOut: z.number().int(), averageDays: z.number().nullable(), medianDays: z.number().nullable() })),
});

/** no body, or an empty JSON object */
export const emptyBody = z.strictObject({}).nullish();
