/**
 * Test helpers of the collaboration modules (deal teams, comments, timeline, stale deals): deals and pipelines
 * inserted directly (their own modules have their own tests), and HTTP calls through app.inject.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEFAULT_PIPELINE, type StageDefinition } from '../../../core/pipelines/defaultPipeline.js';
import type { Database } from '../../platform/db/database.js';
import { deals, pipelines, users } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs, type TestOrg, type TestSession } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import type { SeededRoleKey } from '../../../core/access/defaultRoles.js';
import { and, eq } from 'drizzle-orm';

export const T0 = new Date('2026-03-02T02:00:00.000Z');
export const DAY_MS = 86_400_000;

/** A (non-default) pipeline with the default stages, optionally changed. */
export async function insertPipeline(database: Database, orgId: string, change: (stages: StageDefinition[]) => StageDefinition[] = (s) => s): Promise<string> {
  const id = randomUUID();
  await database.withTenant(orgId, (tx) =>
    tx.insert(pipelines).values({
      orgId,
      id,
      name: { 'zh-CN': '测试流程', en: 'Test pipeline' },
      stages: change(structuredClone(DEFAULT_PIPELINE.stages)) as unknown as Record<string, unknown>[],
      isDefault: 0,
    }),
  );
  return id;
}

export async function insertDeal(
  database: Database,
  orgId: string,
  opts: { ownerId: string; departmentId: string | null; pipelineId: string; stageKey?: string; lastUpdateAt?: Date; name?: string; amount?: number; accountId?: string },
): Promise<string> {
  const id = randomUUID();
  const at = opts.lastUpdateAt ?? T0;
  await database.withTenant(orgId, (tx) =>
    tx.insert(deals).values({
      orgId,
      id,
      name: opts.name ?? `商机-${id.slice(0, 6)}`,
      accountId: opts.accountId ?? null,
      pipelineId: opts.pipelineId,
      stageKey: opts.stageKey ?? 'initial_contact',
      stageEnteredAt: at,
      status: 'open',
      amount: opts.amount ?? 100_000,
      ownerId: opts.ownerId,
      departmentId: opts.departmentId,
      lastUpdateAt: at,
      createdAt: at,
      updatedAt: at,
      createdBy: opts.ownerId,
    }),
  );
  return id;
}

export async function setUserInactive(database: Database, orgId: string, userId: string) {
  await database.withTenant(orgId, (tx) => tx.update(users).set({ status: 'inactive' }).where(and(eq(users.orgId, orgId), eq(users.id, userId))));
}

export interface CollabCtx {
  database: Database;
  clock: ManualClock;
  app: FastifyInstance;
  org: TestOrg;
  admin: TestSession;
  pipelineId: string;
  call: (session: TestSession, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => Promise<LightMyRequestResponse>;
  newUser: (opts?: { role?: SeededRoleKey; departmentId?: string; displayName?: string }) => Promise<{ id: string; displayName: string; session: TestSession }>;
}

let shared: Promise<{ database: Database; clock: ManualClock; app: FastifyInstance }> | undefined;

/** The database and one app per test file (tests of a file run one after another; each sets the clock back to T0). */
export function warmCollab() {
  shared ??= (async () => {
    const database = await getTestDatabase();
    const clock = new ManualClock(T0);
    const app = await buildTestApp(database, { clock });
    return { database, clock, app };
  })();
  return shared;
}

export async function setupCollab(): Promise<CollabCtx> {
  const { database, clock, app } = await warmCollab();
  clock.set(T0);
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const pipelineId = await insertPipeline(database, org.orgId);
  const call: CollabCtx['call'] = (session, method, url, payload) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...session.headers, 'accept-language': 'en' }, payload: payload as never });
  const newUser: CollabCtx['newUser'] = async (opts = {}) => {
    const user = await createTestUser(database, org, { role: opts.role ?? 'rep', departmentId: opts.departmentId, displayName: opts.displayName });
    return { ...user, session: await signInAs(database, org.orgId, user.id) };
  };
  return { database, clock, app, org, admin, pipelineId, call, newUser };
}
