/**
 * `npm run bench:accounts` — the accounts list under load (PRODUCT.md 5: list API p95 < 50 ms with
 * 50 concurrent users on 100k accounts).
 *
 * Starts the real app (buildApp, real config) on the large demo organization (seeded when missing),
 * signs in 50 distinct demo users over HTTP (director, managers and reps with scope "own"), then runs
 * 50 concurrent keep-alive clients over loopback HTTP for a bounded time against
 * `GET /api/v1/accounts?limit=50` with a mix of sorts, searches, owner filters and next-page cursors,
 * and reports requests/s, latency percentiles and errors.
 *
 * Engine: DATABASE_URL set → PostgreSQL; else PGlite in BENCH_DATA_DIR (kept, so the seed is reused) or a
 * temporary directory (deleted afterwards). BENCH_WARMUP_S (default 3), BENCH_DURATION_S (default 20),
 * BENCH_CLIENTS (default 50), BENCH_THINK_MS (mean pause between a user's requests, default 1000; 0 = closed-loop
 * saturation test). The clients run in a worker thread so they do not share the server's event loop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/platform/config.js';
import { openDatabase } from '../src/server/platform/db/database.js';
import { systemClock, type AppDeps } from '../src/server/platform/deps.js';
import { DEMO_PASSWORD, DEMO_SIZES, seedDemoWithReport } from '../src/server/seed/demo.js';
import { seededRandom } from './lib/random.js';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const WARMUP_S = num('BENCH_WARMUP_S', 3);
const DURATION_S = num('BENCH_DURATION_S', 20);
const CLIENTS = Math.min(num('BENCH_CLIENTS', 50), 65);
/** mean pause between one user's requests; 0 = closed loop, every client fires back to back (saturation) */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000) || 0;
const SEARCH_WORDS = ['科技', '机械', '贸易', '上海', '深圳', '医疗', '物流', '信息'];

type BenchUser = {
  id: string;
  email: string;
  role: string;
  department_id: string;
  region_id: string | null;
};

interface ClientSpec {
  cookie: string;
  role: string;
  /** owner ids this user may filter on (own id; a manager's reps; any rep for the director) */
  owners: string[];
}

/** The load generator: plain JavaScript, evaluated in a worker thread. */
const CLIENT_WORKER = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { baseUrl, clients, warmupMs, durationMs, words, thinkMs } = workerData;

const rng = ${seededRandom.toString()};

const SORTS = [['updatedAt', 'desc'], ['updatedAt', 'desc'], ['name', 'asc'], ['createdAt', 'desc'], ['createdAt', 'asc'], ['name', 'desc']];

async function runClient(spec, index, t0) {
  const r = rng(1000 + index);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const samples = [];
  const errors = {};
  let last = null; // { params, nextCursor } of the previous list
  const warmEnd = t0 + warmupMs;
  const end = warmEnd + durationMs;
  while (performance.now() < end) {
    let params;
    let kind;
    if (last && last.nextCursor && r() < 0.3) {
      params = new URLSearchParams(last.params);
      params.set('cursor', last.nextCursor);
      kind = 'next-page';
    } else {
      const [sort, order] = pick(SORTS);
      params = new URLSearchParams({ limit: '50', sort, order });
      kind = 'sort:' + sort;
      const x = r();
      if (x < 0.2) {
        params.set('q', pick(words));
        kind = 'search';
      } else if (x < 0.35 && spec.owners.length) {
        params.set('ownerId', pick(spec.owners));
        kind = 'owner';
      }
    }
    const started = performance.now();
    let status = 0;
    let failure = '';
    try {
      const res = await fetch(baseUrl + '/api/v1/accounts?' + params, {
        headers: { cookie: spec.cookie, accept: 'application/json' },
        signal: AbortSignal.timeout(10000),
      });
      status = res.status;
      const body = await res.json();
      if (status === 200) {
        const p = new URLSearchParams(params);
        p.delete('cursor');
        last = { params: p.toString(), nextCursor: body.nextCursor };
        if (!Array.isArray(body.items)) status = -2;
      } else {
        last = null;
      }
    } catch (err) {
      status = -1;
      failure = err && err.name ? err.name : 'error';
    }
    const ms = performance.now() - started;
    if (started >= warmEnd && started < end) {
      samples.push([kind, ms, status, spec.role]);
      if (status !== 200) {
        const key = failure || 'HTTP ' + status;
        errors[key] = (errors[key] || 0) + 1;
      }
    }
    // a person reads the page before the next click: exponential think time with the given mean
    if (thinkMs > 0) await new Promise((res) => setTimeout(res, -thinkMs * Math.log(1 - r())));
  }
  return { samples, errors };
}

