/**
 * The timeline of a deal or account (PRODUCT.md 4.4): follow-ups, stage moves, field changes, comments and
 * tasks in one feed, newest first, keyset-paginated with an opaque cursor. The parent must be visible to the
 * actor (404 otherwise); field changes of fields masked for the actor are left out (an event that changed only
 * such fields is not shown at all, so pages stay full).
 * Accounts show what is linked to the account itself (not the stage moves of its deals).
 */
import { hasPermission } from '../../../core/access/catalog.js';
import { decodeTimelineCursor, encodeTimelineCursor } from '../../../core/timeline/cursor.js';
import { maskChanges, maskedFields } from '../../platform/access/access.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import type { AuditChange } from '../../platform/db/schema.js';
import { httpErrors } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { findVisibleParent } from '../comments/comments.service.js';
import { timelineRepository, type TimelineRepository, type TimelineRow } from './timeline.repository.js';
import type { TimelineItemDto, TimelinePage, TimelineQueryInput } from './timeline.schemas.js';

/** Deal fields whose changes the feed shows as stage moves (deal_stage_history), not as field changes. */
const STAGE_FIELDS = ['stageKey', 'status', 'stageEnteredAt', 'lastUpdateAt', 'rottingSince'];

const cursorMessage = { 'zh-CN': '分页游标无效', en: 'is not a valid page cursor' };

/** ISO text with milliseconds from the microsecond key. */
const isoOf = (atKey: string) => `${atKey.slice(0, 23)}Z`;

export interface TimelineServiceDeps {
  database: Pick<Database, 'withTenant'>;
  repo?: TimelineRepository;
}

export function createTimelineService(deps: TimelineServiceDeps) {
  const repo = deps.repo ?? timelineRepository;

  return {
    async page(actor: Actor, query: TimelineQueryInput, locale: Locale): Promise<TimelinePage> {
      const after = query.cursor !== undefined ? decodeTimelineCursor(query.cursor) : undefined;
      if (after === null) throw httpErrors.VALIDATION_FAILED({}, [{ field: 'cursor', message: cursorMessage[locale] }]);
      const masked = maskedFields(query.objectType, actor.fieldMasks, 'detail').map((f) => f.key);
      const hidden = new Set([...masked, ...(query.objectType === 'deals' ? STAGE_FIELDS : [])]);
      const rows = await deps.database.withTenant(actor.orgId, async (tx) => {
        await findVisibleParent(tx, actor, query.objectType, query.recordId);
        return repo.page(tx, actor.orgId, {
          objectType: query.objectType,
          recordId: query.recordId.toLowerCase(),
          after,
          limit: query.limit + 1,
          includeActivities: hasPermission(actor.permissions, 'activities', 'view'),
          hiddenFields: [...hidden],
        });
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => toItem(actor, query.objectType, r, hidden)),
        nextCursor: rows.length > query.limit && last ? encodeTimelineCursor({ at: last.atKey, kind: last.kind, id: last.id }) : null,
      };
    },
  };
}

function toItem(actor: Actor, objectType: string, r: TimelineRow, hidden: ReadonlySet<string>): TimelineItemDto {
  let data = r.data;
  if (r.kind === 'field_change') {
    const changes = ((data.changes ?? []) as AuditChange[]).filter((c) => !hidden.has(c.field));
    // belt and braces: whatever is left goes through the access layer's masking too
    data = { ...data, changes: maskChanges(objectType, changes, actor.fieldMasks, 'detail') };
  }
  return { id: r.id, kind: r.kind, at: isoOf(r.atKey), actorId: r.actorId, actorName: r.actorName, data };
}

export type TimelineService = ReturnType<typeof createTimelineService>;
