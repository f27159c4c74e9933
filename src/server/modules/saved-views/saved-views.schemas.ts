import { z } from 'zod';

export const viewObjectType = z.enum(['accounts', 'contacts', 'leads']);

/** Filters as the list's query parameters: `{ q, ownerId, tier, tagId, filters (custom-field JSON), … }`. */
const filterValue = z.union([z.string().max(4000), z.number(), z.boolean(), z.null(), z.array(z.string().max(200)).max(100)]);
export const viewFilters = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{0,59}$/), filterValue)
  .refine((f) => Object.keys(f).length <= 30, { message: 'too many filters' });
export const viewColumns = z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{0,59}$/)).max(50);
export const viewSort = z.union([z.strictObject({ field: z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{0,59}$/), order: z.enum(['asc', 'desc']) }), z.strictObject({})]);

export const savedViewSchema = z.object({
  id: z.string(),
  objectType: viewObjectType,
  name: z.string(),
  filters: z.record(z.string(), z.unknown()),
  columns: z.array(z.string()),
  sort: z.record(z.string(), z.unknown()),
  shared: z.boolean(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  /** the actor's own view (editable); shared views of others are read-only */
  mine: z.boolean(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type SavedViewDto = z.infer<typeof savedViewSchema>;

export const listViewsQuery = z.object({ objectType: viewObjectType });
export const viewIdParams = z.object({ id: z.string().max(100) });

export const createViewBody = z.strictObject({
  objectType: viewObjectType,
  name: z.string().trim().min(1).max(60),
  filters: viewFilters.default({}),
  columns: viewColumns.default([]),
  sort: viewSort.default({}),
  shared: z.boolean().default(false),
});
export type CreateViewInput = z.infer<typeof createViewBody>;

export const updateViewBody = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  filters: viewFilters.optional(),
  columns: viewColumns.optional(),
  sort: viewSort.optional(),
  shared: z.boolean().optional(),
  version: z.number().int().positive(),
});
export type UpdateViewInput = z.infer<typeof updateViewBody>;
