/**
 * The database for DB and HTTP tests: a fresh in-memory PGlite per test file by default, or the PostgreSQL
 * server in TEST_DATABASE_URL (shared; tests isolate themselves by creating their own organizations).
 */
import { afterAll } from 'vitest';
import { openPglite, openPostgres, type Database } from '../platform/db/database.js';

let current: Promise<Database> | undefined;

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

export function getTestDatabase(): Promise<Database> {
  if (!current) {
    current = (async () => {
      const url = process.env.TEST_DATABASE_URL;
      const database = url ? await openPostgres({ url, poolSize: 5 }) : await openPglite();
      await database.migrate();
      return database;
    })();
    afterAll(async () => {
      const db = await current;
      current = undefined;
      await db?.close();
    });
  }
  return current;
}
