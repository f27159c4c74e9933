import { z } from 'zod';
import { TIMELINE_KINDS } from '../../../core/timeline/cursor.js';

export const timelineQuery = z.object({
  objectType: z.enum(['deals', 'accounts']),
  recordId: z.guid(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type TimelineQueryInput = z.infer<typeof timelineQuery>;

export const timelineItemSchema = z.object({
  /** unique within its kind: a uuid, an audit event number, or `<task id>:created|done` */
  id: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  /**
   * activity: { type, need, feedback, sentiment, nextAction, nextActionDate, notes, durationSeconds, effective, ownerId, dealId, accountId }
   * stage_move: { fromStage, toStage, pipelineId, secondsInPrevious, via, criteriaWaived }
   * field_change: { action, changes: [{ field, old, new }], actorKind } (fields masked for the caller are left out)
   * comment: { body, mentions }
   * task: { event: 'created'|'completed', taskId, title, status, dueDate, assigneeId, source }
   */
  data: z.record(z.string(), z.unknown()),
});
export type TimelineItemDto = z.infer<typeof timelineItemSchema>;

export const timelinePageSchema = z.object({ items: z.array(timelineItemSchema), nextCursor: z.string().nullable() });
export type TimelinePage = z.infer<typeof timelinePageSchema>;
