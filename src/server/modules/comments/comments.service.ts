/**
 * Comments with @mentions on deals and accounts (PRODUCT.md 4.11). The parent record must be visible to the
 * actor (platform/access; 404 otherwise). Mentions come from the `mentions` field and from `@[Name](userId)`
 * tokens in the body; each mentioned user — active, able to see the record, not the author — gets one
 * `comment.mention` notification per comment, in the comment's transaction.
 *
 * A comment is NOT an update of the deal for rotting (deals.lastUpdateAt): the product counts a follow-up
 * logged, a stage move or a field edit (PRODUCT.md 4.3, 4.10) — progress with the customer. Talking about a
 * deal internally is not progress, and counting it would let a stale deal hide by being commented on.
 */
import { randomUUID } from 'node:crypto';
import { hasPermission, tokenScopeAllows } from '../../../core/access/catalog.js';
import { CURSOR_TIMESTAMP_RE, decodeCursor, encodeCursor, isUuid } from '../../../core/pagination/cursor.js';
import { mentionedUserIds } from '../../../core/timeline/cursor.js';
import { canSeeRecord, loadAccessScope } from '../../platform/access/access.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors, interpolate, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { notificationsService } from '../notifications/notifications.service.js';
import { commentErrors, commentMessages } from './comments.errors.js';
import { commentsRepository, type CommentRow, type CommentsRepository, type ParentRecord } from './comments.repository.js';
import type { CommentDto, CommentObjectType, CreateCommentInput, ListCommentsQuery } from './comments.schemas.js';

export const MENTION_NOTIFICATION_KIND = 'comment.mention';

export interface CommentsServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
  repo?: CommentsRepository;
  notify?: (typeof notificationsService)['notify'];
}

/** The deal or account if the actor may see it (data scope or a share, e.g. deal team); else 404 RECORD_NOT_FOUND. */
export async function findVisibleParent(
  tx: DbExecutor,
  actor: Actor,
  objectType: CommentObjectType,
  id: string,
  repo: Pick<CommentsRepository, 'findParent'> = commentsRepository,
): Promise<ParentRecord> {
  if (!isUuid(id)) throw commentErrors.RECORD_NOT_FOUND();
  const parent = await repo.findParent(tx, actor.orgId, objectType, id);
  if (!parent || !(await canSeeRecord(tx, await loadAccessScope(tx, actor), objectType, parent))) throw commentErrors.RECORD_NOT_FOUND();
  return parent;
}

const toDto = (row: CommentRow): CommentDto => ({
  id: row.id,
  objectType: row.objectType as CommentObjectType,
  recordId: row.recordId,
  body: row.body,
  mentions: row.mentions,
  authorId: row.authorId,
  authorName: row.authorName,
  createdAt: row.createdAt.toISOString(),
});

/** The body as a notification shows it: tokens become `@Name`, at most 200 characters. */
function preview(body: string): string {
  const text = body.replace(/@\[([^\]\n]{1,100})\]\([0-9a-fA-F-]{36}\)/g, '@$1').replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

const localeOf = (l: string | null): Locale => (l === 'en' ? 'en' : 'zh-CN');

