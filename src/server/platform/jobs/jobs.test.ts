import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestOrg, createTestUser } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { loadConfig } from '../config.js';
import { openPostgres, type Database } from '../db/database.js';
import { sessions, signInFailures } from '../db/schema.js';
import { ManualClock } from '../deps.js';
import { createJobs, SYSTEM_ORG_ID, type JobLogger, type Jobs, type TxJobHandler } from './jobs.js';
import { jobRunsRepository } from './jobs.repository.js';
import { registerSystemJobs, SIGN_IN_FAILURE_RETENTION_MS } from './systemJobs.js';

const PG_URL = process.env.TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** collects what the runner logs, instead of printing the expected failures */
const logged: { level: string; msg: string; obj: object }[] = [];
const logger = Object.fromEntries(
  ['info', 'warn', 'error', 'debug'].map((level) => [level, (obj: object, msg: string) => logged.push({ level, msg, obj })]),
) as unknown as JobLogger;

function newRunner(database: Database, instanceId: string, clock = new ManualClock(new Date('2100-01-01T00:00:00Z'))): Jobs {
  return createJobs(
    { database, clock, instanceId, config: loadConfig({}), logger: logger as never },
    { connectionString: PG_URL, pollingIntervalSeconds: 0.5, tickMs: 0, stopTimeoutMs: 5_000 },
  );
}

/** a queue name of its own per test: the PostgreSQL test database is shared between runs */
const jobName = (what: string) => `test-${what}-${randomUUID().slice(0, 8)}`;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** true when every pg-boss job of the queue reached a final state (and there are at least `min`) */
async function queueSettled(database: Database, name: string, min: number): Promise<boolean> {
  const rows = await database.query<{ total: number; open: number }>(
    `select count(*)::int as total, count(*) filter (where state not in ('completed', 'failed', 'cancelled'))::int as open
       from pgboss.job where name = $1`,
    [name],
  );
  return rows[0]!.total >= min && rows[0]!.open === 0;
}

const dropQueues: { database: Database; name: string }[] = [];
afterAll(async () => {
  for (const { database, name } of dropQueues) await database.query('select pgboss.delete_queue($1)', [name]).catch(() => {});
});

