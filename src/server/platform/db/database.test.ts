import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir, openPglite } from './database.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { createTestOrg } from '../../test/factories.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'luodi-lock-'));

describe('data directory lock', () => {
  it('refuses a directory locked by a live process, naming it', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'luodi.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(/in use by another Luodi process/);
  });

  it('takes over a stale lock left by a dead process and releases it on close', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'luodi.lock'), '999999999');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'luodi.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'luodi.lock'))).toBe(false);
  });

  it('a second server process on the same data dir exits with a clear message', async () => {
    const dir = tempDir();
    const db = await openPglite({ dataDir: dir });
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        env: { ...process.env, LUODI_DATA_DIR: dir, DATABASE_URL: '', PORT: '0', LUODI_JOBS: 'off' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('is in use by another Luodi process');
    } finally {
      await db.close();
    }
  });
});

describe('tenant isolation in the database', () => {
  it('an unfiltered query as the app role sees only the bound organization', async () => {
    const database = await getTestDatabase();
    const a = await createTestOrg(database);
    const b = await createTestOrg(database);
    const rows = await database.withTenant(a.orgId, async (tx) => {
      const rowsOf = async (q: ReturnType<typeof sql>) => ((await tx.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
      return {
        who: await rowsOf(sql`select current_user as u`),
        orgs: await rowsOf(sql`select id from organizations`),
        users: await rowsOf(sql`select org_id from users`),
      };
    });
    expect(rows.who).toEqual([{ u: 'luodi_app' }]);
    expect(rows.orgs).toEqual([{ id: a.orgId }]);
    expect(rows.users.length).toBeGreaterThan(0);
    expect(rows.users.every((r) => (r as { org_id: string }).org_id === a.orgId)).toBe(true);
    expect(rows.users.some((r) => (r as { org_id: string }).org_id === b.orgId)).toBe(false);
  });

  it('refuses to write a row for another organization', async () => {
    const database = await getTestDatabase();
    const a = await createTestOrg(database);
    const b = await createTestOrg(database);
    await expect(
      database.withTenant(a.orgId, (tx) =>
        tx.execute(sql`insert into departments (org_id, id, name) values (${b.orgId}, ${randomUUID()}, 'x')`),
      ),
    ).rejects.toThrow();
  });

  it('sees nothing without a bound organization', async () => {
    const database = await getTestDatabase();
    await createTestOrg(database);
    const rows = await database.withTenant('00000000-0000-0000-0000-000000000000', (tx) => tx.execute(sql`select id from organizations`));
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual([]);
  });

  it('every table with an org_id column has forced row-level security (a new table cannot forget it)', async () => {
    const database = await getTestDatabase();
    const rows = await database.withSystem(async (tx) =>
      ((await tx.execute(sql`
        select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped)
        order by 1`)) as unknown as { rows: { name: string; rls: boolean; forced: boolean }[] }).rows,
    );
    const unprotected = rows.filter((r) => !(r.rls && r.forced)).map((r) => r.name);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['deals', 'activities', 'tasks', 'pipelines', 'comments', 'attachments']));
    // the two system tables the app role is never granted: the global sign-in directory and the job-run ledger
    expect(unprotected).toEqual(['job_runs', 'sign_in_identities']);
  });
});
