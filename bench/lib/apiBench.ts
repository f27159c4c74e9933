/**
 * The frame of the HTTP load benches in the style of bench/accounts-list.ts: the real app (buildApp, real config)
 * on the large demo organization (seeded when missing, sales data included), demo users signed in over HTTP,
 * keep-alive clients in a worker thread (so they do not share the server's event loop), latency percentiles.
 *
 * Engine: DATABASE_URL set → PostgreSQL; else PGlite in BENCH_DATA_DIR (kept) or a temporary directory.
 * BENCH_WARMUP_S (default 3), BENCH_DURATION_S (default 20), BENCH_CLIENTS (default 50), BENCH_THINK_MS (mean pause
 * between one user's requests, default 1000; 0 = closed loop).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/platform/config.js';
import { openDatabase, type Database } from '../../src/server/platform/db/database.js';
import { systemClock, type AppDeps } from '../../src/server/platform/deps.js';
import { DEMO_PASSWORD, seedDemoWithReport, type SeedReport } from '../../src/server/seed/demo.js';

export const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
export const WARMUP_S = num('BENCH_WARMUP_S', 3);
export const DURATION_S = num('BENCH_DURATION_S', 20);
export const CLIENTS = Math.min(num('BENCH_CLIENTS', 50), 200);
export const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000) || 0;

export interface BenchContext {
  database: Database;
  baseUrl: string;
  engine: string;
  seed: SeedReport;
}

/** Opens the database, seeds the large demo (accounts and sales), starts the app; runs `fn`; cleans up. */
export async function withBenchApp(fn: (ctx: BenchContext) => Promise<void>): Promise<void> {
  const usePostgres = Boolean(process.env.DATABASE_URL);
  let tempDir: string | undefined;
  let dataDir = process.env.BENCH_DATA_DIR;
  if (!usePostgres && !dataDir) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luodi-bench-'));
    dataDir = tempDir;
  }
  const config = loadConfig({ ...process.env, ...(dataDir ? { LUODI_DATA_DIR: dataDir } : {}), LUODI_JOBS: 'off', LOG_LEVEL: 'silent', HOST: '127.0.0.1' });
  const engine = usePostgres ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
  console.log(`engine: ${engine}`);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    const t = Date.now();
    let printed = 0;
    const seed = await seedDemoWithReport(database, {
      size: 'large',
      onProgress: (done) => {
        if (done - printed >= 20_000) {
          printed = done;
          console.log(`  seeding… ${done} accounts`);
        }
      },
      onSalesProgress: (step) => console.log(`  seeding sales: ${step}`),
    });
    console.log(seed.created || seed.sales.created ? `seeded the large demo in ${((Date.now() - t) / 1000).toFixed(1)} s` : 'large demo already seeded');
    const deps: AppDeps = { config, database, clock: systemClock, instanceId: `bench-${randomUUID().slice(0, 6)}` };
    const app = await buildApp(deps, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await fn({ database, baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, engine, seed });
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Signs demo users in over HTTP, two at a time (argon2 is deliberately slow); returns their session cookies. */
export async function signIn(baseUrl: string, emails: string[]): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < emails.length; i += 2) {
    const pair = await Promise.all(
      emails.slice(i, i + 2).map(async (email) => {
        const res = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ identifier: email, password: DEMO_PASSWORD }),
        });
        if (res.status !== 200) throw new Error(`sign-in of ${email} failed: HTTP ${res.status} ${await res.text()}`);
        const cookie = res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0]!)
          .find((c) => c.startsWith('luodi_session='));
        if (!cookie) throw new Error(`sign-in of ${email} set no session cookie`);
        return cookie;
      }),
    );
    cookies.push(...pair);
  }
  return cookies;
}

export type Sample = [kind: string, ms: number, status: number, role: string];

/**
 * Runs the clients in a worker thread and returns every sample taken after the warm-up. `clientCode` is plain
 * JavaScript defining `next(spec, r, state, extra)` → `{ kind, url }` (the next request; `r()` is the client's
 * seeded random), `valid(body)` (a 200 answer has the contract's shape) and `after(spec, state, status, body, kind)`.
 * Each client spec needs `cookie` and `role`.
 */
