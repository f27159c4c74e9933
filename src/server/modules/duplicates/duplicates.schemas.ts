import { z } from 'zod';
import { MATCH_KINDS } from '../../../core/duplicates/rules.js';

const objectType = z.enum(['accounts', 'contacts', 'leads']);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const duplicateProbeBody = z.strictObject({
  objectType,
  excludeId: z.guid().optional(),
  companyName: optionalText(200),
  phone: optionalText(50),
  mobile: optionalText(50),
  email: optionalText(254),
  creditCode: optionalText(50),
  /** contacts: the contact's account (its own phone/email are no duplicate) */
  accountId: z.guid().nullable().optional(),
});

const matchKind = z.enum(MATCH_KINDS as unknown as ['credit_code', 'name_exact', 'phone', 'email', 'name_fuzzy']);

export const duplicateMatchSchema = z.object({
  objectType,
  id: z.string(),
  matchedOn: matchKind,
  similarity: z.number().optional(),
  visible: z.boolean(),
  /** only when visible */
  name: z.string().optional(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  inPool: z.boolean(),
  poolName: z.string().nullable().optional(),
});

export const duplicateResultSchema = z.object({
  matches: z.array(duplicateMatchSchema),
  action: z.enum(['none', 'warn', 'block']),
  /** the sentence the web shows (in the request's language) */
  message: z.string(),
});

const ruleAction = z.enum(['block', 'warn', 'off']);
export const duplicateRulesSchema = z.strictObject({
  rules: z.strictObject({ credit_code: ruleAction, name_exact: ruleAction, name_fuzzy: ruleAction, phone: ruleAction, email: ruleAction }),
  fuzzyThreshold: z.number().min(0.1).max(1),
});

export const duplicateSettingsSchema = duplicateRulesSchema.extend({ version: z.number().int() });
export const putDuplicateSettingsBody = duplicateRulesSchema.extend({ version: z.number().int().min(0).optional() });

export const mergeAccountsBody = z.strictObject({
  targetId: z.guid(),
  sourceIds: z.array(z.guid()).min(1).max(20),
  /** field → the source account whose value the kept account takes (others keep the target's value);
   * fields: name, creditCode, phone, email, industry, address, website, notes, tier, cf.<key> */
  fieldChoices: z.record(z.string().max(60), z.guid()).optional(),
});
export type MergeAccountsInput = z.infer<typeof mergeAccountsBody>;

export const mergeResultSchema = z.object({
  targetId: z.string(),
  mergedIds: z.array(z.string()),
  /** references moved, per kind (contacts, leads, tags, shares, pool claims …) */
  moved: z.record(z.string(), z.number()),
});
