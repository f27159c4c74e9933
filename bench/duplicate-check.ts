/**
 * `npm run bench:duplicates` — the duplicate check (查重) as done on account create, at 100k accounts
 * (target: p95 < 20 ms).
 *
 * Seeds (or reuses) an organization "Bench 查重" with BENCH_ACCOUNTS (default 100,000) accounts with realistic
 * company names, name_key set and mobile phones, then runs BENCH_PROBES (default 400) probes — exact hits
 * (bracketed / spaced / suffixed variants of existing names), fuzzy hits (an existing key with a character
 * added or changed), misses and phone hits — twice:
 *   service  the duplicates service's `check` in a tenant transaction (what accounts create runs)
 *   http     POST /api/v1/duplicates/check through app.inject (auth, validation, transaction, serialisation)
 * and prints p50/p95/p99 per kind and overall. BENCH_EXPLAIN=1 prints EXPLAIN ANALYZE of one fuzzy lookup.
 *
 * Engine: DATABASE_URL set → PostgreSQL (the seeded organization is kept and reused); else in-memory PGlite.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { SEEDED_ROLES } from '../src/core/access/defaultRoles.js';
import { normalizeCompanyName } from '../src/core/customers/companyName.js';
import { createDuplicatesService, type DuplicateProbe } from '../src/server/modules/duplicates/duplicates.service.js';
import { duplicatesRepository } from '../src/server/modules/duplicates/duplicates.repository.js';
import type { Actor } from '../src/server/platform/auth/actor.js';
import { openPglite, openPostgres, type Database } from '../src/server/platform/db/database.js';
import { systemClock } from '../src/server/platform/deps.js';
import { buildTestApp, createTestOrg, signInAs } from '../src/server/test/factories.js';
import { seededRandom } from './lib/random.js';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const ACCOUNTS = num('BENCH_ACCOUNTS', 100_000);
const PROBES = num('BENCH_PROBES', 400);
const ORG_NAME = 'Bench 查重';

const CITIES = ['上海', '北京', '深圳', '广州', '杭州', '苏州', '南京', '成都', '武汉', '西安', '天津', '重庆', '青岛', '宁波', '厦门', '长沙', '郑州', '合肥', '济南', '无锡'];
const SYLLABLES = '华东南西北中新远恒泰瑞丰盛兴达鑫宏博凯安康信诚和嘉润源海天宇明光智创汇通联晟鼎辉'.split('');
const TRADES = ['贸易', '科技', '机械', '电子', '物流', '医疗器械', '信息技术', '建材', '化工', '食品', '纺织', '新能源', '网络科技', '环保', '精密制造', '供应链管理', '生物医药', '文化传媒', '实业', '工程'];
const SUFFIXES = ['有限公司', '有限公司', '有限公司', '股份有限公司', '有限责任公司', '集团有限公司'];

const rng = seededRandom;
const r = rng(42);
const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
const companyName = () => `${pick(CITIES)}${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(TRADES)}${pick(SUFFIXES)}`;
const mobile = (i: number) => `13${String(100_000_000 + ((i * 7919) % 900_000_000)).padStart(9, '0')}`;

const rowsOf = <T>(res: unknown): T[] => ((res as { rows?: T[] }).rows ?? (res as T[])) as T[];

async function findOrSeed(database: Database) {
  const existing = await database.query<{ id: string }>('select id from organizations where name = $1 limit 1', [ORG_NAME]);
  let orgId: string;
  let adminUserId: string;
  let rootDepartmentId: string;
  let adminRoleId: string;
  if (existing[0]) {
    orgId = existing[0].id;
    const admin = (
      await database.withTenant(orgId, async (tx) =>
        rowsOf<{ id: string; department_id: string; role_id: string }>(
          await tx.execute(sql`select u.id, u.department_id, u.role_id from users u join roles r on r.org_id = u.org_id and r.id = u.role_id where r.key = 'admin' limit 1`),
        ),
      )
    )[0]!;
    adminUserId = admin.id;
    rootDepartmentId = admin.department_id;
    adminRoleId = admin.role_id;
  } else {
    const org = await createTestOrg(database, ORG_NAME);
    orgId = org.orgId;
    adminUserId = org.adminUserId;
    rootDepartmentId = org.rootDepartmentId;
    adminRoleId = org.roleIds.admin;
  }
  const count = Number((await database.withTenant(orgId, async (tx) => rowsOf<{ n: string }>(await tx.execute(sql`select count(*) as n from accounts`))))[0]!.n);
  const t0 = performance.now();
  const BATCH = 5000;
  for (let from = count; from < ACCOUNTS; from += BATCH) {
    const n = Math.min(BATCH, ACCOUNTS - from);
    const names: string[] = [];
    const keys: string[] = [];
    const phones: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = companyName();
      names.push(name);
      keys.push(normalizeCompanyName(name));
      phones.push(mobile(from + i));
    }
    const arr = (xs: string[]) => `{${xs.map((x) => `"${x}"`).join(',')}}`;
    await database.withTenant(orgId, (tx) =>
      tx.execute(sql`insert into accounts (org_id, id, name, name_key, phone, owner_id, department_id, created_by, updated_by)
        select ${orgId}::uuid, gen_random_uuid(), v.name, v.name_key, v.phone, ${adminUserId}::uuid, ${rootDepartmentId}::uuid, ${adminUserId}::uuid, ${adminUserId}::uuid
        from unnest(${arr(names)}::text[], ${arr(keys)}::text[], ${arr(phones)}::text[]) as v(name, name_key, phone)`),
    );
  }
  if (count < ACCOUNTS) {
    // PostgreSQL: VACUUM flushes the GIN pending list the bulk insert filled (autovacuum would, later).
    // PGlite: ANALYZE only (a VACUUM there broke the next COMMIT with "bad buffer ID: 0").
    await database.exec(database.kind === 'pglite' ? 'analyze accounts' : 'vacuum analyze accounts');
    console.log(`seeded ${ACCOUNTS - count} accounts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const total = Number((await database.withTenant(orgId, async (tx) => rowsOf<{ n: string }>(await tx.execute(sql`select count(*) as n from accounts`))))[0]!.n);
  return { orgId, adminUserId, rootDepartmentId, adminRoleId, total };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}
function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(2);
  return `n=${String(s.length).padStart(4)}  p50=${f(percentile(s, 50))}  p95=${f(percentile(s, 95))}  p99=${f(percentile(s, 99))}  max=${f(s[s.length - 1] ?? NaN)} ms`;
}

async function main() {
  const url = process.env.DATABASE_URL;
  const database = url ? await openPostgres({ url, poolSize: 4 }) : await openPglite();
  await database.migrate();
  const kind = url ? 'PostgreSQL' : 'PGlite';
  const org = await findOrSeed(database);
  console.log(`${kind}: organization ${org.orgId}, ${org.total} accounts`);

  // probes from existing names
  const sample = await database.withTenant(org.orgId, async (tx) =>
    rowsOf<{ name: string; name_key: string; phone: string }>(await tx.execute(sql`select name, name_key, phone from accounts order by random() limit ${PROBES}`)),
  );
  const probes: { kind: string; probe: DuplicateProbe }[] = sample.map((a, i) => {
    switch (i % 4) {
      case 0: // exact: the same key written differently
        return { kind: 'exact', probe: { objectType: 'accounts', companyName: i % 8 ? `${a.name_key}（集团）有限公司` : ` ${a.name.slice(0, 2)} ${a.name.slice(2)}` } };
      case 1: // fuzzy: one character more
        return { kind: 'fuzzy', probe: { objectType: 'accounts', companyName: `${a.name_key}总公司`.replace(/总公司$/, i % 3 ? '总' : '发展') } };
      case 2: // miss
        return { kind: 'miss', probe: { objectType: 'accounts', companyName: `${pick(CITIES)}${randomUUID().slice(0, 4)}${pick(TRADES)}有限公司` } };
      default: // phone hit (with a name that misses)
        return { kind: 'phone', probe: { objectType: 'accounts', companyName: `${randomUUID().slice(0, 6)}咨询`, phone: a.phone } };
    }
  });

  const role = SEEDED_ROLES.find((x) => x.key === 'admin')!;
  const actor: Actor = {
    orgId: org.orgId,
    userId: org.adminUserId,
    displayName: 'bench',
    kind: 'user',
    roleId: org.adminRoleId,
    roleKey: 'admin',
    roleName: 'admin',
    dataScope: 'all',
    permissions: role.permissions,
    fieldMasks: {},
    departmentId: org.rootDepartmentId,
  };
  const service = createDuplicatesService({ clock: systemClock, database });

  if (process.env.BENCH_EXPLAIN) {
    const key = normalizeCompanyName(probes[1]!.probe.companyName!);
    const plan = await database.withTenant(org.orgId, async (tx) => {
      await duplicatesRepository.setSimilarityThreshold(tx, 0.6);
      await tx.execute(sql`set local role luodi_app`);
      return rowsOf<Record<string, string>>(
        await tx.execute(sql`explain (analyze, buffers) select id, similarity(name_key, ${key}) from accounts where org_id = ${org.orgId}::uuid and name_key % ${key} and name_key <> ${key} and deleted_at is null order by similarity(name_key, ${key}) desc limit 10`),
      );
    });
    console.log(plan.map((p) => Object.values(p)[0]).join('\n'));
  }

  // warm-up
  for (const p of probes.slice(0, 20)) await database.withTenant(org.orgId, (tx) => service.check(tx, actor, p.probe));

  const byKind = new Map<string, number[]>();
  const hits = new Map<string, number>();
  const all: number[] = [];
  for (const p of probes) {
    const t0 = performance.now();
    const res = await database.withTenant(org.orgId, (tx) => service.check(tx, actor, p.probe));
    const ms = performance.now() - t0;
    all.push(ms);
    byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), ms]);
    if (res.action !== 'none') hits.set(p.kind, (hits.get(p.kind) ?? 0) + 1);
  }
  console.log(`\nservice check in a tenant transaction (${kind}, ${org.total} accounts)`);
  for (const [k, ms] of byKind) console.log(`  ${k.padEnd(6)} ${stats(ms)}  flagged ${hits.get(k) ?? 0}/${ms.length}`);
  console.log(`  ${'all'.padEnd(6)} ${stats(all)}`);

  // HTTP
  const app = await buildTestApp(database, { clock: systemClock });
  const session = await signInAs(database, org.orgId, org.adminUserId);
  const httpAll: number[] = [];
  const httpByKind = new Map<string, number[]>();
  for (const p of probes.slice(0, 20)) await app.inject({ method: 'POST', url: '/api/v1/duplicates/check', headers: session.headers, payload: p.probe as never });
  for (const p of probes) {
    const t0 = performance.now();
    const res = await app.inject({ method: 'POST', url: '/api/v1/duplicates/check', headers: session.headers, payload: p.probe as never });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${res.body}`);
    httpAll.push(ms);
    httpByKind.set(p.kind, [...(httpByKind.get(p.kind) ?? []), ms]);
  }
  console.log(`\nPOST /api/v1/duplicates/check via app.inject (${kind})`);
  for (const [k, ms] of httpByKind) console.log(`  ${k.padEnd(6)} ${stats(ms)}`);
  console.log(`  ${'all'.padEnd(6)} ${stats(httpAll)}`);
  await app.close();
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
