import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, type Database } from '../platform/db/database.js';
import { auditRepository } from '../platform/audit/audit.repository.js';
import { accounts } from '../platform/db/schema.js';
import { createTestOrg, createTestUser } from '../test/factories.js';
import { seedDemo } from '../seed/demo.js';
import { BackupError, backupDatabase, luodiTables, restoreDatabase } from './backup.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'luodi-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every table as sorted JSON rows (timestamps rendered in UTC so engines compare equal). */
async function dump(database: Database): Promise<Record<string, string[]>> {
  return database.withSystem(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const out: Record<string, string[]> = {};
    for (const t of luodiTables()) {
      const res = (await tx.execute(sql.raw(`select row_to_json(t)::text as j from "${t.name}" t`))) as unknown as { rows: { j: string }[] };
      out[t.name] = res.rows.map((r) => r.j).sort();
    }
    return out;
  });
}

/** A database with two organizations and data of every awkward type. */
async function makeSource(): Promise<Database> {
  const a = await openPglite();
  await a.migrate();
  await seedDemo(a, { size: 'small' });
  const org = await createTestOrg(a);
  const user = await createTestUser(a, org, { mobile: '13912345678' });
  await a.withTenant(org.orgId, async (tx) => {
    await tx.insert(accounts).values({
      orgId: org.orgId,
      id: '11111111-2222-4333-8444-555555555555',
      name: '杭州"引号"\\反斜杠\n换行 有限公司 😀',
      ownerId: user.id,
      customFields: { nested: { list: [1, 'two', null] }, text: 'ü' },
    });
    await auditRepository.insert(tx, [
      { orgId: org.orgId, actorId: user.id, actorKind: 'user', objectType: 'accounts', recordId: '11111111-2222-4333-8444-555555555555', action: 'update', changes: [{ field: 'name', old: 'a', new: 'b' }] },
      { orgId: org.orgId, actorId: null, actorKind: 'system', objectType: 'accounts', recordId: '11111111-2222-4333-8444-555555555555', action: 'transfer', changes: [] },
    ]);
  });
  // microsecond timestamps, jsonb numbers JavaScript cannot represent and a big identity value must survive
  await a.exec(`update accounts set created_at = '2025-01-02 03:04:05.123456+08',
                custom_fields = custom_fields || '{"amount": 1.10, "big": 12345678901234567890}'::jsonb
                where id = '11111111-2222-4333-8444-555555555555'`);
  await a.exec(`insert into audit_events (org_id, id, actor_kind, object_type, record_id, action) overriding system value
                values ('${org.orgId}', 9007199254740993, 'system', 'accounts', '11111111-2222-4333-8444-555555555555', 'big')`);
  await a.exec(`insert into sign_in_failures (key, failed_at) values ('ip:127.0.0.1', now()), ('ip:127.0.0.1', now())`);
  return a;
}

describe('backup and restore', () => {
  it('round-trips every row of every table exactly (PGlite → PGlite)', async () => {
    const a = await makeSource();
    const file = path.join(tmp, 'a.luodi.gz');
    const backup = await backupDatabase(a, file);
    expect(backup.counts.accounts).toBe(301);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const header = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')[0]!);
    expect(header).toMatchObject({ $: 'header', format: 'luodi-backup', version: 1, engine: 'pglite', latestMigration: expect.any(String) });

    const b = await openPglite();
    const restored = await restoreDatabase(b, file);
    expect(restored.counts).toEqual(backup.counts);
    const [da, db] = [await dump(a), await dump(b)];
    expect(db).toEqual(da);
    const special = db.accounts!.find((r) => r.includes('11111111-2222-4333-8444-555555555555'))!;
    expect(special).toContain('"amount": 1.10');
    expect(special).toContain('12345678901234567890');
    expect(special).toContain('.123456');
    expect(db.audit_events!.some((r) => r.includes('"id":9007199254740993'))).toBe(true);

    // the identity sequence continues after the restored ids
    const [next] = await b.query<{ id: string }>(
      `insert into audit_events (org_id, actor_kind, object_type, record_id, action)
       values ('00000000-de30-4000-8000-000000000001', 'system', 'accounts', '11111111-2222-4333-8444-555555555555', 'x') returning id::text`,
    );
    expect(BigInt(next!.id)).toBe(9007199254740994n);

    // a second restore refuses a non-empty database, --force replaces its data
    await expect(restoreDatabase(b, file)).rejects.toThrow(/not empty \(2 organizations/);
    await restoreDatabase(b, file, { force: true });
    expect(await dump(b)).toEqual(da);

    await a.close();
    await b.close();
  });

  it('refuses a file that is not a backup, and a truncated backup changes nothing', async () => {
    const b = await openPglite();
    const junk = path.join(tmp, 'junk.gz');
    fs.writeFileSync(junk, 'hello');
    await expect(restoreDatabase(b, junk)).rejects.toBeInstanceOf(BackupError);

    const a = await makeSource();
    const file = path.join(tmp, 'full.luodi.gz');
    await backupDatabase(a, file);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const cut = path.join(tmp, 'cut.luodi.gz');
    fs.writeFileSync(cut, zlib.gzipSync(lines.slice(0, -1).join('\n')));
    await expect(restoreDatabase(b, cut)).rejects.toThrow(/truncated/);
    const [orgs] = await b.query<{ n: number }>('select count(*)::int as n from organizations');
    expect(orgs?.n).toBe(0);
    await a.close();
    await b.close();
  });

  // Bonus when a PostgreSQL server is configured: restore the PGlite backup into a fresh database (never the
  // shared test database), back it up again from PostgreSQL and restore that into PGlite.
  it.skipIf(!process.env.TEST_DATABASE_URL)('restores across engines (PGlite → PostgreSQL → PGlite)', async () => {
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const name = `luodi_restore_${randomBytes(4).toString('hex')}`;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const admin = await openPostgres({ url: adminUrl, poolSize: 1 });
    await admin.exec(`create database ${name}`);
    const a = await makeSource();
    const pg = await openPostgres({ url: url.toString(), poolSize: 2 });
    try {
      const file = path.join(tmp, 'cross.luodi.gz');
      await backupDatabase(a, file);
      await restoreDatabase(pg, file);
      const da = await dump(a);
      expect(await dump(pg)).toEqual(da);

      const back = path.join(tmp, 'from-pg.luodi.gz');
      const summary = await backupDatabase(pg, back);
      expect(summary.counts.accounts).toBe(301);
      const c = await openPglite();
      await restoreDatabase(c, back);
      expect(await dump(c)).toEqual(da);
      await c.close();
    } finally {
      await pg.close();
      await a.close();
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    }
  });
});