(async () => {
  const t0 = performance.now();
  const results = await Promise.all(clients.map((c, i) => runClient(c, i, t0)));
  parentPort.postMessage(results);
})().catch((err) => parentPort.postMessage({ fatal: String(err && err.stack || err) }));
`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1).padStart(7) : '      -');

async function main(): Promise<void> {
  const usePostgres = Boolean(process.env.DATABASE_URL);
  let tempDir: string | undefined;
  let dataDir = process.env.BENCH_DATA_DIR;
  if (!usePostgres && !dataDir) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luodi-bench-'));
    dataDir = tempDir;
  }
  const config = loadConfig({
    ...process.env,
    ...(dataDir ? { LUODI_DATA_DIR: dataDir } : {}),
    LUODI_JOBS: 'off',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
  });
  const engine = usePostgres ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
  console.log(`engine: ${engine}`);

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    const t = Date.now();
    let printed = 0;
    const seeded = await seedDemoWithReport(database, {
      size: 'large',
      onProgress: (done) => {
        if (done - printed >= 20_000) {
          printed = done;
          console.log(`  seeding… ${done} accounts`);
        }
      },
    });
    console.log(seeded.created ? `seeded the large demo in ${((Date.now() - t) / 1000).toFixed(1)} s` : 'large demo already seeded');
    const orgId = DEMO_SIZES.large.orgId;

    // demo users: the director, every manager, then reps — 50 distinct people
    const users = await database.query<BenchUser>(
      `select u.id, u.email, r.key as role, u.department_id, d.parent_id as region_id
         from users u join roles r on r.org_id = u.org_id and r.id = u.role_id
         left join departments d on d.org_id = u.org_id and d.id = u.department_id
        where u.org_id = $1 and u.status = 'active' and r.key in ('director', 'manager', 'rep')
        order by case r.key when 'director' then 0 when 'manager' then 1 else 2 end, u.email`,
      [orgId],
    );
    const reps = users.filter((u) => u.role === 'rep');
    const chosen = users.slice(0, CLIENTS);
    if (chosen.length < CLIENTS) throw new Error(`only ${chosen.length} demo users, need ${CLIENTS}`);

    const deps: AppDeps = { config, database, clock: systemClock, instanceId: `bench-${randomUUID().slice(0, 6)}` };
    const app = await buildApp(deps, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      // sign in over HTTP, two at a time (argon2 verification is deliberately slow)
      const clients: ClientSpec[] = [];
      const signInStarted = Date.now();
      for (let i = 0; i < chosen.length; i += 2) {
        const pair = await Promise.all(
          chosen.slice(i, i + 2).map(async (u) => {
            const res = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ identifier: u.email, password: DEMO_PASSWORD }),
            });
            if (res.status !== 200) throw new Error(`sign-in of ${u.email} failed: HTTP ${res.status} ${await res.text()}`);
            const cookie = res.headers
              .getSetCookie()
              .map((c) => c.split(';')[0]!)
              .find((c) => c.startsWith('luodi_session='));
            if (!cookie) throw new Error(`sign-in of ${u.email} set no session cookie`);
            const owners =
              u.role === 'rep'
                ? [u.id]
                : u.role === 'manager'
                  ? reps.filter((r) => r.region_id === u.department_id).map((r) => r.id)
                  : reps.map((r) => r.id);
            return { cookie, role: u.role, owners } satisfies ClientSpec;
          }),
        );
        clients.push(...pair);
      }
      const roles = clients.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.role]: (acc[c.role] ?? 0) + 1 }), {});
      console.log(`signed in ${clients.length} users (${JSON.stringify(roles)}) in ${((Date.now() - signInStarted) / 1000).toFixed(1)} s`);

      // sanity check of the contract before loading it
      const probe = await fetch(`${baseUrl}/api/v1/accounts?limit=50`, { headers: { cookie: clients[0]!.cookie } });
      const probeBody = (await probe.json()) as { items?: unknown[]; nextCursor?: string | null };
      if (probe.status !== 200 || !Array.isArray(probeBody.items)) {
        throw new Error(`GET /api/v1/accounts answered HTTP ${probe.status}: ${JSON.stringify(probeBody).slice(0, 300)}`);
      }

      console.log(`running ${clients.length} clients: ${WARMUP_S} s warm-up, ${DURATION_S} s measured …`);
      const worker = new Worker(CLIENT_WORKER, {
        eval: true,
        workerData: { baseUrl, clients, warmupMs: WARMUP_S * 1000, durationMs: DURATION_S * 1000, words: SEARCH_WORDS, thinkMs: THINK_MS },
      });
      const results = await new Promise<{ samples: [string, number, number, string][]; errors: Record<string, number> }[]>(
        (resolve, reject) => {
          worker.once('message', (m: unknown) => {
            if (m && typeof m === 'object' && 'fatal' in m) reject(new Error(String((m as { fatal: string }).fatal)));
            else resolve(m as never);
          });
          worker.once('error', reject);
        },
      );
      await worker.terminate();

      const samples = results.flatMap((r) => r.samples);
      const errors: Record<string, number> = {};
      for (const r of results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
      const ok = samples.filter((s) => s[2] === 200);
      const all = stats(ok.map((s) => s[1]));
      const errorCount = samples.length - ok.length;

      console.log('');
      console.log(`GET /api/v1/accounts?limit=50 — ${engine}, ${clients.length} concurrent users, think time ${THINK_MS ? `${THINK_MS} ms (mean)` : '0 (closed loop, saturation)'}, ${DURATION_S} s`);
      console.log(`requests: ${samples.length}  ok: ${ok.length}  errors: ${errorCount}${errorCount ? ` ${JSON.stringify(errors)}` : ''}`);
      console.log(`throughput: ${(ok.length / DURATION_S).toFixed(1)} req/s`);
      console.log(`latency ms:    p50     p95     p99     max       n`);
      const row = (label: string, ms: number[]) => {
        const s = stats(ms);
        console.log(`${label.padEnd(12)}${f(s.p50)} ${f(s.p95)} ${f(s.p99)} ${f(s.max)} ${String(s.n).padStart(7)}`);
      };
      row('all', ok.map((s) => s[1]));
      for (const kind of [...new Set(ok.map((s) => s[0]))].sort()) row(kind, ok.filter((s) => s[0] === kind).map((s) => s[1]));
      for (const role of ['director', 'manager', 'rep']) row(`role:${role}`, ok.filter((s) => s[3] === role).map((s) => s[1]));
      console.log(
        `\n${JSON.stringify({ bench: 'accounts-list', engine: database.kind, clients: clients.length, thinkMs: THINK_MS, seconds: DURATION_S, requests: samples.length, errors: errorCount, rps: +(ok.length / DURATION_S).toFixed(1), p50: +all.p50.toFixed(2), p95: +all.p95.toFixed(2), p99: +all.p99.toFixed(2) })}`,
      );
      if (all.p95 >= 50) console.log(`note: p95 ${all.p95.toFixed(1)} ms is above the 50 ms quality bar (PRODUCT.md 5)`);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('bench failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
