/**
 * The job queue and scheduler: pg-boss 10 (queues in the `pgboss` schema of the app's database) on either
 * engine, plus a slot scheduler of our own.
 *
 *   const jobs = createJobs(deps);
 *   jobs.register('prune-sign-in-failures', async ({ tx, now }) => repo.deleteBefore(tx, …));
 *   jobs.schedule('prune-sign-in-failures', '*\/10 * * * *');
 *   jobs.register('send-report', async ({ data }) => …, { transaction: false });
 *   await jobs.start();  …  await jobs.send('send-report', { reportId });  …  await jobs.stop();
 *
 * Exactly once per scheduled slot, across any number of app instances on one database:
 * 1. Every instance ticks (`runDue(now)`, every `tickMs`) and, for each schedule, computes the latest slot
 *    (the cron minute at or before now, within `graceMs`). A slot already in `job_runs` is skipped.
 * 2. The slot is enqueued with a job id derived from (job, slot), so all instances enqueue the same pg-boss
 *    job; pg-boss inserts with `ON CONFLICT DO NOTHING`, so there is one job per slot.
 * 3. pg-boss hands that job to one worker (`FOR UPDATE SKIP LOCKED`). A redelivery (retry after an expired
 *    or crashed worker, or a second job for the slot after the first was archived) is stopped by the guard:
 *    the handler runs only if `INSERT INTO job_runs … ON CONFLICT DO NOTHING` inserted the row.
 *    In transactional mode (default) the guard row, the handler's work (`ctx.tx`) and the result commit in
 *    one system transaction: the slot's work is committed exactly once, and a failed or crashed run leaves
 *    no row, so pg-boss's retry runs it again. A concurrent duplicate blocks on the row until the first
 *    commits, then does nothing.
 *
 * pg-boss's own cron (`boss.schedule`) works on PGlite too (verified), but is not used: it follows the
 * process clock (tests could not drive it), has minute granularity with a 60 s debounce, and does not tell
 * the handler which slot it runs for, which the `job_runs` key needs.
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Database, Tx } from '../db/database.js';
import type { AppDeps } from '../deps.js';
import { latestSlot, parseCron, type CronExpression } from './cron.js';
import { jobRunsRepository, type JobRunKey } from './jobs.repository.js';
import { pgliteBossDb } from './pgBossDb.js';

/** org_id of system jobs in `job_runs`. */
export const SYSTEM_ORG_ID = '00000000-0000-0000-0000-000000000000';
export const PGBOSS_SCHEMA = 'pgboss';

export interface ScheduledRun {
  /** the slot's minute as an ISO string: the key of the run in job_runs */
  slot: string;
  scheduledAt: Date;
}

export interface JobContext<T> {
  name: string;
  data: T;
  jobId: string;
  /** set when this run is a scheduled slot */
  run: ScheduledRun | null;
  now: Date;
  log: JobLogger;
}

export interface JobLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** without an app logger (scripts, tests): errors and warnings to the console, nothing else */
const quietLogger: JobLogger = {
  info() {},
  debug() {},
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};

export interface TxJobContext<T> extends JobContext<T> {
  /**
   * The system transaction (owner role, no RLS) this run executes in; for a scheduled slot it already
   * holds the job_runs guard row. Do all DB work through it. Never call database.withTenant/withSystem
   * inside the handler: PGlite has one connection and would wait for this transaction forever.
   */
  tx: Tx;
}

export interface RegisterOptions {
  /**
   * true (default): the handler runs inside one system transaction (`ctx.tx`) together with the
   * job_runs guard — use for short database work.
   * false: no transaction is held while the handler runs (it may open its own, call HTTP, …). For a
   * scheduled slot the guard row is committed before the handler and removed again if it throws, so a
   * retry can run; if the process dies mid-run the slot is not retried (at most once).
   */
  transaction?: boolean;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** a run taking longer fails and is retried (default 15 minutes) */
  expireInSeconds?: number;
}

export interface ScheduleOptions {
  /** IANA time zone of the cron expression (default UTC) */
  tz?: string;
  /** a slot missed for longer than this (all instances down) is skipped (default 1 hour) */
  graceMs?: number;
}

