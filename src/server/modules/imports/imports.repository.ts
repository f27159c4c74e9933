/**
 * SQL of imports: jobs, stored file chunks, row problems, saved mappings, and the set-based reads and
 * writes of records an import batch does (one statement per kind per batch: `= any($1)` lookups, `unnest`
 * bulk inserts and updates).
 */
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import { accounts, customFieldValues, importFileChunks, importJobs, importMappings, importRowProblems, roles, users, type ImportStatus } from '../../platform/db/schema.js';
import type { AuditEventInput } from '../../platform/audit/audit.repository.js';
import type { DataScope } from '../../../core/access/catalog.js';
import type { CustomFieldValueRow } from './imports.ports.js';

export type ImportJobRow = typeof importJobs.$inferSelect;

export interface ProblemInsert {
  rowNumber: number;
  severity: 'error' | 'warning';
  problems: Record<string, unknown>[];
  raw: Record<string, unknown>;
}

export type ImportTable = 'accounts' | 'contacts' | 'leads' | 'deals';

/** The key kinds a row can duplicate a record by (each on an `(org_id, key)` index of its table). */
export type LookupKind = 'externalId' | 'nameKey' | 'companyKey' | 'creditCode' | 'mobile' | 'phone' | 'email';

/** A record as an import writes it: its id, the table's import columns (by camelCase key) and its custom fields. */
export interface RecordValues {
  id: string;
  customFields: Record<string, unknown>;
  [column: string]: unknown;
}

/** A record as an import reads it before an update (locked). */
export interface ExistingRecord extends RecordValues {
  ownerId: string | null;
  departmentId: string | null;
  deletedAt: Date | null;
  version: number;
}

interface ColumnDef {
  key: string;
  column: string;
  type: 'text' | 'uuid';
}

const col = (key: string, type: ColumnDef['type'] = 'text'): ColumnDef => ({ key, column: key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), type });

/**
 * Per record table: the columns an import inserts and updates (besides id, custom_fields and the bookkeeping
 * columns), and the column (expression) of each duplicate key kind — the expressions of the tables' indexes.
 */
const TABLES: Record<ImportTable, { columns: readonly ColumnDef[]; lookup: Partial<Record<LookupKind, string>>; ownerAssignedAt: boolean }> = {
  accounts: {
    columns: ['name', 'nameKey', 'creditCode', 'phone', 'email', 'industry', 'address', 'website', 'notes', 'externalId'].map((k) => col(k)),
    lookup: { externalId: 'external_id', nameKey: 'name_key', creditCode: 'credit_code', phone: 'phone', email: 'lower(email)' },
    ownerAssignedAt: true,
  },
  contacts: {
    columns: [col('accountId', 'uuid'), ...['name', 'title', 'mobile', 'phone', 'email', 'wechat', 'notes', 'externalId'].map((k) => col(k))],
    lookup: { externalId: 'external_id', mobile: 'mobile', email: 'lower(email)' },
    ownerAssignedAt: false,
  },
  leads: {
    columns: ['name', 'companyName', 'companyKey', 'title', 'mobile', 'phone', 'email', 'source', 'notes', 'externalId'].map((k) => col(k)),
    lookup: { externalId: 'external_id', mobile: 'mobile', email: 'lower(email)', companyKey: 'company_key' },
    ownerAssignedAt: false,
  },
  // deals are written by imports.deals.ts; only their external id is looked up here
  deals: {
    columns: ['name', 'product', 'externalId'].map((k) => col(k)),
    lookup: { externalId: 'external_id' },
    ownerAssignedAt: false,
  },
};

/** The columns (camelCase keys) an import writes to records of `table`. */
export const importColumns = (table: ImportTable): string[] => TABLES[table].columns.map((c) => c.key);

/** The key kinds duplicates of `table` are looked up by. */
export const lookupKinds = (table: ImportTable): LookupKind[] => Object.keys(TABLES[table].lookup) as LookupKind[];

const rowsOf = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? (result as T[]));

