import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, comments, deals, roles, users, type DataScope } from '../../platform/db/schema.js';
import type { CommentObjectType } from './comments.schemas.js';

/** A record comments and timelines hang on. */
export interface ParentRecord {
  id: string;
  name: string;
  ownerId: string | null;
  departmentId: string | null;
}

export interface CommentRow {
  id: string;
  objectType: string;
  recordId: string;
  body: string;
  mentions: string[];
  authorId: string;
  authorName: string | null;
  createdAt: Date;
  deletedAt: Date | null;
  /** created_at as UTC text with microseconds (cursor key) */
  sortKey: string;
}

export interface MentionCandidate {
  id: string;
  orgId: string;
  displayName: string;
  departmentId: string | null;
  dataScope: DataScope;
  locale: string | null;
}

const tsKey = sql<string>`to_char(${comments.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const commentColumns = {
  id: comments.id,
  objectType: comments.objectType,
  recordId: comments.recordId,
  body: comments.body,
  mentions: comments.mentions,
  authorId: comments.authorId,
  authorName: users.displayName,
  createdAt: comments.createdAt,
  deletedAt: comments.deletedAt,
  sortKey: tsKey,
};

export const commentsRepository = {
  /** The live deal or account (no scope: callers check it with platform/access). */
  async findParent(tx: DbExecutor, orgId: string, objectType: CommentObjectType, id: string): Promise<ParentRecord | undefined> {
    const t = objectType === 'deals' ? deals : accounts;
    const rows = await tx
      .select({ id: t.id, name: t.name, ownerId: t.ownerId, departmentId: t.departmentId })
      .from(t)
      .where(and(eq(t.orgId, orgId), eq(t.id, id), isNull(t.deletedAt)))
      .limit(1);
    return rows[0];
  },

  /** Active users among the ids, with what their data scope needs (role scope, department) and their language. */
  async mentionCandidates(tx: DbExecutor, orgId: string, ids: string[]): Promise<MentionCandidate[]> {
    if (ids.length === 0) return [];
    return tx
      .select({ id: users.id, orgId: users.orgId, displayName: users.displayName, departmentId: users.departmentId, dataScope: roles.dataScope, locale: users.locale })
      .from(users)
      .innerJoin(roles, and(eq(roles.orgId, users.orgId), eq(roles.id, users.roleId)))
      .where(and(eq(users.orgId, orgId), inArray(users.id, ids), eq(users.status, 'active')));
  },

  async insert(
    tx: DbExecutor,
    row: { orgId: string; id: string; objectType: string; recordId: string; body: string; mentions: string[]; authorId: string; now: Date },
  ): Promise<void> {
    const { now, ...values } = row;
    await tx.insert(comments).values({ ...values, createdAt: now, updatedAt: now });
  },

  /** Live comments of a record, newest first, keyset on (created_at, id). */
  async list(
    tx: DbExecutor,
    orgId: string,
    objectType: string,
    recordId: string,
    opts: { after?: { key: string; id: string }; limit: number },
  ): Promise<CommentRow[]> {
    return tx
      .select(commentColumns)
      .from(comments)
      .leftJoin(users, and(eq(users.orgId, comments.orgId), eq(users.id, comments.authorId)))
      .where(
        and(
          eq(comments.orgId, orgId),
          eq(comments.objectType, objectType),
          eq(comments.recordId, recordId),
          isNull(comments.deletedAt),
          opts.after ? sql`(${comments.createdAt}, ${comments.id}) < (${opts.after.key}::timestamptz, ${opts.after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(comments.createdAt), desc(comments.id))
      .limit(opts.limit);
  },

  async findById(tx: DbExecutor, orgId: string, id: string): Promise<CommentRow | undefined> {
    const rows = await tx
      .select(commentColumns)
      .from(comments)
      .leftJoin(users, and(eq(users.orgId, comments.orgId), eq(users.id, comments.authorId)))
      .where(and(eq(comments.orgId, orgId), eq(comments.id, id), isNull(comments.deletedAt)))
      .limit(1);
    return rows[0];
  },

  /** Soft delete; false when it was already deleted. */
  async softDelete(tx: DbExecutor, orgId: string, id: string, now: Date): Promise<boolean> {
    const rows = await tx
      .update(comments)
      .set({ deletedAt: now, updatedAt: now })
      .where(and(eq(comments.orgId, orgId), eq(comments.id, id), isNull(comments.deletedAt)))
      .returning({ id: comments.id });
    return rows.length > 0;
  },
};

export type CommentsRepository = typeof commentsRepository;
