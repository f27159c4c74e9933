import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../core/pools/rules.js';
import { loadConfig } from '../../platform/config.js';
import { ManualClock } from '../../platform/deps.js';
import { createJobs } from '../../platform/jobs/index.js';
import {
  buildTestApp,
  createTestDepartment,
  createTestOrg,
  createTestUser,
  signInAs,
  type TestSession,
} from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { createAccount } from '../accounts/accounts.testkit.js';
import { reclaimIdleCustomers, registerPoolJobs } from './pools.reclaim.js';

const T0 = new Date('2026-03-02T02:00:00.000Z'); // 10:00 in Shanghai
const MIN = 60_000;

async function setup() {
  const database = await getTestDatabase();
  const clock = new ManualClock(T0);
  const app = await buildTestApp(database, { clock });
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = async (session: TestSession, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...session.headers, 'accept-language': 'en' }, payload: payload as never });
  const newRep = async (opts: { departmentId?: string; role?: 'rep' | 'manager' } = {}) => {
    const user = await createTestUser(database, org, { role: opts.role ?? 'rep', departmentId: opts.departmentId });
    return { ...user, session: await signInAs(database, org.orgId, user.id) };
  };
  const defaultPool = async () => (await call(admin, 'GET', '/pools')).json().items.find((p: { isDefault: boolean }) => p.isDefault);
  const reclaim = () => reclaimIdleCustomers(database, clock.now(), { orgIds: [org.orgId] });
  return { database, clock, app, org, admin, call, newRep, defaultPool, reclaim };
}

type Ctx = Awaited<ReturnType<typeof setup>>;

/** n customers created by the admin and released to the default pool */
async function poolCustomers(ctx: Ctx, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = await createAccount(ctx.app, ctx.admin);
    const res = await ctx.call(ctx.admin, 'POST', `/accounts/${a.id}/release`, { reason: '批量放入公海' });
    expect(res.statusCode, res.body).toBe(204);
    ids.push(a.id);
  }
  return ids;
}

async function history(ctx: Ctx, id: string) {
  return (await ctx.call(ctx.admin, 'GET', `/accounts/${id}/history`)).json().items as { action: string; actorId: string | null; changes: { field: string; old: unknown; new: unknown }[] }[];
}