export const importsRepository = {
  async insertJob(tx: DbExecutor, row: typeof importJobs.$inferInsert): Promise<void> {
    await tx.insert(importJobs).values(row);
  },

  async getJob(tx: DbExecutor, orgId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<ImportJobRow | undefined> {
    const q = tx.select().from(importJobs).where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, id))).limit(1);
    const rows = opts.forUpdate ? await q.for('update') : await q;
    return rows[0];
  },

  async listJobs(tx: DbExecutor, orgId: string, opts: { limit: number; before?: Date; objectType?: string }) {
    return tx
      .select({ job: importJobs, createdByName: users.displayName })
      .from(importJobs)
      .leftJoin(users, and(eq(users.orgId, importJobs.orgId), eq(users.id, importJobs.createdBy)))
      .where(
        and(
          eq(importJobs.orgId, orgId),
          opts.before ? lt(importJobs.createdAt, opts.before) : undefined,
          opts.objectType ? eq(importJobs.objectType, opts.objectType) : undefined,
        ),
      )
      .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
      .limit(opts.limit);
  },

  async updateJob(tx: DbExecutor, orgId: string, id: string, set: Partial<typeof importJobs.$inferInsert>): Promise<void> {
    await tx
      .update(importJobs)
      .set({ ...set, version: sql`${importJobs.version} + 1` })
      .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, id)));
  },

  /** Advances the counters and the committed row count of a batch (in the batch's transaction). */
  async advance(
    tx: DbExecutor,
    orgId: string,
    id: string,
    d: { processed: number; created: number; updated: number; skipped: number; failed: number; committedRows: number; totalRows: number | null; now: Date },
  ): Promise<void> {
    await tx
      .update(importJobs)
      .set({
        processedRows: sql`${importJobs.processedRows} + ${d.processed}`,
        createdRows: sql`${importJobs.createdRows} + ${d.created}`,
        updatedRows: sql`${importJobs.updatedRows} + ${d.updated}`,
        skippedRows: sql`${importJobs.skippedRows} + ${d.skipped}`,
        failedRows: sql`${importJobs.failedRows} + ${d.failed}`,
        committedRows: d.committedRows,
        totalRows: d.totalRows,
        updatedAt: d.now,
        version: sql`${importJobs.version} + 1`,
      })
      .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, id)));
  },

  async insertChunk(tx: DbExecutor, orgId: string, importId: string, chunkNo: number, data: string): Promise<void> {
    await tx.insert(importFileChunks).values({ orgId, importId, chunkNo, data });
  },

  async readChunk(tx: DbExecutor, orgId: string, importId: string, chunkNo: number): Promise<string | undefined> {
    const rows = await tx
      .select({ data: importFileChunks.data })
      .from(importFileChunks)
      .where(and(eq(importFileChunks.orgId, orgId), eq(importFileChunks.importId, importId), eq(importFileChunks.chunkNo, chunkNo)));
    return rows[0]?.data;
  },

  async deleteChunks(tx: DbExecutor, orgId: string, importId: string): Promise<void> {
    await tx.delete(importFileChunks).where(and(eq(importFileChunks.orgId, orgId), eq(importFileChunks.importId, importId)));
  },

  async insertProblems(tx: DbExecutor, orgId: string, importId: string, rows: ProblemInsert[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.execute(sql`
      insert into import_row_problems (org_id, import_id, row_number, severity, problems, raw)
      select ${orgId}::uuid, ${importId}::uuid, p.row_number, p.severity, p.problems, p.raw
      from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ row_number: r.rowNumber, severity: r.severity, problems: r.problems, raw: r.raw })))}::jsonb)
        as p(row_number int, severity text, problems jsonb, raw jsonb)
      on conflict do nothing`);
  },

  async deleteProblems(tx: DbExecutor, orgId: string, importId: string): Promise<void> {
    await tx.delete(importRowProblems).where(and(eq(importRowProblems.orgId, orgId), eq(importRowProblems.importId, importId)));
  },

  async listProblems(tx: DbExecutor, orgId: string, importId: string, opts: { afterRow: number; limit: number; severity?: 'error' | 'warning' }) {
    return tx
      .select()
      .from(importRowProblems)
      .where(
        and(
          eq(importRowProblems.orgId, orgId),
          eq(importRowProblems.importId, importId),
          gt(importRowProblems.rowNumber, opts.afterRow),
          opts.severity ? eq(importRowProblems.severity, opts.severity) : undefined,
        ),
      )
      .orderBy(asc(importRowProblems.rowNumber), asc(importRowProblems.severity))
      .limit(opts.limit);
  },

  async getMapping(tx: DbExecutor, orgId: string, objectType: string, sourceKey: string) {
    const rows = await tx
      .select()
      .from(importMappings)
      .where(and(eq(importMappings.orgId, orgId), eq(importMappings.objectType, objectType), eq(importMappings.sourceKey, sourceKey)))
      .limit(1);
    return rows[0];
  },

  async upsertMapping(
    tx: DbExecutor,
    row: { orgId: string; id: string; objectType: string; sourceKey: string; name: string; mapping: Record<string, string>; updatedBy: string; now: Date },
  ) {
    const rows = await tx
      .insert(importMappings)
      .values({ orgId: row.orgId, id: row.id, objectType: row.objectType, sourceKey: row.sourceKey, name: row.name, mapping: row.mapping, updatedAt: row.now, updatedBy: row.updatedBy })
      .onConflictDoUpdate({
        target: [importMappings.orgId, importMappings.objectType, importMappings.sourceKey],
        set: { name: row.name, mapping: row.mapping, updatedAt: row.now, updatedBy: row.updatedBy },
      })
      .returning();
    return rows[0]!;
  },

  /** The importing user, with their role's data scope (links to accounts stay within it). */
  async findUser(
    tx: DbExecutor,
    orgId: string,
    userId: string,
  ): Promise<{ id: string; departmentId: string | null; status: string; dataScope: DataScope | null } | undefined> {
    const rows = await tx
      .select({ id: users.id, departmentId: users.departmentId, status: users.status, dataScope: roles.dataScope })
      .from(users)
      .leftJoin(roles, and(eq(roles.orgId, users.orgId), eq(roles.id, users.roleId)))
      .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
      .limit(1);
    return rows[0];
  },

  /**
   * Typed custom-field value rows of a batch: the rows of `fieldIds` of the updated records are replaced,
   * new records' rows inserted (chunked below the bind-parameter limit).
   */
  async replaceCustomValues(tx: DbExecutor, orgId: string, objectType: string, updatedIds: string[], fieldIds: string[], rows: CustomFieldValueRow[]): Promise<void> {
    if (updatedIds.length && fieldIds.length) {
      await tx.execute(sql`
        delete from custom_field_values
        where org_id = ${orgId}::uuid and object_type = ${objectType}
          and record_id = any(${sql.param(updatedIds)}::uuid[]) and field_id = any(${sql.param(fieldIds)}::uuid[])`);
    }
    for (let i = 0; i < rows.length; i += 5000) {
      await tx.insert(customFieldValues).values(rows.slice(i, i + 5000).map((r) => ({ ordinal: 0, ...r })));
    }
  },

  /**
   * The audit events of a batch in one statement (`unnest`; the platform's row-by-row builder costs ~100 ms
   * per 1000 events). Same columns and meaning as auditRepository.insert.
   */
  async insertAuditEvents(tx: DbExecutor, events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    const col = <T>(f: (e: AuditEventInput) => T) => sql.param(events.map(f));
    await tx.execute(sql`
      insert into audit_events (org_id, actor_id, actor_kind, object_type, record_id, action, changes, request_id, occurred_at)
      select v.org_id, v.actor_id, v.actor_kind, v.object_type, v.record_id, v.action, v.changes, v.request_id, coalesce(v.occurred_at, now())
      from unnest(${col((e) => e.orgId)}::uuid[], ${col((e) => e.actorId)}::uuid[], ${col((e) => e.actorKind)}::text[],
                  ${col((e) => e.objectType)}::text[], ${col((e) => e.recordId)}::uuid[], ${col((e) => e.action)}::text[],
                  ${col((e) => JSON.stringify(e.changes))}::jsonb[], ${col((e) => e.requestId ?? null)}::text[],
                  ${col((e) => e.occurredAt ?? null)}::timestamptz[])
        as v(org_id, actor_id, actor_kind, object_type, record_id, action, changes, request_id, occurred_at)`);
  },

  /**
   * Refreshes the planner statistics of a record table (as the owner role: ANALYZE is not tenant data access).
   * A bulk import into a new organization leaves them stale — the planner then believes the organization has
   * a handful of rows and scans all of them for every duplicate lookup (measured: 70 ms per batch lookup at
   * 50k rows, growing with the import) instead of using the (org_id, key) indexes.
   */
  async analyze(database: Pick<Database, 'exec'>, table: ImportTable): Promise<void> {
    await database.exec(`analyze ${table}`);
  },

  /**
   * An import batch commits without waiting for its WAL flush. Safe for imports: the batch and the job's
   * committed_rows are in the same transaction, so a server crash loses (at most) the last batches whole, and
   * the resumed import redoes them — never half a batch, never a duplicate.
   */
  async asyncCommit(tx: DbExecutor): Promise<void> {
    await tx.execute(sql`set local synchronous_commit = off`);
  },

  // ---- records (accounts, contacts, leads) -------------------------------------------------------------

  /**
   * (kind, key, id) of the records of `table` matching any of the keys, in ONE round trip: a `union all` of one
   * `= any($n)` arm per key kind, each on its own index. Live records only, except for external ids (the
   * unique index spans the recycle bin too).
   */
  async lookupRecords(
    tx: DbExecutor,
    table: ImportTable,
    orgId: string,
    keys: Partial<Record<LookupKind, string[]>>,
  ): Promise<{ kind: LookupKind; id: string; key: string; deleted: boolean }[]> {
    const def = TABLES[table];
    const arms = (Object.entries(keys) as [LookupKind, string[]][])
      .filter(([kind, list]) => list.length > 0 && def.lookup[kind])
      .map(([kind, list]) => {
        const column = sql.raw(def.lookup[kind]!);
        const live = kind === 'externalId' ? sql`` : sql`and deleted_at is null`;
        return sql`(select ${kind}::text as kind, id::text as id, ${column} as key, deleted_at is not null as deleted
                    from ${sql.raw(table)} where org_id = ${orgId}::uuid and ${column} = any(${sql.param(list)}::text[]) ${live})`;
      });
    if (arms.length === 0) return [];
    // Planner guard: these are key lookups, and only plain btree index scans answer them well. Given a
    // thousand keys, PostgreSQL estimated a sequential scan cheaper (20–40 ms per arm at 50–100k accounts,
    // against 3 ms through the index) or, with bitmap scans allowed, the trigram GIN index (gin_trgm_ops
    // answers `=` too: 14.6 s for one batch). Both are switched off for this one statement.
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`);
    const result = await tx.execute(sql.join(arms, sql` union all `));
    await tx.execute(sql`select set_config('enable_seqscan', 'on', true), set_config('enable_bitmapscan', 'on', true)`);
    return rowsOf<{ kind: LookupKind; id: string; key: string; deleted: boolean }>(result);
  },

  /** The records an update will change, locked until the batch commits. */
  async lockRecords(tx: DbExecutor, table: ImportTable, orgId: string, ids: string[]): Promise<ExistingRecord[]> {
    if (ids.length === 0) return [];
    const columns = TABLES[table].columns.map((c) => sql.raw(`${c.column}${c.type === 'uuid' ? '::text' : ''} as "${c.key}"`));
    const result = await tx.execute(sql`
      select id::text as "id", ${sql.join(columns, sql`, `)}, owner_id::text as "ownerId", department_id::text as "departmentId",
             custom_fields as "customFields", deleted_at as "deletedAt", version
      from ${sql.raw(table)}
      where org_id = ${orgId}::uuid and id = any(${sql.param(ids)}::uuid[])
      order by id
      for update`);
    return rowsOf<ExistingRecord>(result);
  },

  /** New records of a batch in one statement (`unnest`), owned by the importing user. */
  async insertRecords(
    tx: DbExecutor,
    table: ImportTable,
    orgId: string,
    rows: RecordValues[],
    meta: { ownerId: string; departmentId: string | null; actorId: string; now: Date },
  ): Promise<void> {
    if (rows.length === 0) return;
    const def = TABLES[table];
    const names = def.columns.map((c) => c.column);
    const arrays = def.columns.map((c) => sql`${sql.param(rows.map((r) => r[c.key] ?? null))}::${sql.raw(c.type)}[]`);
    const assigned = def.ownerAssignedAt ? { column: sql.raw(', owner_assigned_at'), value: sql`, ${meta.now}::timestamptz` } : { column: sql``, value: sql`` };
    await tx.execute(sql`
      insert into ${sql.raw(table)} (org_id, id, ${sql.raw(names.join(', '))}, custom_fields, owner_id, department_id${assigned.column},
                                     created_at, created_by, updated_at, updated_by)
      select ${orgId}::uuid, v.id, ${sql.raw(names.map((n) => `v.${n}`).join(', '))}, v.custom_fields, ${meta.ownerId}::uuid,
             ${meta.departmentId}::uuid${assigned.value}, ${meta.now}::timestamptz, ${meta.actorId}::uuid, ${meta.now}::timestamptz, ${meta.actorId}::uuid
      from unnest(${sql.param(rows.map((r) => r.id))}::uuid[], ${sql.join(arrays, sql`, `)},
                  ${sql.param(rows.map((r) => JSON.stringify(r.customFields)))}::jsonb[])
        as v(id, ${sql.raw(names.join(', '))}, custom_fields)`);
  },

  /** Writes the new values of locked records (all import columns) and bumps their versions. */
  async updateRecords(tx: DbExecutor, table: ImportTable, orgId: string, rows: RecordValues[], meta: { actorId: string; now: Date }): Promise<number> {
    if (rows.length === 0) return 0;
    const def = TABLES[table];
    const names = def.columns.map((c) => c.column);
    const arrays = def.columns.map((c) => sql`${sql.param(rows.map((r) => r[c.key] ?? null))}::${sql.raw(c.type)}[]`);
    const result = await tx.execute(sql`
      update ${sql.raw(table)} r set ${sql.raw(names.map((n) => `${n} = v.${n}`).join(', '))},
             custom_fields = v.custom_fields, version = r.version + 1, updated_at = ${meta.now}::timestamptz, updated_by = ${meta.actorId}::uuid
      from unnest(${sql.param(rows.map((r) => r.id))}::uuid[], ${sql.join(arrays, sql`, `)},
                  ${sql.param(rows.map((r) => JSON.stringify(r.customFields)))}::jsonb[])
        as v(id, ${sql.raw(names.join(', '))}, custom_fields)
      where r.org_id = ${orgId}::uuid and r.id = v.id
      returning r.id`);
    return rowsOf(result).length;
  },

  /**
   * The live accounts whose normalised name (name_key) is one of `nameKeys`, within `scope` (the importing
   * user's accounts data scope, as platform/access builds it): a contact row names its account this way.
   */
  async accountsByNameKey(tx: DbExecutor, orgId: string, nameKeys: string[], scope: SQL | undefined): Promise<{ id: string; nameKey: string }[]> {
    if (nameKeys.length === 0) return [];
    const rows = await tx
      .select({ id: accounts.id, nameKey: accounts.nameKey })
      .from(accounts)
      .where(and(eq(accounts.orgId, orgId), inArray(accounts.nameKey, nameKeys), isNull(accounts.deletedAt), scope));
    return rows as { id: string; nameKey: string }[];
  },
};

export type ImportsRepository = typeof importsRepository;
export type { ImportStatus };
