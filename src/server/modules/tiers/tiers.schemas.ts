import { z } from 'zod';
import { TIER_OPS } from '../../../core/tiers/evaluate.js';

/** Standard account fields a tier condition may name; `cf.<key>` names a custom field; computed fields are in tiers.facts.ts. */
export const TIER_STANDARD_FIELDS = ['name', 'industry', 'creditCode', 'phone', 'email', 'address', 'website', 'ownerId', 'departmentId', 'createdAt', 'inPool'] as const;

const conditionValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null(), z.array(z.union([z.string().max(200), z.number()])).max(100)]);

export const tierDefinitionSchema = z.strictObject({
  key: z.string().regex(/^[A-Z0-9][A-Z0-9_]{0,7}$/),
  labelZh: z.string().trim().min(1).max(40),
  labelEn: z.string().trim().min(1).max(40),
  color: z.string().trim().max(30),
});

export const tierConditionSchema = z.strictObject({
  field: z.string().regex(/^(cf\.[a-z][a-z0-9_]{0,39}|[a-zA-Z][a-zA-Z0-9]{0,39})$/),
  op: z.enum(TIER_OPS as unknown as ['gte', 'lte', 'eq', 'in', 'contains']),
  value: conditionValue,
});

export const tierSettingsBody = z.strictObject({
  tiers: z.array(tierDefinitionSchema).min(1).max(10),
  rules: z.array(z.strictObject({ tier: z.string().max(8), conditions: z.array(tierConditionSchema).max(10) })).max(50),
  version: z.number().int().min(0).optional(),
});
export type TierSettingsInput = z.infer<typeof tierSettingsBody>;

export const tierSettingsSchema = z.object({
  tiers: z.array(tierDefinitionSchema),
  rules: z.array(z.object({ tier: z.string(), conditions: z.array(tierConditionSchema) })),
  /** fields a condition may name besides `cf.<key>` */
  fields: z.array(z.string()),
  version: z.number().int(),
});

export const applyTiersResult = z.object({ examined: z.number().int(), changed: z.number().int() });

/** PUT /settings/tiers: the saved settings and the recompute it ran. */
export const savedTierSettingsSchema = tierSettingsSchema.extend({ applied: applyTiersResult });