export async function runClients(
  baseUrl: string,
  clientCode: string,
  clients: { cookie: string; role: string }[],
  extra: Record<string, unknown> = {},
): Promise<{ samples: Sample[]; errors: Record<string, number> }> {
  const source = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { baseUrl, clients, warmupMs, durationMs, thinkMs, extra } = workerData;
function seededRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
${clientCode}
async function runClient(spec, index, t0) {
  const r = seededRandom(1000 + index);
  const state = {};
  const samples = [];
  const errors = {};
  const warmEnd = t0 + warmupMs;
  const end = warmEnd + durationMs;
  while (performance.now() < end) {
    const { kind, url } = next(spec, r, state, extra);
    const started = performance.now();
    let status = 0;
    let failure = '';
    let body = null;
    try {
      const res = await fetch(baseUrl + url, { headers: { cookie: spec.cookie, accept: 'application/json' }, signal: AbortSignal.timeout(10000) });
      status = res.status;
      body = await res.json();
    } catch (err) {
      status = -1;
      failure = err && err.name ? err.name : 'error';
    }
    const ms = performance.now() - started;
    if (status === 200 && !valid(body)) status = -2;
    after(spec, state, status, body, kind);
    if (started >= warmEnd && started < end) {
      samples.push([kind, ms, status, spec.role]);
      if (status !== 200) {
        const key = failure || 'HTTP ' + status;
        errors[key] = (errors[key] || 0) + 1;
      }
    }
    if (thinkMs > 0) await new Promise((res) => setTimeout(res, -thinkMs * Math.log(1 - r())));
  }
  return { samples, errors };
}
(async () => {
  const t0 = performance.now();
  const results = await Promise.all(clients.map((c, i) => runClient(c, i, t0)));
  parentPort.postMessage(results);
})().catch((err) => parentPort.postMessage({ fatal: String((err && err.stack) || err) }));
`;
  const worker = new Worker(source, {
    eval: true,
    workerData: { clients, warmupMs: WARMUP_S * 1000, durationMs: DURATION_S * 1000, thinkMs: THINK_MS, extra, baseUrl },
  });
  const results = await new Promise<{ samples: Sample[]; errors: Record<string, number> }[]>((resolve, reject) => {
    worker.once('message', (m: unknown) => {
      if (m && typeof m === 'object' && 'fatal' in m) reject(new Error(String((m as { fatal: string }).fatal)));
      else resolve(m as never);
    });
    worker.once('error', reject);
  });
  await worker.terminate();
  const errors: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  return { samples: results.flatMap((r) => r.samples), errors };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1).padStart(7) : '      -');

/** Prints the result table and a JSON summary line; returns the overall stats. */
export function report(bench: string, title: string, engine: string, databaseKind: string, clients: number, run: { samples: Sample[]; errors: Record<string, number> }, goalMs: number) {
  const { samples, errors } = run;
  const ok = samples.filter((s) => s[2] === 200);
  const all = stats(ok.map((s) => s[1]));
  const errorCount = samples.length - ok.length;
  console.log('');
  console.log(`${title} — ${engine}, ${clients} concurrent users, think time ${THINK_MS ? `${THINK_MS} ms (mean)` : '0 (closed loop, saturation)'}, ${DURATION_S} s`);
  console.log(`requests: ${samples.length}  ok: ${ok.length}  errors: ${errorCount}${errorCount ? ` ${JSON.stringify(errors)}` : ''}`);
  console.log(`throughput: ${(ok.length / DURATION_S).toFixed(1)} req/s`);
  console.log(`latency ms:    p50     p95     p99     max       n`);
  const row = (label: string, ms: number[]) => {
    const s = stats(ms);
    console.log(`${label.padEnd(14)}${f(s.p50)} ${f(s.p95)} ${f(s.p99)} ${f(s.max)} ${String(s.n).padStart(7)}`);
  };
  row('all', ok.map((s) => s[1]));
  for (const kind of [...new Set(ok.map((s) => s[0]))].sort()) row(kind, ok.filter((s) => s[0] === kind).map((s) => s[1]));
  for (const role of [...new Set(ok.map((s) => s[3]))].sort()) row(`role:${role}`, ok.filter((s) => s[3] === role).map((s) => s[1]));
  console.log(
    `\n${JSON.stringify({ bench, engine: databaseKind, clients, thinkMs: THINK_MS, seconds: DURATION_S, requests: samples.length, errors: errorCount, rps: +(ok.length / DURATION_S).toFixed(1), p50: +all.p50.toFixed(2), p95: +all.p95.toFixed(2), p99: +all.p99.toFixed(2) })}`,
  );
  if (all.p95 >= goalMs) console.log(`note: p95 ${all.p95.toFixed(1)} ms is above the ${goalMs} ms goal`);
  return all;
}
