import { sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';

export const exportsRepository = {
  /** custom_fields of a page of records (the list rows do not carry them). */
  async customFieldsOf(tx: DbExecutor, table: 'accounts' | 'contacts' | 'leads', orgId: string, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    if (ids.length === 0) return new Map();
    const result = await tx.execute(
      sql`select id::text as id, custom_fields from ${sql.identifier(table)} where org_id = ${orgId}::uuid and id = any(${sql.param(ids)}::uuid[])`,
    );
    const rows = ((result as { rows?: unknown[] }).rows ?? (result as unknown[])) as { id: string; custom_fields: Record<string, unknown> }[];
    return new Map(rows.map((r) => [r.id, r.custom_fields ?? {}]));
  },
};
