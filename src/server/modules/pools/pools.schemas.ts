import { z } from 'zod';
import { DEFAULT_POOL_RULES, type PoolRules } from '../../../core/pools/rules.js';

const days = z.number().int().min(1).max(3650);

/** N days per tier: `default` plus any tier (A, B, C, or configured ones) that differs. */
const tierDays = z
  .object({ default: days })
  .catchall(days)
  .refine((v) => Object.keys(v).every((k) => k.length <= 20), { message: 'tier keys are at most 20 characters' });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The rules of a pool (PRODUCT.md 4.2), stored as pools.rules. */
export const poolRulesSchema = z.strictObject({
  reclaim: z.strictObject({
    /** N days without an effective follow-up; null: off */
    idleDays: tierDays.nullable().default(DEFAULT_POOL_RULES.reclaim.idleDays),
    /** N days without a deal; null: off */
    noDealDays: tierDays.nullable().default(null),
    /** N days without a win; null: off */
    noWinDays: tierDays.nullable().default(null),
    exemptWon: z.boolean().default(true),
    exemptLocked: z.boolean().default(true),
  }),
  reminderDays: z.number().int().min(0).max(30).default(DEFAULT_POOL_RULES.reminderDays),
  claimCapPerDay: z.number().int().min(0).max(10_000).nullable().default(DEFAULT_POOL_RULES.claimCapPerDay),
  cooldownDays: z.number().int().min(0).max(3650).default(DEFAULT_POOL_RULES.cooldownDays),
  holdingCap: z.number().int().min(0).max(1_000_000).nullable().default(DEFAULT_POOL_RULES.holdingCap),
  timeZone: z.string().max(64).refine(isTimeZone, { message: 'must be an IANA time zone' }).default(DEFAULT_POOL_RULES.timeZone),
}) satisfies z.ZodType<PoolRules, unknown>;

/** Rules as stored, tolerating older or partial documents (missing keys take the defaults). */
export function parseStoredRules(value: unknown): PoolRules {
  const merged = {
    ...DEFAULT_POOL_RULES,
    ...(value as object),
    reclaim: { ...DEFAULT_POOL_RULES.reclaim, ...((value as { reclaim?: object } | null)?.reclaim ?? {}) },
  };
  const parsed = poolRulesSchema.safeParse(merged);
  return parsed.success ? (parsed.data as PoolRules) : DEFAULT_POOL_RULES;
}

export const poolSchema = z.object({
  id: z.string(),
  name: z.string(),
  rules: poolRulesSchema,
  departmentIds: z.array(z.string()),
  isDefault: z.boolean(),
  active: z.boolean(),
  /** customers in the pool now */
  accountCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type PoolDto = z.infer<typeof poolSchema>;

export const poolListSchema = z.object({ items: z.array(poolSchema) });

export const poolIdParams = z.object({ poolId: z.string().max(100) });
export const accountIdParams = z.object({ id: z.string().max(100) });

export const createPoolBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  rules: poolRulesSchema,
  departmentIds: z.array(z.guid()).max(500).default([]),
  isDefault: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type CreatePoolInput = z.infer<typeof createPoolBody>;

export const updatePoolBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  rules: poolRulesSchema.optional(),
  departmentIds: z.array(z.guid()).max(500).optional(),
  /** true makes this the default pool (the previous default stops being one); false is refused on the default pool */
  isDefault: z.boolean().optional(),
  active: z.boolean().optional(),
  version: z.number().int().positive(),
});
export type UpdatePoolInput = z.infer<typeof updatePoolBody>;

const accountIds = z.array(z.guid()).min(1).max(200);

export const claimBody = z.strictObject({ accountIds });
export const assignBody = z.strictObject({ accountIds, userId: z.guid() });
export const releaseBody = z.strictObject({
  /** the pool to release into; default: the pool of the account's department */
  poolId: z.guid().optional(),
  reason: z.string().trim().min(1).max(500),
  version: z.number().int().positive().optional(),
});
export type ReleaseInput = z.infer<typeof releaseBody>;

export const poolActionResult = z.object({
  /** the accounts that moved */
  accountIds: z.array(z.string()),
});
