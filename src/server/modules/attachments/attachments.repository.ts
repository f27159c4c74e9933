/** SQL of attachments (附件): metadata rows, base64 contents, and the parent record for the access check. */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, attachmentContents, attachments, contacts, deals, leads, users } from '../../platform/db/schema.js';

/** Record types that carry attachments. */
export const PARENT_TABLES = { deals, accounts, contacts, leads } as const;
export type ParentType = keyof typeof PARENT_TABLES;

export interface AttachmentRow {
  id: string;
  objectType: string;
  recordId: string;
  kind: string;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: Date;
  createdBy: string | null;
  createdByName: string | null;
}

const columns = {
  id: attachments.id,
  objectType: attachments.objectType,
  recordId: attachments.recordId,
  kind: attachments.kind,
  fileName: attachments.fileName,
  contentType: attachments.contentType,
  size: attachments.size,
  createdAt: attachments.createdAt,
  createdBy: attachments.createdBy,
  createdByName: users.displayName,
};

export const attachmentsRepository = {
  /** The live parent record with its owner and department (for the scope rule). */
  async findParent(tx: DbExecutor, orgId: string, objectType: ParentType, recordId: string) {
    const t = PARENT_TABLES[objectType] as typeof deals;
    const rows = await tx
      .select({ id: t.id, ownerId: t.ownerId, departmentId: t.departmentId })
      .from(t)
      .where(and(eq(t.orgId, orgId), eq(t.id, recordId), isNull(t.deletedAt)))
      .limit(1);
    return rows[0];
  },

  async insert(tx: DbExecutor, row: Omit<AttachmentRow, 'createdByName'> & { orgId: string; data: string }): Promise<void> {
    const { data, ...meta } = row;
    await tx.insert(attachments).values(meta);
    await tx.insert(attachmentContents).values({ orgId: row.orgId, attachmentId: row.id, data });
  },

  async list(tx: DbExecutor, orgId: string, objectType: string, recordId: string): Promise<AttachmentRow[]> {
    return tx
      .select(columns)
      .from(attachments)
      .leftJoin(users, and(eq(users.orgId, attachments.orgId), eq(users.id, attachments.createdBy)))
      .where(and(eq(attachments.orgId, orgId), eq(attachments.objectType, objectType), eq(attachments.recordId, recordId), isNull(attachments.deletedAt)))
      .orderBy(asc(attachments.createdAt), asc(attachments.id));
  },

  async findById(tx: DbExecutor, orgId: string, id: string): Promise<AttachmentRow | undefined> {
    const rows = await tx
      .select(columns)
      .from(attachments)
      .leftJoin(users, and(eq(users.orgId, attachments.orgId), eq(users.id, attachments.createdBy)))
      .where(and(eq(attachments.orgId, orgId), eq(attachments.id, id), isNull(attachments.deletedAt)))
      .limit(1);
    return rows[0];
  },

  async content(tx: DbExecutor, orgId: string, id: string): Promise<string | undefined> {
    const rows = await tx
      .select({ data: attachmentContents.data })
      .from(attachmentContents)
      .where(and(eq(attachmentContents.orgId, orgId), eq(attachmentContents.attachmentId, id)))
      .limit(1);
    return rows[0]?.data;
  },

  async softDelete(tx: DbExecutor, orgId: string, id: string, meta: { actorId: string; now: Date }): Promise<boolean> {
    const rows = await tx
      .update(attachments)
      .set({ deletedAt: meta.now, deletedBy: meta.actorId })
      .where(and(eq(attachments.orgId, orgId), eq(attachments.id, id), isNull(attachments.deletedAt)))
      .returning({ id: attachments.id });
    return rows.length > 0;
  },

  /** Frees the bytes of a deleted attachment (the metadata row stays for the history). */
  async dropContent(tx: DbExecutor, orgId: string, id: string): Promise<void> {
    await tx.delete(attachmentContents).where(and(eq(attachmentContents.orgId, orgId), eq(attachmentContents.attachmentId, id)));
  },

  /** number of live attachments of a record (tests, limits) */
  async count(tx: DbExecutor, orgId: string, objectType: string, recordId: string): Promise<number> {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(attachments)
      .where(and(eq(attachments.orgId, orgId), eq(attachments.objectType, objectType), eq(attachments.recordId, recordId), isNull(attachments.deletedAt)));
    return Number(row?.n ?? 0);
  },
};