export function createCommentsService(deps: CommentsServiceDeps) {
  const repo = deps.repo ?? commentsRepository;
  const notify = deps.notify ?? notificationsService.notify;

  return {
    async list(actor: Actor, query: ListCommentsQuery, locale: Locale): Promise<{ items: CommentDto[]; nextCursor: string | null }> {
      let after: { key: string; id: string } | undefined;
      if (query.cursor !== undefined) {
        const c = decodeCursor(query.cursor, { sort: 'createdAt', order: 'desc', validKey: (k) => CURSOR_TIMESTAMP_RE.test(k) });
        if (!c) throw httpErrors.VALIDATION_FAILED({}, [{ field: 'cursor', message: commentMessages.cursor[locale] }]);
        after = { key: c.key, id: c.id };
      }
      const rows = await deps.database.withTenant(actor.orgId, async (tx) => {
        await findVisibleParent(tx, actor, query.objectType, query.recordId, repo);
        return repo.list(tx, actor.orgId, query.objectType, query.recordId, { after, limit: query.limit + 1 });
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toDto),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ sort: 'createdAt', order: 'desc', key: last.sortKey, id: last.id }) : null,
      };
    },

    async create(actor: Actor, input: CreateCommentInput, locale: Locale): Promise<CommentDto> {
      const explicit = (input.mentions ?? []).map((id) => id.toLowerCase());
      const fromBody = mentionedUserIds(input.body);
      const row = await deps.database.withTenant(actor.orgId, async (tx) => {
        const parent = await findVisibleParent(tx, actor, input.objectType, input.recordId, repo);
        // who may be mentioned: active users of the organization who can see the record
        const wanted = [...new Set([...explicit, ...fromBody])].filter((id) => id !== actor.userId);
        const candidates = await repo.mentionCandidates(tx, actor.orgId, wanted);
        const allowed = new Map<string, (typeof candidates)[number]>();
        for (const c of candidates) {
          const scope = await loadAccessScope(tx, { orgId: c.orgId, userId: c.id, dataScope: c.dataScope, departmentId: c.departmentId });
          if (await canSeeRecord(tx, scope, input.objectType, parent)) allowed.set(c.id, c);
        }
        const errors: FieldError[] = [];
        explicit.forEach((id, i) => {
          if (id !== actor.userId && !allowed.has(id)) errors.push({ field: `mentions.${i}`, message: commentMessages.mention[locale] });
        });
        if (fromBody.some((id) => id !== actor.userId && !allowed.has(id))) errors.push({ field: 'body', message: commentMessages.mention[locale] });
        if (errors.length) throw httpErrors.VALIDATION_FAILED({}, errors);

        const id = randomUUID();
        const mentions = wanted.filter((u) => allowed.has(u));
        await repo.insert(tx, { orgId: actor.orgId, id, objectType: input.objectType, recordId: parent.id, body: input.body, mentions, authorId: actor.userId, now: deps.clock.now() });
        const link = `/${input.objectType}/${parent.id}`;
        const body = preview(input.body);
        for (const userId of mentions) {
          const l = localeOf(allowed.get(userId)!.locale);
          await notify(tx, {
            orgId: actor.orgId,
            userId,
            kind: MENTION_NOTIFICATION_KIND,
            title: interpolate(commentMessages.mentionTitle[l], { author: actor.displayName, record: parent.name }),
            body,
            link,
          });
        }
        return (await repo.findById(tx, actor.orgId, id))!;
      });
      return toDto(row);
    },

    /** Soft-deletes the actor's own comment on a record they can still see. */
    async remove(actor: Actor, id: string): Promise<void> {
      await deps.database.withTenant(actor.orgId, async (tx) => {
        if (!isUuid(id)) throw commentErrors.COMMENT_NOT_FOUND();
        const row = await repo.findById(tx, actor.orgId, id);
        const objectType = row?.objectType as CommentObjectType | undefined;
        if (!row || !objectType || !hasPermission(actor.permissions, objectType, 'view')) throw commentErrors.COMMENT_NOT_FOUND();
        const parent = await repo.findParent(tx, actor.orgId, objectType, row.recordId);
        if (!parent || !(await canSeeRecord(tx, await loadAccessScope(tx, actor), objectType, parent))) throw commentErrors.COMMENT_NOT_FOUND();
        if (actor.tokenScopes && !tokenScopeAllows(actor.tokenScopes, objectType, 'edit')) throw httpErrors.FORBIDDEN();
        if (row.authorId !== actor.userId) throw commentErrors.COMMENT_NOT_AUTHOR();
        await repo.softDelete(tx, actor.orgId, id, deps.clock.now());
      });
    },
  };
}

export type CommentsService = ReturnType<typeof createCommentsService>;
