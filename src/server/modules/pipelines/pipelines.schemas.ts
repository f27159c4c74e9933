import { z } from 'zod';
import type { StageDefinition } from '../../../core/pipelines/defaultPipeline.js';
import { MAX_STAGES, NAME_MAX, STAGE_KEY_MAX } from '../../../core/pipelines/pipelineValidation.js';

/** Shapes only; the rules of a usable pipeline (core/pipelines/pipelineValidation) are checked by the service. */
const localized = z.strictObject({ 'zh-CN': z.string().trim().max(NAME_MAX), en: z.string().trim().max(NAME_MAX) });

const days = z.number().int().min(0).max(365).nullable();

export const stageCriterionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('required_field'), field: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.literal('attachment'), attachmentKind: z.string().min(1).max(STAGE_KEY_MAX), label: localized }),
  z.strictObject({ kind: z.literal('min_effective_followups'), count: z.number().int().min(1).max(50) }),
]);

export const stageSchema = z.strictObject({
  key: z.string().min(1).max(STAGE_KEY_MAX),
  name: localized,
  probability: z.number().int().min(0).max(100),
  forecastCategory: z.enum(['pipeline', 'best_case', 'commit', 'closed', 'omitted']),
  type: z.enum(['open', 'won', 'lost']),
  expectedDays: days.default(null),
  rottingDays: days.default(null),
  entryCriteria: z.array(stageCriterionSchema).max(20).default([]),
  exitOutputs: z.array(localized).max(20).default([]),
});

// structurally a StageDefinition
const stagesSchema = z.array(stageSchema).max(MAX_STAGES * 2);
type _StagesMatch = z.infer<typeof stageSchema> extends StageDefinition ? (StageDefinition extends z.infer<typeof stageSchema> ? true : never) : never;
export const stagesMatchDefinition: _StagesMatch = true;

export const pipelineSchema = z.object({
  id: z.string(),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  allowSkip: z.boolean(),
  allowBackward: z.boolean(),
  isDefault: z.boolean(),
  active: z.boolean(),
  version: z.number().int(),
  stages: z.array(stageSchema),
});
export type PipelineDto = z.infer<typeof pipelineSchema>;

export const pipelineListSchema = z.object({ items: z.array(pipelineSchema) });

export const pipelineIdParams = z.object({ id: z.string().max(100) });

export const createPipelineBody = z.strictObject({
  name: localized,
  allowSkip: z.boolean().default(false),
  allowBackward: z.boolean().default(true),
  isDefault: z.boolean().default(false),
  active: z.boolean().default(true),
  stages: stagesSchema,
});
export type CreatePipelineInput = z.infer<typeof createPipelineBody>;

export const updatePipelineBody = z.strictObject({
  version: z.number().int().min(1),
  name: localized.optional(),
  allowSkip: z.boolean().optional(),
  allowBackward: z.boolean().optional(),
  isDefault: z.boolean().optional(),
  active: z.boolean().optional(),
  stages: stagesSchema.optional(),
});
export type UpdatePipelineInput = z.infer<typeof updatePipelineBody>;
