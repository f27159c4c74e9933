import { http, type Id } from '../../lib/api';

export type TimelineObjectType = 'deals' | 'accounts';
export type TimelineKind = 'activity' | 'stage_move' | 'field_change' | 'comment' | 'task';

export interface TimelineItem {
  /** unique within its kind */
  id: string;
  kind: TimelineKind;
  at: string;
  actorId: Id | null;
  actorName: string | null;
  /**
   * activity: { type, need, feedback, sentiment, nextAction, nextActionDate, notes, durationSeconds, effective, ownerId, dealId, accountId }
   * stage_move: { fromStage, toStage, pipelineId, secondsInPrevious, via, criteriaWaived }
   * field_change: { action, changes: [{ field, old, new }], actorKind }
   * comment: { body, mentions }
   * task: { event: 'created'|'completed', taskId, title, status, dueDate, assigneeId, source }
   */
  data: Record<string, unknown>;
}

export interface TimelinePage {
  items: TimelineItem[];
  nextCursor: string | null;
}

export const timelineApi = {
  list: (objectType: TimelineObjectType, recordId: Id, cursor?: string) =>
    http.get<TimelinePage>('/timeline', { objectType, recordId, cursor, limit: 20 }),
};

export const timelineKeys = {
  all: ['timeline'] as const,
  record: (objectType: TimelineObjectType, recordId: Id) => ['timeline', objectType, recordId] as const,
};