describe(`job queue on ${testDatabaseKind()} (one instance)`, () => {
  it('runs a scheduled slot once, even when the slot is delivered twice', async () => {
    const database = await getTestDatabase();
    const jobs = newRunner(database, 'solo');
    const name = jobName('once');
    let calls = 0;
    jobs.register(name, async ({ run, data }) => ({ call: ++calls, slot: run?.slot, data }));
    jobs.schedule(name, '*/5 * * * *', { hello: 'world' });
    await jobs.start();
    dropQueues.push({ database, name });
    try {
      const due = await jobs.runDue(new Date('2100-01-01T00:07:30Z'));
      expect(due).toEqual([{ name, slot: '2100-01-01T00:05:00.000Z' }]);
      expect(await jobs.runDue(new Date('2100-01-01T00:09:59Z'))).toEqual([]); // same slot
      // a duplicate delivery of the same slot (another job id, as after an archive)
      await jobs.enqueueSlot(name, new Date('2100-01-01T00:05:00Z'), { jobId: randomUUID() });
      await waitFor('both deliveries', () => queueSettled(database, name, 2));
      expect(calls).toBe(1);
      const runs = await database.withSystem((tx) => jobRunsRepository.listByJob(tx, SYSTEM_ORG_ID, name));
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        slot: '2100-01-01T00:05:00.000Z',
        instanceId: 'solo',
        result: { call: 1, slot: '2100-01-01T00:05:00.000Z', data: { hello: 'world' } },
      });
      expect(runs[0]!.finishedAt).toBeInstanceOf(Date);

      // the next slot runs
      expect(await jobs.runDue(new Date('2100-01-01T00:10:00Z'))).toEqual([{ name, slot: '2100-01-01T00:10:00.000Z' }]);
      await waitFor('the next slot', () => queueSettled(database, name, 3));
      expect(calls).toBe(2);
    } finally {
      await jobs.stop();
    }
  });

  it('rolls back the guard with a failed run, so the retry runs the slot', async () => {
    const database = await getTestDatabase();
    const jobs = newRunner(database, 'solo');
    const name = jobName('retry');
    let calls = 0;
    jobs.register(
      name,
      async () => {
        calls++;
        if (calls === 1) throw new Error('first attempt fails');
        return { ok: true };
      },
      { retryDelaySeconds: 0 },
    );
    jobs.schedule(name, '* * * * *');
    await jobs.start();
    dropQueues.push({ database, name });
    try {
      await jobs.runDue(new Date('2100-01-02T00:00:10Z'));
      const run = await waitFor('the retried run', async () => {
        const runs = await database.withSystem((tx) => jobRunsRepository.listByJob(tx, SYSTEM_ORG_ID, name));
        return runs[0]?.finishedAt ? runs[0] : undefined;
      });
      expect(run.result).toEqual({ ok: true });
      expect(calls).toBe(2);
      expect(logged.some((l) => l.level === 'error' && l.msg === 'job failed' && (l.obj as { job: string }).job === name)).toBe(true);
    } finally {
      await jobs.stop();
    }
  });

  it('runs sent jobs, and a graceful stop lets the running job finish', async () => {
    const database = await getTestDatabase();
    const jobs = newRunner(database, 'solo');
    const name = jobName('send');
    const events: string[] = [];
    jobs.register(
      name,
      async ({ data }) => {
        events.push(`start ${(data as { n: number }).n}`);
        await sleep(600);
        events.push(`end ${(data as { n: number }).n}`);
      },
      { transaction: false },
    );
    await jobs.start();
    dropQueues.push({ database, name });
    await jobs.send(name, { n: 1 });
    await waitFor('the job to start', async () => events.length > 0);
    await jobs.stop();
    expect(events).toEqual(['start 1', 'end 1']);
    await expect(jobs.send(name, { n: 2 })).rejects.toThrow(/stopped/);
    const rows = await database.query<{ state: string }>('select state from pgboss.job where name = $1', [name]);
    expect(rows.map((r) => r.state)).toEqual(['completed']);
  });
});

describe(`system jobs on ${testDatabaseKind()}`, () => {
  function systemHandlers(kind: Database['kind'] = testDatabaseKind()) {
    const handlers = new Map<string, TxJobHandler<unknown>>();
    const crons = new Map<string, string>();
    registerSystemJobs(
      {
        register: (name: string, handler: TxJobHandler<unknown>) => handlers.set(name, handler),
        schedule: (name: string, cron: string) => crons.set(name, cron),
      } as unknown as Jobs,
      { database: { kind } as Database },
    );
    const run = (database: Database, name: string, now: Date) =>
      database.withSystem((tx) =>
        handlers.get(name)!({ tx, now, name, data: {}, jobId: randomUUID(), run: null, log: console }),
      );
    return { crons, run };
  }

  it('refreshes planner statistics hourly on the embedded database only', async () => {
    expect(systemHandlers('postgres').crons.has('refresh-planner-statistics')).toBe(false);
    const { crons, run } = systemHandlers('pglite');
    expect(crons.get('refresh-planner-statistics')).toBe('41 * * * *');
    const database = await getTestDatabase();
    await expect(run(database, 'refresh-planner-statistics', new Date())).resolves.toEqual({ analyzed: true });
  });

  it('prune-sign-in-failures deletes failures older than an hour', async () => {
    const database = await getTestDatabase();
    const { crons, run } = systemHandlers();
    expect(crons.get('prune-sign-in-failures')).toBe('*/10 * * * *');
    const now = new Date();
    const key = `ip:test-${randomUUID()}`;
    await database.withSystem((tx) =>
      tx.insert(signInFailures).values([
        { key, failedAt: new Date(now.getTime() - SIGN_IN_FAILURE_RETENTION_MS - 60_000) },
        { key, failedAt: new Date(now.getTime() - 10 * 60_000) },
      ]),
    );
    const result = (await run(database, 'prune-sign-in-failures', now)) as { deleted: number };
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    const left = await database.withSystem((tx) => tx.select().from(signInFailures).where(eq(signInFailures.key, key)));
    expect(left).toHaveLength(1);
  });

  it('prune-expired-sessions deletes expired sessions of every organization', async () => {
    const database = await getTestDatabase();
    const { crons, run } = systemHandlers();
    expect(crons.get('prune-expired-sessions')).toBe('17 * * * *');
    const now = new Date();
    const orgs = [await createTestOrg(database), await createTestOrg(database)];
    for (const org of orgs) {
      const user = await createTestUser(database, org);
      await database.withTenant(org.orgId, (tx) =>
        tx.insert(sessions).values([
          { orgId: org.orgId, tokenHash: `expired-${user.id}`, userId: user.id, csrfToken: 'x', expiresAt: new Date(now.getTime() - 1000) },
          { orgId: org.orgId, tokenHash: `live-${user.id}`, userId: user.id, csrfToken: 'x', expiresAt: new Date(now.getTime() + 3_600_000) },
        ]),
      );
    }
    await run(database, 'prune-expired-sessions', now);
    for (const org of orgs) {
      const left = await database.withTenant(org.orgId, (tx) =>
        tx.select({ tokenHash: sessions.tokenHash }).from(sessions).where(and(eq(sessions.orgId, org.orgId))),
      );
      expect(left.map((s) => s.tokenHash.split('-')[0])).toEqual(['live']);
    }
  });
});

