import { z } from 'zod';
import { STRUCTURED_FIELDS } from '../../../core/activities/settings.js';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

export const checkInSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  address: z.string().trim().max(500).optional(),
  /** when the check-in was taken (ISO); default: when it was logged */
  at: z.iso.datetime({ offset: true }).optional(),
});

/** Structured content of a follow-up (required per type by the settings). */
const contentFields = {
  need: optionalText(2000),
  feedback: optionalText(2000),
  sentiment: z.enum(SENTIMENTS).nullable().optional(),
  nextAction: optionalText(500),
  nextActionDate: dateString.nullable().optional(),
  notes: optionalText(5000),
  durationSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
  checkIn: checkInSchema.nullable().optional(),
  contactIds: z.array(z.guid()).max(50).optional(),
};

export const createActivityBody = z.strictObject({
  type: z.string().trim().min(1).max(30),
  /** default: now; back-dated is allowed, the future is not */
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  accountId: z.guid().optional(),
  dealId: z.guid().optional(),
  ...contentFields,
});
export type CreateActivityInput = z.infer<typeof createActivityBody>;

export const updateActivityBody = z.strictObject({
  type: z.string().trim().min(1).max(30).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  ...contentFields,
  version: z.number().int().positive(),
});
export type UpdateActivityInput = z.infer<typeof updateActivityBody>;

export const activitySchema = z.object({
  id: z.string(),
  type: z.string(),
  typeName: z.string(),
  occurredAt: z.string(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  dealId: z.string().nullable(),
  dealName: z.string().nullable(),
  contactIds: z.array(z.string()),
  need: z.string().nullable(),
  feedback: z.string().nullable(),
  sentiment: z.enum(SENTIMENTS).nullable(),
  nextAction: z.string().nullable(),
  nextActionDate: z.string().nullable(),
  notes: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
  checkIn: z.record(z.string(), z.unknown()).nullable(),
  /** effective follow-up (有效跟进) under the rule when it was logged or last edited */
  effective: z.boolean(),
  /** why it is not effective (messages in the request language), on create and edit responses */
  ineffectiveReasons: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  departmentId: z.string().nullable(),
  /** the next-action task created from this follow-up */
  taskId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ActivityDto = z.infer<typeof activitySchema>;

export const activityIdParams = z.object({ id: z.string().max(100) });

export const listActivitiesQuery = z.object({
  accountId: z.guid().optional(),
  dealId: z.guid().optional(),
  ownerId: z.guid().optional(),
  type: z.string().max(30).optional(),
  effective: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListActivitiesQuery = z.infer<typeof listActivitiesQuery>;

export const activityPageSchema = z.object({ items: z.array(activitySchema), nextCursor: z.string().nullable() });

// ---- settings (GET/PUT /settings/activities) ----

const localizedName = z.strictObject({ 'zh-CN': z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(40) });
const limit = z.number().int().min(0).max(100_000).nullable();

export const effectiveRuleSchema = z.strictObject({
  minDurationSeconds: limit,
  requireCheckIn: z.boolean(),
  minTextChars: limit,
});

export const activitySettingsValue = z.strictObject({
  types: z
    .array(
      z.strictObject({
        key: z.string().max(30),
        name: localizedName,
        active: z.boolean(),
        required: z.array(z.enum(STRUCTURED_FIELDS)).max(3),
      }),
    )
    .min(1)
    .max(30),
  effective: z.strictObject({
    default: effectiveRuleSchema,
    byType: z.record(z.string().max(30), effectiveRuleSchema.partial()),
  }),
  negativeFeedbackTaskForManager: z.boolean(),
  reminderTime: z.string().max(5),
  timeZone: z.string().max(64),
});

export const activitySettingsBody = activitySettingsValue.extend({ version: z.number().int().min(0).optional() });
export type ActivitySettingsInput = z.infer<typeof activitySettingsBody>;

export const activitySettingsSchema = activitySettingsValue.extend({ version: z.number().int() });
