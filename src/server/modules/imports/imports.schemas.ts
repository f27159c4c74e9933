import { z } from 'zod';

export const duplicatePolicySchema = z.enum(['skip', 'update', 'create']);

export const importSchema = z.object({
  id: z.string(),
  objectType: z.string(),
  status: z.enum(['uploaded', 'validating', 'validated', 'running', 'completed', 'failed', 'cancelled']),
  dryRun: z.boolean(),
  fileName: z.string(),
  fileSize: z.number(),
  format: z.string().nullable(),
  encoding: z.string().nullable(),
  mapping: z.record(z.string(), z.string()),
  duplicatePolicy: duplicatePolicySchema,
  dateOrder: z.enum(['mdy', 'dmy']),
  headers: z.array(z.string()),
  totalRows: z.number().nullable(),
  processedRows: z.number(),
  createdRows: z.number(),
  updatedRows: z.number(),
  skippedRows: z.number(),
  failedRows: z.number(),
  committedRows: z.number(),
  /** 0–1; rows processed over the (estimated while running) total */
  progress: z.number(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** POST /imports/:id/resume would take it now (failed, or interrupted: its run died) */
  resumable: z.boolean().optional(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportDto = z.infer<typeof importSchema>;

export const previewSchema = z.object({
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  suggestedMapping: z.record(z.string(), z.string()),
  mappingSource: z.enum(['saved', 'suggested']),
  fields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean(), custom: z.boolean() })),
});
export type PreviewDto = z.infer<typeof previewSchema>;

export const importIdParams = z.object({ id: z.guid() });

export const listImportsQuery = z.object({
  objectType: z.string().max(50).optional(),
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const importPageSchema = z.object({ items: z.array(importSchema), nextBefore: z.string().nullable() });

export const problemsQuery = z.object({
  afterRow: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const problemsPageSchema = z.object({
  items: z.array(
    z.object({
      rowNumber: z.number(),
      severity: z.enum(['error', 'warning']),
      problems: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
      raw: z.record(z.string(), z.string()),
    }),
  ),
  nextAfterRow: z.number().nullable(),
});

export const saveMappingBody = z.strictObject({
  objectType: z.string().max(50),
  headers: z.array(z.string().max(500)).min(1).max(500),
  mapping: z.record(z.string().max(500), z.string().max(100)),
  name: z.string().trim().max(200).optional(),
});

export const mappingSchema = z.object({
  id: z.string(),
  objectType: z.string(),
  sourceKey: z.string(),
  name: z.string(),
  mapping: z.record(z.string(), z.string()),
  updatedAt: z.string(),
});

export const runBody = z.strictObject({ duplicatePolicy: duplicatePolicySchema.optional() }).nullish();

/**
 * Deal import options (imports.deals.ts): the pipeline (default: the organization's default), `historical` (admins
 * only: stage entry criteria waived, recorded in stage history and the audit log), the file's stage values → stage
 * keys, per-field value replacements (e.g. { product: { GTXPro: 'GTX Pro' } }), the currency of the amounts and
 * the close reason of won/lost rows that have none.
 */
export const dealImportOptionsSchema = z.object({
  pipelineId: z.guid().optional(),
  historical: z.boolean().optional(),
  stageMap: z.record(z.string().max(200), z.string().max(100)).optional(),
  valueMap: z.record(z.string().max(100), z.record(z.string().max(500), z.string().max(500))).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  defaultCloseReason: z.string().trim().min(1).max(500).optional(),
});
export type DealImportOptions = z.infer<typeof dealImportOptionsSchema>;

/** The `options` JSON of POST /imports. */
export const importOptionsSchema = dealImportOptionsSchema.extend({ dateOrder: z.enum(['mdy', 'dmy']).optional() });

/** The multipart text fields of POST /imports (all optional except the file). */
export const createFieldsSchema = z.object({
  objectType: z.string().max(50).default('accounts'),
  mapping: z.string().max(100_000),
  dryRun: z.enum(['true', 'false', '1', '0']).default('false'),
  duplicatePolicy: duplicatePolicySchema.default('skip'),
  /** JSON: { dateOrder?: 'mdy' | 'dmy' } */
  options: z.string().max(10_000).optional(),
});
