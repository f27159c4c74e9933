/**
 * pg-boss's `db` adapter for embedded PGlite (one connection shared with the whole app).
 *
 * - Parameterized SQL goes through `query()` (queued with every other statement).
 * - pg-boss's multi-statement scripts (schema install, migrations, maintenance) all have the shape
 *   `BEGIN; SET LOCAL …; SELECT pg_advisory_xact_lock(…); …; COMMIT;`. Sent as is through `exec()`, a
 *   failure in the middle leaves PGlite's only connection inside an aborted transaction block, so every
 *   later statement of the app fails ("current transaction is aborted") until someone rolls back
 *   (measured). We drop the outer BEGIN/COMMIT and send the body through `exec()` as one simple-protocol
 *   query: PostgreSQL runs it as one implicit transaction (atomic, advisory xact lock held to its end)
 *   and rolls it back by itself on error. With a single connection there is no lock contention, so the
 *   dropped `SET LOCAL lock_timeout` (which only works inside an explicit block) changes nothing.
 * - Any other parameterless SQL is a single statement whose rows pg-boss reads: `query()`.
 */
import type { Database } from '../db/database.js';

export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

const EXPLICIT_BLOCK = /^\s*BEGIN\s*;([\s\S]*?);?\s*COMMIT\s*;?\s*$/i;

export function pgliteBossDb(database: Database): PgBossDb {
  return {
    async executeSql(text, values) {
      if (!values || values.length === 0) {
        const block = EXPLICIT_BLOCK.exec(text);
        if (block) {
          await database.exec(block[1]!);
          return { rows: [] };
        }
        if (/^\s*(BEGIN|START\s+TRANSACTION)\b/i.test(text)) {
          // never leave the shared connection inside a transaction block
          throw new Error('pg-boss sent a transaction block of an unknown shape; refusing to run it on PGlite');
        }
      }
      return { rows: await database.query(text, values ?? []) };
    },
  };
}
