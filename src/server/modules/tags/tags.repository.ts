import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, contacts, leads, recordTags, tags } from '../../platform/db/schema.js';
import type { TaggableObjectType } from './tags.schemas.js';

export const TAGGABLE_TABLES = { accounts, contacts, leads } as const;

export interface TagRow {
  id: string;
  name: string;
  color: string | null;
}

const tagColumns = { id: tags.id, name: tags.name, color: tags.color };

export const tagsRepository = {
  async list(tx: DbExecutor, orgId: string): Promise<(TagRow & { usage: number })[]> {
    const usage = sql<number>`(select count(*)::int from ${recordTags} rt where rt.org_id = ${tags.orgId} and rt.tag_id = ${tags.id})`;
    return tx.select({ ...tagColumns, usage }).from(tags).where(eq(tags.orgId, orgId)).orderBy(asc(tags.name));
  },

  async findById(tx: DbExecutor, orgId: string, id: string): Promise<TagRow | undefined> {
    return (await tx.select(tagColumns).from(tags).where(and(eq(tags.orgId, orgId), eq(tags.id, id))).limit(1))[0];
  },

  async findByName(tx: DbExecutor, orgId: string, name: string): Promise<TagRow | undefined> {
    return (await tx.select(tagColumns).from(tags).where(and(eq(tags.orgId, orgId), eq(tags.name, name))).limit(1))[0];
  },

  async insert(tx: DbExecutor, row: { orgId: string; id: string; name: string; color: string | null; createdBy: string; now: Date }): Promise<void> {
    await tx.insert(tags).values({ orgId: row.orgId, id: row.id, name: row.name, color: row.color, createdBy: row.createdBy, createdAt: row.now });
  },

  async update(tx: DbExecutor, orgId: string, id: string, set: { name?: string; color?: string | null }): Promise<boolean> {
    const rows = await tx.update(tags).set(set).where(and(eq(tags.orgId, orgId), eq(tags.id, id))).returning({ id: tags.id });
    return rows.length > 0;
  },

  async remove(tx: DbExecutor, orgId: string, id: string): Promise<boolean> {
    await tx.delete(recordTags).where(and(eq(recordTags.orgId, orgId), eq(recordTags.tagId, id)));
    const rows = await tx.delete(tags).where(and(eq(tags.orgId, orgId), eq(tags.id, id))).returning({ id: tags.id });
    return rows.length > 0;
  },

  async countExisting(tx: DbExecutor, orgId: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await tx.select({ n: count() }).from(tags).where(and(eq(tags.orgId, orgId), inArray(tags.id, ids)));
    return Number(rows[0]?.n ?? 0);
  },

  async tagsOf(tx: DbExecutor, orgId: string, objectType: string, recordId: string): Promise<TagRow[]> {
    return tx
      .select(tagColumns)
      .from(recordTags)
      .innerJoin(tags, and(eq(tags.orgId, recordTags.orgId), eq(tags.id, recordTags.tagId)))
      .where(and(eq(recordTags.orgId, orgId), eq(recordTags.objectType, objectType), eq(recordTags.recordId, recordId)))
      .orderBy(asc(tags.name));
  },

  /** The tags of many records at once (a list page), by record id. */
  async tagsOfRecords(tx: DbExecutor, orgId: string, objectType: string, recordIds: string[]): Promise<Map<string, TagRow[]>> {
    const out = new Map<string, TagRow[]>();
    if (recordIds.length === 0) return out;
    const rows = await tx
      .select({ recordId: recordTags.recordId, ...tagColumns })
      .from(recordTags)
      .innerJoin(tags, and(eq(tags.orgId, recordTags.orgId), eq(tags.id, recordTags.tagId)))
      .where(and(eq(recordTags.orgId, orgId), eq(recordTags.objectType, objectType), inArray(recordTags.recordId, recordIds)))
      .orderBy(asc(tags.name));
    for (const { recordId, ...tag } of rows) out.set(recordId, [...(out.get(recordId) ?? []), tag]);
    return out;
  },

  async replace(tx: DbExecutor, orgId: string, objectType: string, recordId: string, tagIds: string[], meta: { actorId: string; now: Date }): Promise<void> {
    await tx.delete(recordTags).where(and(eq(recordTags.orgId, orgId), eq(recordTags.objectType, objectType), eq(recordTags.recordId, recordId)));
    if (tagIds.length) {
      await tx.insert(recordTags).values(tagIds.map((tagId) => ({ orgId, objectType, recordId, tagId, createdBy: meta.actorId, createdAt: meta.now })));
    }
  },

  /** A live record of the type satisfying the scope condition. */
  async recordVisible(tx: DbExecutor, orgId: string, objectType: TaggableObjectType, id: string, scope: SQL | undefined): Promise<boolean> {
    const t = TAGGABLE_TABLES[objectType];
    const rows = await tx
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.orgId, orgId), eq(t.id, id), isNull(t.deletedAt), scope))
      .limit(1);
    return rows.length > 0;
  },
};

/** List condition (accounts, contacts, leads): the record carries the tag. Uses record_tags' primary key. */
export function taggedWith(objectType: TaggableObjectType, tagId: string): SQL {
  const t = TAGGABLE_TABLES[objectType];
  return sql`exists (select 1 from ${recordTags} rt where rt.org_id = ${t.orgId} and rt.object_type = ${objectType} and rt.record_id = ${t.id} and rt.tag_id = ${tagId}::uuid)`;
}
