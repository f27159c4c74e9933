/**
 * One database API over both engines: embedded PGlite (default) and a PostgreSQL server (DATABASE_URL).
 *
 * Tenant work runs in `withTenant(orgId, fn)`: a transaction that switches to the non-superuser app role
 * (`SET LOCAL ROLE luodi_app`) and sets `luodi.org_id`, so row-level security confines every statement to
 * that organization even when a query forgets its WHERE clause. `withSystem` is for the few cross-tenant
 * operations (sign-in lookup, migrations, scheduled scans) and never touches tenant rows by accident
 * because repositories only receive the tenant transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type AppDatabase = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What repositories receive: a transaction bound to one organization (or the system). */
export type DbExecutor = Tx;

export const APP_ROLE = 'luodi_app';
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../db/migrations');
const MIGRATION_LOCK_KEY = 72_211_001; // arbitrary, constant advisory-lock key for migrations

export type Row = Record<string, unknown>;
export type NotificationListener = (payload: string) => void;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: AppDatabase;
  /** Runs fn in one transaction as the app role with RLS bound to orgId. */
  withTenant<T>(orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn in one transaction as the connecting (owner) role — cross-tenant system work only. */
  withSystem<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Parameterized single statement outside any transaction, as the connecting role. */
  query<R extends Row = Row>(text: string, params?: unknown[]): Promise<R[]>;
  /** Multi-statement SQL without parameters. */
  exec(text: string): Promise<void>;
  notify(channel: string, payload: string): Promise<void>;
  listen(channel: string, listener: NotificationListener): Promise<() => Promise<void>>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Luodi process (pid ${pid}). ` +
        `Stop that process first, or start this one with another LUODI_DATA_DIR. ` +
        `(Two processes on one embedded database would silently lose data.)`,
    );
    this.name = 'DataDirLockedError';
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes an exclusive lock file on the data dir; a stale lock (dead pid) is taken over. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'luodi.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isFinite(pid) && pid !== process.pid && isProcessAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid);
      }
      fs.unlinkSync(lockPath);
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

async function bindTenant(tx: Tx, orgId: string): Promise<void> {
  // One round trip: role switch and org binding, both transaction-local.
  await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('luodi.org_id', ${orgId}, true)`);
}

export interface PgliteOptions {
  /** directory for the data files; undefined → in-memory (tests) */
  dataDir?: string;
}

export async function openPglite(opts: PgliteOptions = {}): Promise<Database> {
  const release = opts.dataDir ? lockDataDir(opts.dataDir) : () => {};
  let client: PGlite;
  try {
    // the extensions the migrations create (trigram search)
    const extensions = { pg_trgm, btree_gin };
    client = opts.dataDir ? new PGlite(path.join(opts.dataDir, 'pglite'), { extensions }) : new PGlite({ extensions });
    await client.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzlePglite(client, { schema }) as unknown as AppDatabase & { transaction: AppDatabase['transaction'] };
  return {
    kind: 'pglite',
    db,
    withTenant: (orgId, fn) =>
      db.transaction(async (tx) => {
        await bindTenant(tx as Tx, orgId);
        return fn(tx as Tx);
      }),
    withSystem: (fn) => db.transaction(async (tx) => fn(tx as Tx)),
    async query<R extends Row>(text: string, params: unknown[] = []) {
      const res = await client.query<R>(text, params);
      return res.rows;
    },
    async exec(text) {
      await client.exec(text);
    },
    async notify(channel, payload) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async listen(channel, listener) {
      const unsub = await client.listen(channel, listener);
      return async () => unsub();
    },
    async migrate() {
      await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
    },
    async close() {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

export interface PostgresOptions {
  url: string;
  poolSize?: number;
}

export async function openPostgres(opts: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 20 });
  pool.on('error', () => {
    /* idle client errors are surfaced on the next query */
  });
  // fail fast with a clear message when the server is unreachable
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool, { schema }) as unknown as AppDatabase;

  let listenClient: pg.Client | undefined;
  const listeners = new Map<string, Set<NotificationListener>>();
  async function ensureListenClient(): Promise<pg.Client> {
    if (listenClient) return listenClient;
    const c = new pg.Client({ connectionString: opts.url });
    await c.connect();
    c.on('notification', (msg) => {
      for (const l of listeners.get(msg.channel) ?? []) l(msg.payload ?? '');
    });
    c.on('error', () => {});
    listenClient = c;
    return c;
  }
  const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

  return {
    kind: 'postgres',
    db,
    withTenant: (orgId, fn) =>
      db.transaction(async (tx) => {
        await bindTenant(tx as Tx, orgId);
        return fn(tx as Tx);
      }),
    withSystem: (fn) => db.transaction(async (tx) => fn(tx as Tx)),
    async query<R extends Row>(text: string, params: unknown[] = []) {
      const res = await pool.query(text, params);
      return res.rows as R[];
    },
    async exec(text) {
      await pool.query(text);
    },
    async notify(channel, payload) {
      await pool.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async listen(channel, listener) {
      const c = await ensureListenClient();
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        await c.query(`LISTEN ${quoteIdent(channel)}`);
      }
      set.add(listener);
      return async () => {
        set.delete(listener);
      };
    },
    async migrate() {
      // Several instances may start at once: one migrates, the others wait on the advisory lock.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await listenClient?.end().catch(() => {});
      await pool.end();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres({ url: opts.databaseUrl }) : openPglite({ dataDir: opts.dataDir });
}
