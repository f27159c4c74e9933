import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { CustomFieldDef, CustomFieldObjectType } from '../../../core/custom-fields/types.js';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, contacts, customFieldDefinitions, customFieldValues, deals, departments, leads, users } from '../../platform/db/schema.js';

export type DefinitionRow = typeof customFieldDefinitions.$inferSelect;
export type ValueRow = typeof customFieldValues.$inferInsert;

/** The record table of each object type (custom_fields jsonb, org_id, id). */
export const RECORD_TABLES = { accounts, contacts, leads, deals } as const;

export function toDef(row: DefinitionRow): CustomFieldDef & { createdAt: Date; updatedAt: Date; version: number } {
  return {
    id: row.id,
    objectType: row.objectType as CustomFieldObjectType,
    key: row.key,
    labelZh: row.labelZh,
    labelEn: row.labelEn,
    type: row.type,
    options: row.options ?? {},
    required: row.required === 1,
    unique: row.unique === 1,
    validation: row.validation ?? {},
    sortOrder: row.sortOrder,
    active: row.active === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export const customFieldsRepository = {
  async listDefinitions(tx: DbExecutor, orgId: string, objectType: string): Promise<DefinitionRow[]> {
    return tx
      .select()
      .from(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.orgId, orgId), eq(customFieldDefinitions.objectType, objectType)))
      .orderBy(asc(customFieldDefinitions.sortOrder), asc(customFieldDefinitions.createdAt), asc(customFieldDefinitions.key));
  },

  async findDefinition(tx: DbExecutor, orgId: string, id: string): Promise<DefinitionRow | undefined> {
    const rows = await tx
      .select()
      .from(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.orgId, orgId), eq(customFieldDefinitions.id, id)))
      .limit(1);
    return rows[0];
  },

  async keyExists(tx: DbExecutor, orgId: string, objectType: string, key: string): Promise<boolean> {
    const rows = await tx
      .select({ id: customFieldDefinitions.id })
      .from(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.orgId, orgId), eq(customFieldDefinitions.objectType, objectType), eq(customFieldDefinitions.key, key)))
      .limit(1);
    return rows.length > 0;
  },

  async maxSortOrder(tx: DbExecutor, orgId: string, objectType: string): Promise<number> {
    const rows = await tx
      .select({ max: sql<number | null>`max(${customFieldDefinitions.sortOrder})` })
      .from(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.orgId, orgId), eq(customFieldDefinitions.objectType, objectType)));
    return Number(rows[0]?.max ?? 0);
  },

  async insertDefinition(tx: DbExecutor, row: typeof customFieldDefinitions.$inferInsert): Promise<void> {
    await tx.insert(customFieldDefinitions).values(row);
  },

  /** Optimistic update; false when the version is stale. */
  async updateDefinition(
    tx: DbExecutor,
    orgId: string,
    id: string,
    version: number,
    set: Partial<typeof customFieldDefinitions.$inferInsert>,
    meta: { actorId: string; now: Date },
  ): Promise<boolean> {
    const rows = await tx
      .update(customFieldDefinitions)
      .set({ ...set, version: sql`${customFieldDefinitions.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(customFieldDefinitions.orgId, orgId), eq(customFieldDefinitions.id, id), eq(customFieldDefinitions.version, version)))
      .returning({ id: customFieldDefinitions.id });
    return rows.length > 0;
  },

  async deleteDefinition(tx: DbExecutor, orgId: string, id: string, version: number): Promise<boolean> {
    const rows = await tx
      .delete(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.orgId, orgId), eq(customFieldDefinitions.id, id), eq(customFieldDefinitions.version, version)))
      .returning({ id: customFieldDefinitions.id });
    return rows.length > 0;
  },

  /** Which of these fields hold at least one value (of any record, live or in the recycle bin). */
  async fieldsWithValues(tx: DbExecutor, orgId: string, fieldIds: string[]): Promise<Set<string>> {
    if (fieldIds.length === 0) return new Set();
    const rows = await tx
      .selectDistinct({ fieldId: customFieldValues.fieldId })
      .from(customFieldValues)
      .where(and(eq(customFieldValues.orgId, orgId), inArray(customFieldValues.fieldId, fieldIds)));
    return new Set(rows.map((r) => r.fieldId));
  },

  /** True when two records share a value of the field (before making it unique). */
  async hasDuplicateValues(tx: DbExecutor, orgId: string, fieldId: string): Promise<boolean> {
    const rows = await tx
      .select({ n: sql<number>`count(distinct ${customFieldValues.recordId})::int` })
      .from(customFieldValues)
      .where(and(eq(customFieldValues.orgId, orgId), eq(customFieldValues.fieldId, fieldId)))
      .groupBy(customFieldValues.valueText, customFieldValues.valueNumber, customFieldValues.valueDate)
      .having(sql`count(distinct ${customFieldValues.recordId}) > 1`)
      .limit(1);
    return rows.length > 0;
  },

  /**
   * Whether another record already holds this value of the field. Takes a transaction-scoped advisory lock
   * on (org, field, value) first, so two concurrent writers of the same value serialize and the second sees
   * the first's row (no unique index can express per-field uniqueness).
   */
  async valueTaken(tx: DbExecutor, orgId: string, fieldId: string, match: SQL, lockKey: string, exceptRecordId: string | undefined): Promise<boolean> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`cf:${orgId}:${fieldId}:${lockKey}`}, 0))`);
    const rows = await tx
      .select({ recordId: customFieldValues.recordId })
      .from(customFieldValues)
      .where(
        and(
          eq(customFieldValues.orgId, orgId),
          eq(customFieldValues.fieldId, fieldId),
          match,
          exceptRecordId ? ne(customFieldValues.recordId, exceptRecordId) : undefined,
        ),
      )
      .limit(1);
    return rows.length > 0;
  },

  async activeUserIds(tx: DbExecutor, orgId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, ids), eq(users.status, 'active')));
    return new Set(rows.map((r) => r.id));
  },

  async departmentIds(tx: DbExecutor, orgId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.orgId, orgId), inArray(departments.id, ids)));
    return new Set(rows.map((r) => r.id));
  },

  /** Replaces the typed value rows of these fields of one record. */
  async replaceValues(tx: DbExecutor, orgId: string, objectType: string, recordId: string, fieldIds: string[], rows: ValueRow[]): Promise<void> {
    if (fieldIds.length === 0) return;
    await tx
      .delete(customFieldValues)
      .where(
        and(
          eq(customFieldValues.orgId, orgId),
          eq(customFieldValues.objectType, objectType),
          eq(customFieldValues.recordId, recordId),
          inArray(customFieldValues.fieldId, fieldIds),
        ),
      );
    if (rows.length) await tx.insert(customFieldValues).values(rows);
  },

  /** The record's custom_fields jsonb: removes `remove` keys, then sets `set`. */
  async updateRecordJson(
    tx: DbExecutor,
    objectType: CustomFieldObjectType,
    orgId: string,
    recordId: string,
    remove: string[],
    set: Record<string, unknown>,
  ): Promise<void> {
    // the three tables share these columns; typed as one of them for the query builder
    const t = RECORD_TABLES[objectType] as typeof accounts;
    const kept = remove.length ? sql`(${t.customFields} - array[${sql.join(remove.map((k) => sql`${k}`), sql`, `)}]::text[])` : sql`${t.customFields}`;
    await tx
      .update(t)
      .set({ customFields: sql`${kept} || ${JSON.stringify(set)}::jsonb` })
      .where(and(eq(t.orgId, orgId), eq(t.id, recordId)));
  },
};

export type CustomFieldsRepository = typeof customFieldsRepository;