export interface SendOptions {
  /** run no earlier than this (Date or epoch ms) */
  startAfter?: Date | number;
  /** a fixed job id: a second send with the same id is ignored while the first job is retained */
  id?: string;
}

export type TxJobHandler<T> = (ctx: TxJobContext<T>) => Promise<unknown>;
export type JobHandler<T> = (ctx: JobContext<T>) => Promise<unknown>;

export interface Jobs {
  register<T = unknown>(name: string, handler: TxJobHandler<T>, opts?: RegisterOptions & { transaction?: true }): void;
  register<T = unknown>(name: string, handler: JobHandler<T>, opts: RegisterOptions & { transaction: false }): void;
  /** Runs the registered job `name` on every slot of `cron` (5 fields), once per slot across instances. */
  schedule(name: string, cron: string, data?: Record<string, unknown>, opts?: ScheduleOptions): void;
  /** Enqueues a job (after start). Returns the job id, or null when deduplicated. */
  send(name: string, data?: Record<string, unknown>, opts?: SendOptions): Promise<string | null>;
  /** Enqueues the due slot of every schedule as of `now`; returns what it enqueued. Called by the ticker. */
  runDue(now?: Date): Promise<{ name: string; slot: string }[]>;
  /** Enqueues one slot of a scheduled job (tests, manual re-runs). `jobId` overrides the derived id. */
  enqueueSlot(name: string, scheduledAt: Date, opts?: { jobId?: string }): Promise<string | null>;
  start(): Promise<void>;
  /** Stops ticking and polling, waits for running jobs to finish (up to stopTimeoutMs). */
  stop(): Promise<void>;
  readonly names: readonly string[];
}

export interface JobsOptions {
  /** PostgreSQL: pg-boss's own small pool on this URL (default: deps.config.databaseUrl) */
  connectionString?: string;
  /** how often workers poll their queue (seconds, ≥ 0.5; default 5). Local sends wake the worker at once. */
  pollingIntervalSeconds?: number;
  /** how often runDue(clock.now()) runs; 0 disables the ticker (tests call runDue). Default 15 s. */
  tickMs?: number;
  stopTimeoutMs?: number;
  /** pg-boss maintenance (expire, archive, purge) every … seconds (default 120) */
  maintenanceIntervalSeconds?: number;
}

interface Registration {
  name: string;
  handler: (ctx: JobContext<unknown> & { tx?: Tx }) => Promise<unknown>;
  transaction: boolean;
  queue: PgBoss.Queue;
  workerId?: string;
}

interface ScheduleEntry {
  name: string;
  cron: CronExpression;
  data: Record<string, unknown>;
  graceMs: number;
}

interface Envelope {
  data: unknown;
  slot?: string;
}

const HOUR = 3_600_000;

