/** Test helpers of deals (HTTP through app.inject, ManualClock). */
import { and, eq } from 'drizzle-orm';
import { deals } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import type { SeededRoleKey } from '../../../core/access/defaultRoles.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs, updateTestRole, type TestSession } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { createAccount } from '../accounts/accounts.testkit.js';

export const T0 = new Date('2026-03-02T02:00:00.000Z');
export const DAY = 86_400_000;
/** need + feedback: 20 Chinese characters together (an effective 4-minute call by the default rule) */
export const EFFECTIVE_CALL = { type: 'call', durationSeconds: 240, need: '需要采购二十台服务器', feedback: '对报价基本满意下周定', nextAction: '发送方案', nextActionDate: '2026-03-09' };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let shared: Promise<{ database: Awaited<ReturnType<typeof getTestDatabase>>; clock: ManualClock; app: Awaited<ReturnType<typeof buildTestApp>> }> | undefined;

/** One database and app per test file (call from beforeAll). */
export function warmDeals() {
  shared ??= (async () => {
    const database = await getTestDatabase();
    const clock = new ManualClock(T0);
    const app = await buildTestApp(database, { clock });
    return { database, clock, app };
  })();
  return shared;
}

export type Caller = { id: string; session: TestSession };

/** A new organization on the shared app; the clock is back at T0. */
export async function setupDeals() {
  const { database, clock, app } = await warmDeals();
  clock.set(T0);
  const org = await createTestOrg(database);
  const admin: Caller = { id: org.adminUserId, session: await signInAs(database, org.orgId, org.adminUserId) };
  const call = (who: Caller, method: Method, url: string, payload?: unknown, locale: 'en' | 'zh-CN' = 'en') =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...who.session.headers, 'accept-language': locale }, payload: payload as never });
  const newUser = async (opts: { role?: SeededRoleKey; departmentId?: string } = {}): Promise<Caller> => {
    const user = await createTestUser(database, org, { role: opts.role ?? 'rep', departmentId: opts.departmentId });
    return { id: user.id, session: await signInAs(database, org.orgId, user.id) };
  };
  const account = (who: Caller, body: Record<string, unknown> = {}) => createAccount(app, who.session, body);
  const deal = async (who: Caller, body: Record<string, unknown> = {}) => {
    const res = await call(who, 'POST', '/deals', { name: '服务器采购', amount: 1_000_000, ...body });
    if (res.statusCode !== 201) throw new Error(`create deal failed: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; version: number; stageKey: string } & Record<string, unknown>;
  };
  const get = async (who: Caller, id: string) => (await call(who, 'GET', `/deals/${id}`)).json();
  /** an effective follow-up on the deal through the activities API */
  const followUp = async (who: Caller, dealId: string) => {
    const res = await call(who, 'POST', '/activities', { ...EFFECTIVE_CALL, dealId });
    if (res.statusCode !== 201) throw new Error(`follow-up failed: ${res.statusCode} ${res.body}`);
    if (res.json().effective !== true) throw new Error(`follow-up not effective: ${res.body}`);
  };
  const upload = async (who: Caller, recordId: string, kind: string, content = 'PDF', objectType = 'deals') => {
    const boundary = '----luodi-test';
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body =
      part('objectType', objectType) +
      part('recordId', recordId) +
      part('kind', kind) +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${kind}.pdf"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    return app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...who.session.headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': 'en' },
      payload: body,
    });
  };
  /** puts a deal in a stage directly (scene setting; the gate is what the tests exercise) */
  const placeIn = (dealId: string, stageKey: string) =>
    database.withTenant(org.orgId, (tx) => tx.update(deals).set({ stageKey }).where(and(eq(deals.orgId, org.orgId), eq(deals.id, dealId))));
  const setRole = (role: SeededRoleKey, patch: Parameters<typeof updateTestRole>[3]) => updateTestRole(database, org.orgId, org.roleIds[role], patch);
  return { database, clock, app, org, admin, call, newUser, account, deal, get, followUp, upload, setRole, placeIn };
}
