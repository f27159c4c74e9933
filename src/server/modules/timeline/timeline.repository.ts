/**
 * The timeline feed: ONE query, a UNION ALL of one arm per source, each arm reading the page through its own
 * index (newest first, the keyset condition pushed into the arm, LIMIT per arm), and the outer ORDER BY + LIMIT
 * merging at most `limit` rows per arm. Order: (at desc, kind desc, id desc), kind and id compared bytewise
 * (COLLATE "C") so the database and the cursor (core/timeline/cursor) agree.
 *
 * Arms and indexes: activities (activities_deal_idx / activities_account_idx), deal_stage_history
 * (deal_stage_history_deal_idx), audit_events (audit_events_record_idx), comments (comments_record_idx), tasks
 * created and tasks completed (tasks_deal_idx / tasks_account_idx).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { TimelineKind, TimelinePosition } from '../../../core/timeline/cursor.js';
import type { DbExecutor } from '../../platform/db/database.js';
import { activities, auditEvents, comments, dealStageHistory, tasks, users } from '../../platform/db/schema.js';

export interface TimelineRow {
  kind: TimelineKind;
  id: string;
  /** UTC text with microseconds (the cursor key) */
  atKey: string;
  actorId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
}

export interface TimelineQuery {
  objectType: 'deals' | 'accounts';
  recordId: string;
  /** rows strictly after this position */
  after?: TimelinePosition;
  limit: number;
  /** follow-ups only for those who may view activities */
  includeActivities: boolean;
  /** audit changes of these fields are not shown (masked for the actor, or shown as stage moves) */
  hiddenFields: readonly string[];
}

function rowsOf<R>(result: unknown): R[] {
  return Array.isArray(result) ? (result as R[]) : ((result as { rows: R[] }).rows ?? []);
}

export const timelineRepository = {
  async page(tx: DbExecutor, orgId: string, q: TimelineQuery): Promise<TimelineRow[]> {
    const n = q.limit;
    const isDeal = q.objectType === 'deals';
    /** the arm's keyset condition: an indexable bound on the time plus the exact row comparison */
    const after = (at: SQL, kind: TimelineKind, id: SQL): SQL =>
      q.after
        ? sql`and ${at} <= ${q.after.at}::timestamptz and (${at}, ${kind}::text collate "C", (${id}) collate "C") < (${q.after.at}::timestamptz, ${q.after.kind}::text collate "C", ${q.after.id}::text collate "C")`
        : sql``;

    const arms: SQL[] = [];
    if (q.includeActivities) {
      const link = isDeal ? sql`a.deal_id` : sql`a.account_id`;
      arms.push(sql`(select 'activity'::text as kind, a.id::text as id, a.occurred_at as at, coalesce(a.created_by, a.owner_id) as actor_id,
          jsonb_build_object('type', a.type, 'need', a.need, 'feedback', a.feedback, 'sentiment', a.sentiment, 'nextAction', a.next_action,
            'nextActionDate', a.next_action_date, 'notes', a.notes, 'durationSeconds', a.duration_seconds, 'effective', a.effective = 1,
            'ownerId', a.owner_id, 'dealId', a.deal_id, 'accountId', a.account_id) as data
        from ${activities} a
        where a.org_id = ${orgId} and ${link} = ${q.recordId} and a.deleted_at is null ${after(sql`a.occurred_at`, 'activity', sql`a.id::text`)}
        order by a.occurred_at desc, a.id::text collate "C" desc limit ${n})`);
    }
    if (isDeal) {
      arms.push(sql`(select 'stage_move'::text, h.id::text, h.moved_at, h.moved_by,
          jsonb_build_object('fromStage', h.from_stage, 'toStage', h.to_stage, 'pipelineId', h.pipeline_id,
            'secondsInPrevious', h.seconds_in_previous, 'via', h.via, 'criteriaWaived', h.criteria_waived = 1)
        from ${dealStageHistory} h
        where h.org_id = ${orgId} and h.deal_id = ${q.recordId} ${after(sql`h.moved_at`, 'stage_move', sql`h.id::text`)}
        order by h.moved_at desc, h.id::text collate "C" desc limit ${n})`);
    }
    const visibleChange = q.hiddenFields.length
      ? sql`exists (select 1 from jsonb_array_elements(e.changes) ch where ch->>'field' not in (${sql.join(q.hiddenFields.map((f) => sql`${f}`), sql`, `)}))`
      : sql`jsonb_array_length(e.changes) > 0`;
    arms.push(sql`(select 'field_change'::text, e.id::text, e.occurred_at, e.actor_id,
        jsonb_build_object('action', e.action, 'changes', e.changes, 'actorKind', e.actor_kind)
      from ${auditEvents} e
      where e.org_id = ${orgId} and e.object_type = ${q.objectType} and e.record_id = ${q.recordId} and e.action <> 'create' and ${visibleChange}
        ${after(sql`e.occurred_at`, 'field_change', sql`e.id::text`)}
      order by e.occurred_at desc, e.id::text collate "C" desc limit ${n})`);
    arms.push(sql`(select 'comment'::text, c.id::text, c.created_at, c.author_id, jsonb_build_object('body', c.body, 'mentions', c.mentions)
      from ${comments} c
      where c.org_id = ${orgId} and c.object_type = ${q.objectType} and c.record_id = ${q.recordId} and c.deleted_at is null
        ${after(sql`c.created_at`, 'comment', sql`c.id::text`)}
      order by c.created_at desc, c.id::text collate "C" desc limit ${n})`);
    const taskLink = isDeal ? sql`t.deal_id` : sql`t.account_id`;
    const taskData = (event: string) =>
      sql`jsonb_build_object('event', ${event}::text, 'taskId', t.id, 'title', t.title, 'status', t.status, 'dueDate', t.due_date, 'assigneeId', t.assignee_id, 'source', t.source)`;
    arms.push(sql`(select 'task'::text, t.id::text || ':created', t.created_at, coalesce(t.created_by, t.owner_id), ${taskData('created')}
      from ${tasks} t
      where t.org_id = ${orgId} and ${taskLink} = ${q.recordId} and t.deleted_at is null ${after(sql`t.created_at`, 'task', sql`t.id::text || ':created'`)}
      order by t.created_at desc, t.id::text || ':created' collate "C" desc limit ${n})`);
    arms.push(sql`(select 'task'::text, t.id::text || ':done', t.completed_at, t.completed_by, ${taskData('completed')}
      from ${tasks} t
      where t.org_id = ${orgId} and ${taskLink} = ${q.recordId} and t.deleted_at is null and t.completed_at is not null
        ${after(sql`t.completed_at`, 'task', sql`t.id::text || ':done'`)}
      order by t.completed_at desc, t.id::text || ':done' collate "C" desc limit ${n})`);

    const result = await tx.execute(sql`
      select f.kind, f.id, to_char(f.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_key, f.actor_id, u.display_name as actor_name, f.data
      from (${sql.join(arms, sql` union all `)}) as f(kind, id, at, actor_id, data)
      left join ${users} u on u.org_id = ${orgId} and u.id = f.actor_id
      order by f.at desc, f.kind collate "C" desc, f.id collate "C" desc
      limit ${n}`);
    return rowsOf<{ kind: TimelineKind; id: string; at_key: string; actor_id: string | null; actor_name: string | null; data: unknown }>(result).map((r) => ({
      kind: r.kind,
      id: r.id,
      atKey: r.at_key,
      actorId: r.actor_id,
      actorName: r.actor_name,
      data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
    }));
  },
};

export type TimelineRepository = typeof timelineRepository;
