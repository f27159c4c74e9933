/**
 * Bulk inserts for seeding: a whole batch travels as one JSON parameter and PostgreSQL expands it with
 * json_populate_recordset — far cheaper than a 20,000-parameter multi-row INSERT (on both engines).
 */
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbExecutor } from '../platform/db/database.js';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const seedRepository = {
  /** Inserts rows given with the table's TypeScript keys (as for `tx.insert(table).values(rows)`). */
  async bulkInsert<T extends PgTable>(tx: DbExecutor, table: T, rows: T['$inferInsert'][]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.entries(getTableColumns(table)) as [string, { name: string }][];
    const used = columns.filter(([key]) => rows.some((r) => (r as Record<string, unknown>)[key] !== undefined));
    const payload = rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const [key, col] of used) o[col.name] = (r as Record<string, unknown>)[key] ?? null;
      return o;
    });
    const name = ident(getTableName(table));
    const cols = used.map(([, c]) => ident(c.name)).join(', ');
    await tx.execute(
      sql`insert into ${sql.raw(name)} (${sql.raw(cols)}) select ${sql.raw(cols)} from json_populate_recordset(null::${sql.raw(name)}, ${JSON.stringify(payload)}::json)`,
    );
  },
};