describe.skipIf(!PG_URL)('job queue with two app instances on one PostgreSQL (skipped: set TEST_DATABASE_URL to run)', () => {
  it('runs every scheduled slot exactly once across both instances', async () => {
    const databases = [await openPostgres({ url: PG_URL!, poolSize: 5 }), await openPostgres({ url: PG_URL!, poolSize: 5 })];
    await databases[0]!.migrate();
    const name = jobName('two');
    const calls: Record<string, string[]> = {};
    const runners = databases.map((database, i) => {
      const jobs = newRunner(database, `instance-${i}`);
      jobs.register(name, async ({ run }) => {
        (calls[run!.slot] ??= []).push(`instance-${i}`);
        await sleep(30); // widen the window for concurrent duplicate deliveries
        return { by: i };
      });
      jobs.schedule(name, '* * * * *');
      return jobs;
    });
    await Promise.all(runners.map((r) => r.start())); // both create the queue at once
    dropQueues.push({ database: databases[0]!, name });
    try {
      const slots = [0, 1, 2, 3, 4].map((m) => new Date(Date.UTC(2100, 0, 3, 0, m)));
      for (const slot of slots) {
        const now = new Date(slot.getTime() + 20_000);
        // both instances tick at the same time, and each also delivers the slot once more under another job id
        await Promise.all([
          ...runners.map((r) => r.runDue(now)),
          ...runners.map((r) => r.enqueueSlot(name, slot, { jobId: randomUUID() })),
        ]);
      }
      // per slot: one job from the ticks (same id on both instances) + two duplicates
      await waitFor('all deliveries', () => queueSettled(databases[0]!, name, slots.length * 3), 30_000);
      expect(Object.keys(calls).sort()).toEqual(slots.map((s) => s.toISOString()));
      for (const slot of slots) expect(calls[slot.toISOString()]).toHaveLength(1);
      const runs = await databases[0]!.withSystem((tx) => jobRunsRepository.listByJob(tx, SYSTEM_ORG_ID, name));
      expect(runs.map((r) => r.slot)).toEqual(slots.map((s) => s.toISOString()));
      expect(runs.every((r) => r.finishedAt !== null)).toBe(true);
      const jobsPerState = await databases[0]!.query<{ state: string; n: number }>(
        'select state, count(*)::int as n from pgboss.job where name = $1 group by state',
        [name],
      );
      expect(jobsPerState).toEqual([{ state: 'completed', n: slots.length * 3 }]);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      for (const d of databases) await d.close();
    }
  }, 60_000);
});
