/**
 * Backup and restore of every Luodi table (all organizations) as one gzip'ed JSON-lines file, portable
 * between PGlite and PostgreSQL.
 *
 * File format (version 1), one JSON value per line:
 *   {"$":"header","format":"luodi-backup","version":1,"createdAt":…,"engine":…,"migrations":[…],"latestMigration":…,"tables":[…]}
 *   {"$":"table","name":"accounts","columns":["org_id","id",…]}
 *   {…row…}                      ← PostgreSQL's own row_to_json(row), written and read back verbatim
 *   {"$":"end","name":"accounts","count":123}
 *   …
 *   {"$":"footer","counts":{"accounts":123,…}}
 *
 * Rows are never parsed in JavaScript: PostgreSQL renders them (row_to_json) and parses them again
 * (json_populate_recordset), so uuid, timestamptz (microseconds), jsonb (numbers kept as written), int and
 * bigint round-trip exactly. A row line starts with `{"<column>"`, never with `{"$"`.
 *
 * Backup reads each table in primary-key order in batches (keyset pagination; `ctid` for the one table
 * without a primary key) inside one REPEATABLE READ transaction, so the file is a consistent snapshot and
 * memory use stays flat. Restore writes everything in one transaction: it either completes or changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { is, sql, type SQL } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import { MIGRATIONS_DIR, type Database, type Tx } from '../platform/db/database.js';
import * as schema from '../platform/db/schema.js';

export const BACKUP_FORMAT = 'luodi-backup';
export const BACKUP_VERSION = 1;
const READ_BATCH = 2000;
const WRITE_BATCH = 1000;

export class BackupError extends Error {
  override name = 'BackupError';
}

interface TableInfo {
  name: string;
  /** primary key columns with their SQL types; empty → keyset on ctid */
  key: { name: string; type: string }[];
}