describe(`public pool on ${testDatabaseKind()}`, () => {
  it('creates the default pool lazily and shows the reclaim time on the customer', async () => {
    const ctx = await setup();
    const pool = await ctx.defaultPool();
    expect(pool).toMatchObject({
      isDefault: true,
      active: true,
      departmentIds: [],
      rules: { reclaim: { idleDays: { default: 30 }, noDealDays: null, noWinDays: null, exemptWon: true, exemptLocked: true }, reminderDays: 2, claimCapPerDay: 10, cooldownDays: 7, holdingCap: 500 },
    });
    const rep = await ctx.newRep();
    const account = await createAccount(ctx.app, rep.session);
    expect(account).toMatchObject({ reclaimDueAt: new Date(T0.getTime() + 30 * DAY_MS).toISOString(), poolId: null, inPool: false });

    // rules change: the pool's customers get new reclaim times (per tier, default for the others)
    const patched = await ctx.call(ctx.admin, 'PATCH', `/pools/${pool.id}`, {
      rules: { ...pool.rules, reclaim: { ...pool.rules.reclaim, idleDays: { default: 10, A: 60 } } },
      version: pool.version,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const after = (await ctx.call(rep.session, 'GET', `/accounts/${account.id}`)).json();
    expect(after.reclaimDueAt).toBe(new Date(T0.getTime() + 10 * DAY_MS).toISOString());

    // invalid rules are refused; reps cannot edit pools
    const bad = await ctx.call(ctx.admin, 'PATCH', `/pools/${pool.id}`, { rules: { ...pool.rules, reminderDays: -1 }, version: 2 });
    expect(bad.statusCode).toBe(400);
    expect((await ctx.call(rep.session, 'POST', '/pools', { name: 'x', rules: pool.rules })).statusCode).toBe(403);
    // the default pool cannot be removed
    expect((await ctx.call(ctx.admin, 'DELETE', `/pools/${pool.id}`)).json().error.code).toBe('DEFAULT_POOL_REQUIRED');
  });

  it('reminds the owner M days before, once, and the job reclaims an idle customer into the pool with its history', async () => {
    const ctx = await setup();
    const rep = await ctx.newRep();
    const account = await createAccount(ctx.app, rep.session, { name: `闲置客户-${randomUUID().slice(0, 6)}` });
    const notifications = async () => (await ctx.call(rep.session, 'GET', '/notifications')).json().items as { kind: string; title: string }[];

    ctx.clock.set(new Date(T0.getTime() + 27 * DAY_MS));
    expect(await ctx.reclaim()).toMatchObject({ reclaimed: 0, reminded: 0 });

    ctx.clock.set(new Date(T0.getTime() + 28 * DAY_MS + MIN)); // 2 days (minus a minute) before reclaim
    expect(await ctx.reclaim()).toMatchObject({ reclaimed: 0, reminded: 1 });
    ctx.clock.advance(10 * MIN);
    expect(await ctx.reclaim()).toMatchObject({ reclaimed: 0, reminded: 0 }); // the job runs again: no second reminder
    expect((await notifications()).filter((n) => n.kind === 'pool.reminder')).toHaveLength(1);

    ctx.clock.set(new Date(T0.getTime() + 30 * DAY_MS + MIN));
    expect(await ctx.reclaim()).toMatchObject({ reclaimed: 1 });
    expect(await ctx.reclaim()).toMatchObject({ reclaimed: 0 });

    const reclaimed = (await ctx.call(ctx.admin, 'GET', `/accounts/${account.id}`)).json();
    expect(reclaimed).toMatchObject({ ownerId: null, inPool: true, poolName: '公海', reclaimDueAt: null });
    const events = await history(ctx, account.id);
    expect(events[0]).toMatchObject({ action: 'reclaim', actorId: null });
    expect(events[0]!.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'ownerId', old: rep.id, new: null }),
        expect.objectContaining({ field: 'reason', new: '超过 30 天未有效跟进' }),
      ]),
    );
    expect((await notifications()).map((n) => n.kind)).toEqual(['pool.reclaimed', 'pool.reminder']);
    // the rep no longer sees it among their customers, but finds it in the pool
    expect((await ctx.call(rep.session, 'GET', '/accounts?inPool=false')).json().items).toHaveLength(0);
    expect((await ctx.call(rep.session, 'GET', '/accounts?inPool=true')).json().items.map((a: { id: string }) => a.id)).toEqual([account.id]);
  });

  it('runs as the scheduled job through the jobs platform: once per slot, reminders once per episode', async () => {
    const ctx = await setup();
    const rep = await ctx.newRep();
    const account = await createAccount(ctx.app, rep.session);
    const instanceClock = new ManualClock(T0);
    const jobs = createJobs(
      { database: ctx.database, clock: instanceClock, instanceId: `pool-test-${randomUUID().slice(0, 6)}`, config: loadConfig({}) },
      { connectionString: process.env.TEST_DATABASE_URL, pollingIntervalSeconds: 0.5, tickMs: 0, stopTimeoutMs: 5_000 },
    );
    const name = `reclaim-test-${randomUUID().slice(0, 8)}`;
    registerPoolJobs(jobs, { database: ctx.database }, { name, orgIds: [ctx.org.orgId] });
    await jobs.start();
    try {
      const runSlot = async (at: Date) => {
        instanceClock.set(at);
        const due = await jobs.runDue(at);
        expect(due).toHaveLength(1);
        await waitFor(async () => {
          const rows = await ctx.database.query<{ n: number }>(`select count(*)::int as n from job_runs where job_name = $1 and finished_at is not null`, [name]);
          return rows[0]!.n >= 1 + ranSlots;
        });
        ranSlots++;
      };
      let ranSlots = 0;
      await runSlot(new Date(T0.getTime() + 28 * DAY_MS + 5 * MIN));
      expect(await jobs.runDue(new Date(T0.getTime() + 28 * DAY_MS + 9 * MIN))).toEqual([]); // same slot: nothing
      await runSlot(new Date(T0.getTime() + 28 * DAY_MS + 15 * MIN));
      const reminders = (await ctx.call(rep.session, 'GET', '/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'pool.reminder');
      expect(reminders).toHaveLength(1);
      await runSlot(new Date(T0.getTime() + 30 * DAY_MS + 5 * MIN));
      expect((await ctx.call(ctx.admin, 'GET', `/accounts/${account.id}`)).json()).toMatchObject({ ownerId: null, inPool: true });
      expect((await history(ctx, account.id)).filter((e) => e.action === 'reclaim')).toHaveLength(1);
    } finally {
      await jobs.stop();
      await ctx.database.query('select pgboss.delete_queue($1)', [name]).catch(() => {});
    }
  });

  it('refuses the 11th claim of the day beyond a cap of 10, and allows it the next day', async () => {
    const ctx = await setup();
    const pool = await ctx.defaultPool();
    const ids = await poolCustomers(ctx, 12);
    const rep = await ctx.newRep();
    const claim = (accountIds: string[]) => ctx.call(rep.session, 'POST', `/pools/${pool.id}/claim`, { accountIds });

    expect((await claim(ids.slice(0, 4))).json().accountIds.sort()).toEqual([...ids.slice(0, 4)].sort());
    for (const id of ids.slice(4, 10)) expect((await claim([id])).statusCode).toBe(200);
    const eleventh = await claim([ids[10]!]);
    expect(eleventh.statusCode).toBe(422);
    expect(eleventh.json().error).toMatchObject({ code: 'CLAIM_CAP_REACHED', message: 'Daily claim limit exceeded: at most 10 customers a day, and you have claimed 10 today' });
    const zh = await ctx.app.inject({ method: 'POST', url: `/api/v1/pools/${pool.id}/claim`, headers: { ...rep.session.headers, 'accept-language': 'zh-CN' }, payload: { accountIds: [ids[10]] } });
    expect(zh.json().error.message).toBe('超出每日领取上限：每天最多领取 10 个客户，今天已领取 10 个');
    // nothing moved
    expect((await ctx.call(ctx.admin, 'GET', `/accounts/${ids[10]}`)).json()).toMatchObject({ ownerId: null, inPool: true });

    ctx.clock.set(new Date('2026-03-02T16:00:00.000Z')); // midnight in Shanghai: a new day
    expect((await claim([ids[10]!])).statusCode).toBe(200);
    const claimed = (await ctx.call(rep.session, 'GET', `/accounts/${ids[10]}`)).json();
    expect(claimed).toMatchObject({ ownerId: rep.id, inPool: false, poolId: null, reclaimDueAt: new Date('2026-04-01T16:00:00.000Z').toISOString() });
    expect((await history(ctx, ids[10]!))[0]).toMatchObject({ action: 'claim', actorId: rep.id });
    // someone else's claim of an already claimed customer
    const other = await ctx.newRep();
    const taken = await ctx.call(other.session, 'POST', `/pools/${pool.id}/claim`, { accountIds: [ids[0]] });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('NOT_IN_POOL');
  });

  it('keeps the previous owner out during the cooldown, then lets them claim', async () => {
    const ctx = await setup();
    const pool = await ctx.defaultPool();
    const rep = await ctx.newRep();
    const account = await createAccount(ctx.app, rep.session, { name: '冷却客户' });
    const released = await ctx.call(rep.session, 'POST', `/accounts/${account.id}/release`, { reason: '客户暂无需求' });
    expect(released.statusCode, released.body).toBe(204);
    const events = await history(ctx, account.id);
    expect(events[0]).toMatchObject({ action: 'release', actorId: rep.id });
    expect(events[0]!.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason', new: '客户暂无需求' })]));

    ctx.clock.advance(6 * DAY_MS);
    const refused = await ctx.call(rep.session, 'POST', `/pools/${pool.id}/claim`, { accountIds: [account.id] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('CLAIM_COOLDOWN');
    expect(refused.json().error.message).toContain('“冷却客户” was yours before it went to the pool');

    ctx.clock.advance(DAY_MS + MIN);
    expect((await ctx.call(rep.session, 'POST', `/pools/${pool.id}/claim`, { accountIds: [account.id] })).statusCode).toBe(200);
  });

  it('enforces the holding cap on claims and assignments', async () => {
    const ctx = await setup();
    const pool = await ctx.defaultPool();
    await ctx.call(ctx.admin, 'PATCH', `/pools/${pool.id}`, { rules: { ...pool.rules, holdingCap: 2 }, version: pool.version });
    const ids = await poolCustomers(ctx, 3);
    const rep = await ctx.newRep();
    await createAccount(ctx.app, rep.session);
    const over = await ctx.call(rep.session, 'POST', `/pools/${pool.id}/claim`, { accountIds: ids.slice(0, 2) });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ code: 'HOLDING_CAP_REACHED', message: 'Holding limit exceeded: at most 2 customers per person, and 1 are held now' });
    expect((await ctx.call(rep.session, 'POST', `/pools/${pool.id}/claim`, { accountIds: [ids[0]] })).statusCode).toBe(200);
    const assign = await ctx.call(ctx.admin, 'POST', `/pools/${pool.id}/assign`, { accountIds: [ids[1]], userId: rep.id });
    expect(assign.json().error.code).toBe('HOLDING_CAP_REACHED');
  });

  it('assigns pool customers (managers only), and scopes pools by department', async () => {
    const ctx = await setup();
    const east = await createTestDepartment(ctx.database, ctx.org.orgId, { parentId: ctx.org.rootDepartmentId, name: '华东' });
    const shanghai = await createTestDepartment(ctx.database, ctx.org.orgId, { parentId: east, name: '上海' });
    const west = await createTestDepartment(ctx.database, ctx.org.orgId, { parentId: ctx.org.rootDepartmentId, name: '华西' });
    const base = await ctx.defaultPool();
    const created = await ctx.call(ctx.admin, 'POST', '/pools', { name: '华东公海', rules: { ...base.rules, claimCapPerDay: null }, departmentIds: [east] });
    expect(created.statusCode, created.body).toBe(201);
    const eastPool = created.json();

    const shRep = await ctx.newRep({ departmentId: shanghai });
    const westRep = await ctx.newRep({ departmentId: west });
    const account = await createAccount(ctx.app, shRep.session);
    expect((await ctx.call(shRep.session, 'POST', `/accounts/${account.id}/release`, { reason: '转公海' })).statusCode).toBe(204);

    // released into the pool of the owner's department branch
    const inPool = (await ctx.call(shRep.session, 'GET', `/accounts/${account.id}`)).json();
    expect(inPool).toMatchObject({ poolId: eastPool.id, poolName: '华东公海', inPool: true, ownerId: null });
    expect((await ctx.call(shRep.session, 'GET', `/accounts?inPool=true&poolId=${eastPool.id}`)).json().items).toHaveLength(1);
    // the west rep sees neither that pool nor its customers
    expect((await ctx.call(westRep.session, 'GET', '/pools')).json().items.map((p: { id: string }) => p.id)).toEqual([base.id]);
    expect((await ctx.call(westRep.session, 'GET', '/accounts?inPool=true')).json().items).toHaveLength(0);
    expect((await ctx.call(westRep.session, 'GET', `/accounts/${account.id}`)).statusCode).toBe(404);
    expect((await ctx.call(westRep.session, 'POST', `/pools/${eastPool.id}/claim`, { accountIds: [account.id] })).statusCode).toBe(404);

    // reps cannot assign; managers can
    expect((await ctx.call(shRep.session, 'POST', `/pools/${eastPool.id}/assign`, { accountIds: [account.id], userId: westRep.id })).statusCode).toBe(403);
    const manager = await ctx.newRep({ role: 'manager', departmentId: east });
    const assigned = await ctx.call(manager.session, 'POST', `/pools/${eastPool.id}/assign`, { accountIds: [account.id], userId: westRep.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const now = (await ctx.call(westRep.session, 'GET', `/accounts/${account.id}`)).json();
    expect(now).toMatchObject({ ownerId: westRep.id, departmentId: west, inPool: false });
    expect((await history(ctx, account.id))[0]).toMatchObject({ action: 'assign', actorId: manager.id });
    const note = (await ctx.call(westRep.session, 'GET', '/notifications')).json().items[0];
    expect(note).toMatchObject({ kind: 'pool.assigned', link: `/accounts/${account.id}` });

    // only the owner or a manager releases
    expect((await ctx.call(shRep.session, 'POST', `/accounts/${account.id}/release`, { reason: 'x' })).statusCode).toBe(404);
    expect((await ctx.call(manager.session, 'POST', `/accounts/${account.id}/release`, { reason: '主管收回' })).statusCode).toBe(404); // out of the manager's scope now
    expect((await ctx.call(ctx.admin, 'POST', `/accounts/${account.id}/release`, { reason: '管理员收回' })).statusCode).toBe(204);
    expect((await ctx.call(ctx.admin, 'POST', `/accounts/${account.id}/release`, { reason: 'again' })).json().error.code).toBe('ALREADY_IN_POOL');
  });
});

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

