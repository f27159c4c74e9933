import { z } from 'zod';
import { CUSTOM_FIELD_OBJECT_TYPES, CUSTOM_FIELD_TYPES } from '../../../core/custom-fields/types.js';

export const objectTypeSchema = z.enum(CUSTOM_FIELD_OBJECT_TYPES);

const label = z.string().trim().min(1).max(100);
export const selectOptionSchema = z.strictObject({
  value: z.string().trim().min(1).max(100),
  labelZh: label,
  labelEn: label,
});

export const fieldOptionsSchema = z.strictObject({
  /** single_select / multi_select */
  options: z.array(selectOptionSchema).max(500).optional(),
  /** money: ISO 4217 code (default CNY); values are integers in minor units (分) */
  currency: z.string().max(3).optional(),
  /** number: digits after the decimal point, 0–6; fixed once the field holds values */
  decimals: z.number().int().optional(),
});

export const fieldValidationSchema = z.strictObject({
  /** text-like types: JavaScript regular expression the value must match */
  regex: z.string().min(1).max(200).optional(),
  /** number: the value; money: major units (元) */
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  /** text-like types: characters (default 1000) */
  maxLength: z.number().int().min(1).max(10000).optional(),
});

export const definitionSchema = z.object({
  id: z.string(),
  objectType: objectTypeSchema,
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: fieldOptionsSchema,
  required: z.boolean(),
  unique: z.boolean(),
  validation: fieldValidationSchema,
  sortOrder: z.number().int(),
  active: z.boolean(),
  /** true when some record holds a value (then the field can only be deactivated, not deleted) */
  hasValues: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type DefinitionDto = z.infer<typeof definitionSchema>;

export const listDefinitionsQuery = z.object({
  objectType: objectTypeSchema,
  /** include deactivated fields (default true) */
  includeInactive: z.enum(['true', 'false']).optional(),
});
export const definitionListSchema = z.object({ items: z.array(definitionSchema) });

export const definitionIdParams = z.object({ id: z.string().max(100) });

export const createDefinitionBody = z.strictObject({
  objectType: objectTypeSchema,
  /** ^[a-z][a-z0-9_]{0,39}$, unique per object type, immutable */
  key: z.string().trim().max(40),
  labelZh: label,
  labelEn: label,
  /** immutable */
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: fieldOptionsSchema.default({}),
  required: z.boolean().default(false),
  unique: z.boolean().default(false),
  validation: fieldValidationSchema.default({}),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  active: z.boolean().default(true),
});
export type CreateDefinitionInput = z.infer<typeof createDefinitionBody>;

export const updateDefinitionBody = z.strictObject({
  labelZh: label.optional(),
  labelEn: label.optional(),
  options: fieldOptionsSchema.optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  validation: fieldValidationSchema.optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  active: z.boolean().optional(),
  version: z.number().int().positive(),
});
export type UpdateDefinitionInput = z.infer<typeof updateDefinitionBody>;

export const deleteDefinitionQuery = z.object({ version: z.coerce.number().int().positive() });

export const reorderBody = z.strictObject({
  objectType: objectTypeSchema,
  /** the fields' ids in the new order (fields left out keep their place after these) */
  ids: z.array(z.guid()).min(1).max(500),
});
