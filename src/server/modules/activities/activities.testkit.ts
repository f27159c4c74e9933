/** Test helpers of follow-ups and tasks (HTTP through app.inject, ManualClock). */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { accounts, deals } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import type { SeededRoleKey } from '../../../core/access/defaultRoles.js';
import { buildTestApp, createTestDepartment, createTestOrg, createTestUser, setDepartmentManager, signInAs, type TestSession } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { createAccount } from '../accounts/accounts.testkit.js';

/** Monday 2026-03-02 10:00 in Shanghai. */
export const T0 = new Date('2026-03-02T02:00:00.000Z');
export const MIN = 60_000;
export const DAY = 86_400_000;

/** need + feedback: 20 Chinese characters together */
export const CONTENT = { need: '需要采购二十台服务器', feedback: '对报价基本满意下周定' };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let shared: Promise<{ database: Awaited<ReturnType<typeof getTestDatabase>>; clock: ManualClock; app: Awaited<ReturnType<typeof buildTestApp>> }> | undefined;

/** One database and app per test file (call from beforeAll: the first start is slow on a busy machine). */
export function warmFollowUps() {
  shared ??= (async () => {
    const database = await getTestDatabase();
    const clock = new ManualClock(T0);
    const app = await buildTestApp(database, { clock });
    return { database, clock, app };
  })();
  return shared;
}

/** A new organization on the shared app; the clock is back at T0. */
export async function setupFollowUps() {
  const { database, clock, app } = await warmFollowUps();
  clock.set(T0);
  const org = await createTestOrg(database);
  const admin = { id: org.adminUserId, session: await signInAs(database, org.orgId, org.adminUserId) };
  const call = (session: TestSession, method: Method, url: string, payload?: unknown, locale: 'en' | 'zh-CN' = 'en') =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...session.headers, 'accept-language': locale }, payload: payload as never });
  const newUser = async (opts: { role?: SeededRoleKey; departmentId?: string } = {}) => {
    const user = await createTestUser(database, org, { role: opts.role ?? 'rep', departmentId: opts.departmentId });
    return { ...user, session: await signInAs(database, org.orgId, user.id) };
  };
  /** a department under the root with a manager, and a rep in it */
  const team = async () => {
    const departmentId = await createTestDepartment(database, org.orgId, { parentId: org.rootDepartmentId });
    const manager = await newUser({ role: 'manager', departmentId });
    await setDepartmentManager(database, org.orgId, departmentId, manager.id);
    const rep = await newUser({ departmentId });
    return { departmentId, manager, rep };
  };
  const account = (session: TestSession, body: Record<string, unknown> = {}) => createAccount(app, session, body);
  const accountRow = async (id: string) =>
    (await database.withTenant(org.orgId, (tx) => tx.select().from(accounts).where(and(eq(accounts.orgId, org.orgId), eq(accounts.id, id)))))[0]!;
  /** a deal inserted directly (the deals API belongs to another module) */
  const deal = async (owner: { id: string; departmentId?: string | null }, accountId: string, opts: { lastUpdateAt?: Date; rottingSince?: Date | null } = {}) => {
    const id = randomUUID();
    await database.withTenant(org.orgId, (tx) =>
      tx.insert(deals).values({
        orgId: org.orgId,
        id,
        name: `商机-${id.slice(0, 6)}`,
        accountId,
        pipelineId: randomUUID(),
        stageKey: 'qualify',
        ownerId: owner.id,
        departmentId: owner.departmentId ?? org.rootDepartmentId,
        lastUpdateAt: opts.lastUpdateAt ?? T0,
        rottingSince: opts.rottingSince ?? null,
      }),
    );
    return id;
  };
  const dealRow = async (id: string) =>
    (await database.withTenant(org.orgId, (tx) => tx.select().from(deals).where(and(eq(deals.orgId, org.orgId), eq(deals.id, id)))))[0]!;
  const log = (session: TestSession, body: Record<string, unknown>, locale: 'en' | 'zh-CN' = 'en') => call(session, 'POST', '/activities', body, locale);
  const notifications = async (session: TestSession) => (await call(session, 'GET', '/notifications')).json().items as { kind: string; title: string; body: string; link: string }[];
  return { database, clock, app, org, admin, call, newUser, team, account, accountRow, deal, dealRow, log, notifications };
}

export type FollowUpCtx = Awaited<ReturnType<typeof setupFollowUps>>;