/** Every table declared in schema.ts, in declaration order. */
export function luodiTables(): TableInfo[] {
  const out: TableInfo[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const cfg = getTableConfig(value);
    // (primary-key entries are config placeholders: take the types from the real columns)
    const typeOf = new Map(cfg.columns.map((c) => [c.name, c.getSQLType()]));
    const pkNames = cfg.primaryKeys[0]?.columns.map((c) => c.name) ?? cfg.columns.filter((c) => c.primary).map((c) => c.name);
    const key = pkNames.map((name) => ({ name, type: typeOf.get(name)! }));
    out.push({ name: cfg.name, key });
  }
  return out;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function rowsOf<R>(tx: Tx, query: SQL): Promise<R[]> {
  const res = (await tx.execute(query)) as unknown as { rows: R[] };
  return res.rows;
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

export function localMigrations(): { tag: string; when: number }[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries.map((e) => ({ tag: e.tag, when: e.when }));
}

/** Tags of the migrations applied to the database (drizzle records each one's journal timestamp). */
async function appliedMigrations(tx: Tx): Promise<string[]> {
  const exists = await rowsOf<{ t: string | null }>(tx, sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!exists[0]?.t) return [];
  const rows = await rowsOf<{ created_at: string }>(
    tx,
    sql`select created_at::text as created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  const byWhen = new Map(localMigrations().map((m) => [String(m.when), m.tag]));
  return rows.map((r) => byWhen.get(r.created_at) ?? `unknown@${r.created_at}`);
}

async function existingTables(tx: Tx): Promise<Set<string>> {
  const rows = await rowsOf<{ table_name: string }>(
    tx,
    sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  );
  return new Set(rows.map((r) => r.table_name));
}

async function columnsOf(tx: Tx, table: string): Promise<string[]> {
  const rows = await rowsOf<{ column_name: string }>(
    tx,
    sql`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`,
  );
  return rows.map((r) => r.column_name);
}

/** Row-level security is forced on tenant tables: only a superuser or a BYPASSRLS role sees every organization. */
async function assertBypassesRls(tx: Tx): Promise<void> {
  const rows = await rowsOf<{ ok: boolean }>(
    tx,
    sql`select (rolsuper or rolbypassrls) as ok from pg_roles where rolname = current_user`,
  );
  if (!rows[0]?.ok) {
    throw new BackupError(
      'the database role in DATABASE_URL is neither a superuser nor BYPASSRLS, so row-level security would hide ' +
        'tenant rows; connect as the owner with BYPASSRLS (ALTER ROLE … BYPASSRLS) for backup and restore',
    );
  }
}

export interface BackupSummary {
  file: string;
  counts: Record<string, number>;
  bytes: number;
  ms: number;
}

/** Writes every row of every Luodi table to `file` (gzip'ed JSON lines); the file appears only when complete. */
export async function backupDatabase(
  database: Database,
  file: string,
  opts: { onTable?: (table: string, count: number) => void } = {},
): Promise<BackupSummary> {
  const started = Date.now();
  const partial = `${file}.partial`;
  try {
    fs.writeFileSync(partial, ''); // fail early and clearly on a bad path or permissions
  } catch (err) {
    throw new BackupError(`cannot write ${file}: ${(err as Error).message}`);
  }
  const out = fs.createWriteStream(partial);
  const gzip = zlib.createGzip({ level: 6 });
  let streamError: Error | undefined;
  const failed = new Promise<never>((_, reject) => {
    const onError = (err: Error) => {
      streamError ??= err;
      reject(new BackupError(`cannot write ${file}: ${err.message}`));
    };
    out.on('error', onError);
    gzip.on('error', onError);
  });
  failed.catch(() => {}); // observed through `write` and the end of the backup
  gzip.pipe(out);
  const write = async (value: string) => {
    if (streamError) throw new BackupError(`cannot write ${file}: ${streamError.message}`);
    if (!gzip.write(`${value}\n`)) await Promise.race([once(gzip, 'drain'), failed]);
  };
  const counts: Record<string, number> = {};
  try {
    await database.withSystem(async (tx) => {
      // one consistent snapshot of all tables (the first statement of the transaction)
      await tx.execute(sql`set transaction isolation level repeatable read, read only`);
      await assertBypassesRls(tx);
      const present = await existingTables(tx);
      const tables = luodiTables().filter((t) => present.has(t.name));
      const migrations = await appliedMigrations(tx);
      if (migrations.length === 0) throw new BackupError('the database has no Luodi migrations applied: nothing to back up');
      await write(
        JSON.stringify({
          $: 'header',
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          engine: database.kind,
          migrations,
          latestMigration: migrations[migrations.length - 1],
          tables: tables.map((t) => t.name),
        }),
      );
      for (const table of tables) {
        const columns = await columnsOf(tx, table.name);
        await write(JSON.stringify({ $: 'table', name: table.name, columns }));
        const keyCols = table.key.length ? table.key : [{ name: 'ctid', type: 'tid' }];
        const keyList = keyCols.map((k) => `t.${ident(k.name)}`).join(', ');
        const keySelect = keyCols.map((k, i) => `t.${ident(k.name)}::text as k${i}`).join(', ');
        let after: string[] | null = null;
        let count = 0;
        for (;;) {
          const where: SQL =
            after === null
              ? sql``
              : sql`where (${sql.raw(keyList)}) > (${sql.join(
                  after.map((v, i) => sql`${v}::${sql.raw(keyCols[i]!.type)}`),
                  sql`, `,
                )})`;
          const rows = await rowsOf<Record<string, string>>(
            tx,
            sql`select row_to_json(t)::text as j, ${sql.raw(keySelect)} from ${sql.raw(ident(table.name))} t ${where} order by ${sql.raw(keyList)} limit ${READ_BATCH}`,
          );
          for (const r of rows) await write(r.j!);
          count += rows.length;
          if (rows.length < READ_BATCH) break;
          const last = rows[rows.length - 1]!;
          after = keyCols.map((_, i) => last[`k${i}`]!);
        }
        counts[table.name] = count;
        await write(JSON.stringify({ $: 'end', name: table.name, count }));
        opts.onTable?.(table.name, count);
      }
      await write(JSON.stringify({ $: 'footer', counts }));
    });
    gzip.end();
    await Promise.race([finished(out), failed]);
    if (streamError) throw new BackupError(`cannot write ${file}: ${(streamError as Error).message}`);
    fs.renameSync(partial, file);
  } catch (err) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return { file, counts, bytes: fs.statSync(file).size, ms: Date.now() - started };
}

/** Lines of a gzip'ed text file, with backpressure (the reader waits for the consumer). */
async function* readLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    rest += decoder.write(chunk as Buffer);
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      if (line) yield line;
    }
  }
  rest += decoder.end();
  if (rest) yield rest;
}

interface Marker {
  $: string;
  [k: string]: unknown;
}

const isMarker = (line: string) => line.startsWith('{"$"');

export interface BackupHeader {
  format: string;
  version: number;
  createdAt: string;
  engine: string;
  migrations: string[];
  latestMigration: string;
  tables: string[];
}

export async function readBackupHeader(file: string): Promise<BackupHeader> {
  if (!fs.existsSync(file)) throw new BackupError(`no such file: ${file}`);
  let first: string | undefined;
  try {
    for await (const line of readLines(file)) {
      first = line;
      break;
    }
  } catch (err) {
    throw new BackupError(`${file} is not a gzip'ed Luodi backup (${(err as Error).message})`);
  }
  let header: Marker & Partial<BackupHeader>;
  try {
    header = JSON.parse(first ?? '') as Marker & Partial<BackupHeader>;
  } catch {
    throw new BackupError(`${file} is not a Luodi backup (no header line)`);
  }
  if (header.$ !== 'header' || header.format !== BACKUP_FORMAT) throw new BackupError(`${file} is not a Luodi backup`);
  if (header.version !== BACKUP_VERSION) {
    throw new BackupError(`${file} has backup format version ${header.version}; this Luodi reads version ${BACKUP_VERSION}`);
  }
  return header as BackupHeader;
}

/** Rows per Luodi table (tables that exist). */
export async function countRows(database: Database): Promise<Record<string, number>> {
  return database.withSystem(async (tx) => {
    const present = await existingTables(tx);
    const counts: Record<string, number> = {};
    for (const t of luodiTables()) {
      if (!present.has(t.name)) continue;
      const rows = await rowsOf<{ n: string }>(tx, sql`select count(*)::text as n from ${sql.raw(ident(t.name))}`);
      counts[t.name] = Number(rows[0]?.n ?? 0);
    }
    return counts;
  });
}

export interface RestoreSummary {
  header: BackupHeader;
  counts: Record<string, number>;
  wiped: boolean;
  ms: number;
}

/**
 * Restores a backup into an empty database (or, with `force`, wipes every Luodi table first — in the same
 * transaction, so a failed restore leaves the old data in place). Migrates first; verifies row counts.
 */
export async function restoreDatabase(
  database: Database,
  file: string,
  opts: { force?: boolean; onTable?: (table: string, count: number) => void } = {},
): Promise<RestoreSummary> {
  const started = Date.now();
  const header = await readBackupHeader(file);
  const known = new Set(localMigrations().map((m) => m.tag));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) {
    throw new BackupError(
      `the backup was made by a newer Luodi (migrations ${unknown.join(', ')} are unknown here); upgrade Luodi first`,
    );
  }

  await database.migrate();
  const before = await countRows(database);
  const nonEmpty = Object.entries(before).filter(([, n]) => n > 0);
  if (nonEmpty.length && !opts.force) {
    const orgs = before.organizations ?? 0;
    throw new BackupError(
      `the database is not empty (${orgs} organization${orgs === 1 ? '' : 's'}; ` +
        `${nonEmpty.map(([t, n]) => `${t}: ${n}`).join(', ')}); restore needs an empty database, ` +
        `or --force to delete all Luodi data first`,
    );
  }

  const tables = new Map(luodiTables().map((t) => [t.name, t]));
  const counts = await database.withSystem(async (tx) => {
    await assertBypassesRls(tx);
    const present = await existingTables(tx);
    const luodiPresent = [...tables.keys()].filter((t) => present.has(t));
    if (nonEmpty.length) await tx.execute(sql.raw(`truncate table ${luodiPresent.map(ident).join(', ')} restart identity`));

    const identityCols = await rowsOf<{ table_name: string; column_name: string }>(
      tx,
      sql`select table_name, column_name from information_schema.columns where table_schema = current_schema() and is_identity = 'YES'`,
    );
    const identityTables = new Set(identityCols.map((c) => c.table_name));

    const restored: Record<string, number> = {};
    let current: { name: string; columns: string[]; count: number } | null = null;
    let batch: string[] = [];
    let footer: Record<string, number> | null = null;

    const flush = async () => {
      if (!current || batch.length === 0) return;
      const cols = current.columns.map(ident).join(', ');
      const overriding = identityTables.has(current.name) ? 'overriding system value' : '';
      await tx.execute(
        sql`insert into ${sql.raw(ident(current.name))} (${sql.raw(cols)}) ${sql.raw(overriding)} select ${sql.raw(cols)} from json_populate_recordset(null::${sql.raw(ident(current.name))}, ${`[${batch.join(',')}]`}::json)`,
      );
      current.count += batch.length;
      batch = [];
    };

    let lineNo = 0;
    for await (const line of readLines(file)) {
      lineNo++;
      if (lineNo === 1) continue; // header, already checked
      if (!isMarker(line)) {
        if (!current) throw new BackupError(`${file}: row outside a table at line ${lineNo}`);
        batch.push(line);
        if (batch.length >= WRITE_BATCH) await flush();
        continue;
      }
      const marker = JSON.parse(line) as Marker;
      if (marker.$ === 'table') {
        const name = String(marker.name);
        if (!present.has(name) || !tables.has(name)) {
          throw new BackupError(`the backup has a table "${name}" that this Luodi does not know`);
        }
        const columns = marker.columns as string[];
        const localColumns = new Set(await columnsOf(tx, name));
        const missing = columns.filter((c) => !localColumns.has(c));
        if (missing.length) throw new BackupError(`table ${name}: columns ${missing.join(', ')} do not exist here`);
        current = { name, columns, count: 0 };
      } else if (marker.$ === 'end') {
        await flush();
        if (!current || current.name !== marker.name) throw new BackupError(`${file}: unexpected end of table at line ${lineNo}`);
        if (current.count !== marker.count) {
          throw new BackupError(`table ${current.name}: the backup says ${String(marker.count)} rows, read ${current.count}`);
        }
        restored[current.name] = current.count;
        opts.onTable?.(current.name, current.count);
        current = null;
      } else if (marker.$ === 'footer') {
        footer = marker.counts as Record<string, number>;
      }
    }
    if (!footer || current) throw new BackupError(`${file} is truncated (no footer): nothing was restored`);

    // identity columns continue after the restored values
    for (const c of identityCols) {
      if (!tables.has(c.table_name)) continue;
      const t = ident(c.table_name);
      const col = ident(c.column_name);
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('${t.replace(/'/g, "''")}', '${c.column_name.replace(/'/g, "''")}'), ` +
            `coalesce(max(${col}), 1), max(${col}) is not null) from ${t}`,
        ),
      );
    }

    // verify: every table holds exactly what the backup holds
    for (const name of luodiPresent) {
      const rows = await rowsOf<{ n: string }>(tx, sql`select count(*)::text as n from ${sql.raw(ident(name))}`);
      const actual = Number(rows[0]?.n ?? 0);
      const expected = footer[name] ?? 0;
      if (actual !== expected) throw new BackupError(`table ${name}: expected ${expected} rows after restore, found ${actual}`);
    }
    return Object.fromEntries(luodiPresent.map((t) => [t, restored[t] ?? 0]));
  });
  // fresh planner statistics for the bulk-loaded tables
  await database.exec(`analyze ${Object.keys(counts).map(ident).join(', ')}`);
  return { header, counts, wiped: nonEmpty.length > 0, ms: Date.now() - started };
}