/** A stable uuid for (job, slot) — the pg-boss job id of that slot on every instance. */
export function slotJobId(name: string, slot: string): string {
  const h = createHash('sha256').update(`luodi-job\u0000${name}\u0000${slot}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8 (custom)
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function bossFor(database: Database, opts: JobsOptions, fallbackUrl: string | undefined): PgBoss {
  const common: PgBoss.ConstructorOptions = {
    schema: PGBOSS_SCHEMA,
    migrate: true,
    supervise: true,
    schedule: false, // our slot scheduler replaces pg-boss cron (see the header)
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 120,
  };
  if (database.kind === 'pglite') return new PgBoss({ ...common, db: pgliteBossDb(database) as PgBoss.Db });
  const connectionString = opts.connectionString ?? fallbackUrl;
  if (!connectionString) throw new Error('createJobs: PostgreSQL needs a connection string for pg-boss (DATABASE_URL)');
  return new PgBoss({ ...common, connectionString, max: 4, application_name: 'luodi-jobs' });
}

export function createJobs(
  deps: Pick<AppDeps, 'database' | 'clock' | 'instanceId' | 'config' | 'logger'>,
  opts: JobsOptions = {},
): Jobs {
  const { database, clock, instanceId } = deps;
  const log: JobLogger = deps.logger ?? quietLogger;
  const boss = bossFor(database, opts, deps.config.databaseUrl);
  boss.on('error', (err) => log.error({ err }, 'job queue error'));

  const registrations = new Map<string, Registration>();
  const schedules = new Map<string, ScheduleEntry>();
  /** last slot this instance enqueued or found done, per schedule: saves queries on every tick */
  const lastSlot = new Map<string, string>();
  const pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 5;
  const tickMs = opts.tickMs ?? 15_000;
  let state: 'new' | 'starting' | 'started' | 'stopping' | 'stopped' = 'new';
  let ticker: NodeJS.Timeout | undefined;
  let ticking: Promise<unknown> | undefined;

  const ensureStarted = () => {
    if (state !== 'started') throw new Error(`job queue is ${state === 'new' ? 'not started' : state}`);
  };

  /**
   * pg-boss 10's create_queue() deadlocks when two instances create the same queue at once (measured on
   * PostgreSQL 15 with two instances starting together): PostgreSQL aborts one of them. The queue then
   * exists, so skip existing queues and retry a deadlock victim.
   */
  async function ensureQueue(reg: Registration): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await boss.getQueue(reg.name))) await boss.createQueue(reg.name, reg.queue);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
        log.warn({ job: reg.name, attempt }, 'deadlock creating a job queue (another instance is creating it); retrying');
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * attempt));
      }
    }
  }

  async function startWorker(reg: Registration): Promise<void> {
    await ensureQueue(reg);
    reg.workerId = await boss.work<Envelope>(reg.name, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) =>
      job ? execute(reg, job) : undefined,
    );
  }

  async function execute(reg: Registration, job: PgBoss.Job<Envelope>): Promise<unknown> {
    const envelope = job.data ?? { data: undefined };
    const run: ScheduledRun | null = envelope.slot ? { slot: envelope.slot, scheduledAt: new Date(envelope.slot) } : null;
    const key: JobRunKey | null = run ? { orgId: SYSTEM_ORG_ID, jobName: reg.name, slot: run.slot } : null;
    const base = { name: reg.name, data: envelope.data, jobId: job.id, run, log };
    const started = Date.now();
    try {
      return await runHandler(reg, base, key, run, started);
    } catch (err) {
      log.error({ err, job: reg.name, slot: run?.slot, jobId: job.id }, 'job failed');
      throw err;
    }
  }

  async function runHandler(
    reg: Registration,
    base: Omit<JobContext<unknown>, 'now'>,
    key: JobRunKey | null,
    run: ScheduledRun | null,
    started: number,
  ): Promise<unknown> {
    if (reg.transaction) {
      const outcome = await database.withSystem(async (tx) => {
        const now = clock.now();
        if (key && !(await jobRunsRepository.claim(tx, key, instanceId, now))) return { skipped: true as const };
        const result = await reg.handler({ ...base, now, tx });
        if (key) await jobRunsRepository.finish(tx, key, clock.now(), result);
        return { skipped: false as const, result };
      });
      logOutcome(reg.name, run, outcome.skipped, started);
      return outcome.skipped ? { skipped: 'slot already ran' } : outcome.result;
    }

    const now = clock.now();
    if (key) {
      const claimed = await database.withSystem((tx) => jobRunsRepository.claim(tx, key, instanceId, now));
      if (!claimed) {
        logOutcome(reg.name, run, true, started);
        return { skipped: 'slot already ran' };
      }
    }
    try {
      const result = await reg.handler({ ...base, now });
      if (key) await database.withSystem((tx) => jobRunsRepository.finish(tx, key, clock.now(), result));
      logOutcome(reg.name, run, false, started);
      return result;
    } catch (err) {
      if (key) await database.withSystem((tx) => jobRunsRepository.release(tx, key, instanceId)).catch(() => {});
      throw err;
    }
  }

  function logOutcome(name: string, run: ScheduledRun | null, skipped: boolean, started: number) {
    const fields = { job: name, slot: run?.slot, instanceId, ms: Date.now() - started };
    if (skipped) log.debug(fields, 'job slot already ran elsewhere; skipped');
    else log.info(fields, 'job ran');
  }

  async function enqueueSlot(name: string, scheduledAt: Date, o: { jobId?: string } = {}): Promise<string | null> {
    ensureStarted();
    const entry = schedules.get(name);
    const slot = scheduledAt.toISOString();
    const envelope: Envelope = { data: entry?.data ?? {}, slot };
    const id = await boss.send(name, envelope, { id: o.jobId ?? slotJobId(name, slot) });
    const reg = registrations.get(name);
    if (id && reg?.workerId) boss.notifyWorker(reg.workerId);
    return id;
  }

  async function runDue(now: Date = clock.now()): Promise<{ name: string; slot: string }[]> {
    ensureStarted();
    const enqueued: { name: string; slot: string }[] = [];
    for (const entry of schedules.values()) {
      if (state !== 'started') break;
      try {
        const at = latestSlot(entry.cron, now, entry.graceMs);
        if (!at) continue;
        const slot = at.toISOString();
        if (lastSlot.get(entry.name) === slot) continue;
        const done = await database.withSystem((tx) => jobRunsRepository.exists(tx, { orgId: SYSTEM_ORG_ID, jobName: entry.name, slot }));
        if (!done) {
          await enqueueSlot(entry.name, at);
          enqueued.push({ name: entry.name, slot });
        }
        lastSlot.set(entry.name, slot);
      } catch (err) {
        log.error({ err, job: entry.name }, 'could not enqueue a scheduled job');
      }
    }
    return enqueued;
  }

  const jobs: Jobs = {
    register(name: string, handler: TxJobHandler<never> | JobHandler<never>, o: RegisterOptions = {}) {
      if (registrations.has(name)) throw new Error(`job ${name} is already registered`);
      const reg: Registration = {
        name,
        handler: handler as Registration['handler'],
        transaction: o.transaction !== false,
        queue: {
          name,
          policy: 'standard',
          retryLimit: o.retryLimit ?? 2,
          retryDelay: o.retryDelaySeconds ?? 30,
          expireInSeconds: o.expireInSeconds ?? 15 * 60,
        },
      };
      registrations.set(name, reg);
      if (state === 'started') void startWorker(reg).catch((err: unknown) => log.error({ err, job: name }, 'could not start a job worker'));
    },

    schedule(name, cron, data = {}, o = {}) {
      if (!registrations.has(name)) throw new Error(`schedule ${name}: register the job first`);
      schedules.set(name, { name, cron: parseCron(cron, o.tz), data, graceMs: o.graceMs ?? HOUR });
    },

    async send(name, data = {}, o = {}) {
      ensureStarted();
      const envelope: Envelope = { data };
      const id = await boss.send(name, envelope, {
        id: o.id,
        startAfter: typeof o.startAfter === 'number' ? new Date(o.startAfter) : o.startAfter,
      });
      const reg = registrations.get(name);
      if (id && reg?.workerId && o.startAfter === undefined) boss.notifyWorker(reg.workerId);
      return id;
    },

    runDue,
    enqueueSlot,

    async start() {
      if (state !== 'new') throw new Error(`job queue already ${state}`);
      state = 'starting';
      await boss.start();
      for (const reg of registrations.values()) await startWorker(reg);
      state = 'started';
      if (tickMs > 0 && schedules.size > 0) {
        const tick = () => {
          if (state !== 'started' || ticking) return;
          ticking = runDue(clock.now()).finally(() => (ticking = undefined));
        };
        ticker = setInterval(tick, tickMs);
        ticker.unref();
        tick();
      }
    },

    async stop() {
      if (state !== 'started' && state !== 'starting') return;
      state = 'stopping';
      if (ticker) clearInterval(ticker);
      await ticking;
      // stops polling; waits (up to the timeout) for running handlers, then fails what is still running
      await boss.stop({ graceful: true, wait: true, close: true, timeout: opts.stopTimeoutMs ?? 10_000 });
      // pg-boss completes jobs without awaiting; PGlite runs statements in order, so this flushes them
      if (database.kind === 'pglite') await database.query('select 1').catch(() => {});
      state = 'stopped';
    },

    get names() {
      return [...registrations.keys()];
    },
  };
  return jobs;
}
