/**
 * Test factories: every test makes its own organization and people, so tests share nothing and may run
 * in any order against one database.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SeededRoleKey } from '../../core/access/defaultRoles.js';
import type { DataScope, MaskMode } from '../../core/access/catalog.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../platform/config.js';
import { authRepository } from '../platform/auth/auth.repository.js';
import { identitiesRepository, identifiersOf } from '../platform/auth/identities.repository.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { SESSION_COOKIE, SESSION_TTL_MS, formatSessionCookie, randomSecret, sha256 } from '../platform/auth/tokens.js';
import type { Database } from '../platform/db/database.js';
import { departments, roles, users } from '../platform/db/schema.js';
import { ManualClock, type Clock } from '../platform/deps.js';
import { createOrganization, type CreatedOrganization } from '../modules/organizations/organizations.service.js';
import { and, eq } from 'drizzle-orm';

export const TEST_PASSWORD = 'Test-Passw0rd';
let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

const unique = () => randomUUID().slice(0, 8);

export interface TestOrg extends CreatedOrganization {
  name: string;
  adminEmail: string;
}

export async function createTestOrg(database: Database, name = `测试公司-${unique()}`): Promise<TestOrg> {
  const adminEmail = `admin-${unique()}@test.luodi.local`;
  const created = await createOrganization(database, {
    name,
    admin: { displayName: '管理员', email: adminEmail, password: TEST_PASSWORD },
  });
  return { ...created, name, adminEmail };
}

export async function createTestDepartment(
  database: Database,
  orgId: string,
  opts: { name?: string; parentId: string; managerId?: string },
): Promise<string> {
  const id = randomUUID();
  await database.withTenant(orgId, (tx) =>
    tx.insert(departments).values({ orgId, id, name: opts.name ?? `部门-${unique()}`, parentId: opts.parentId, managerId: opts.managerId }),
  );
  return id;
}

export async function setDepartmentManager(database: Database, orgId: string, departmentId: string, managerId: string) {
  await database.withTenant(orgId, (tx) =>
    tx.update(departments).set({ managerId }).where(and(eq(departments.orgId, orgId), eq(departments.id, departmentId))),
  );
}

export interface TestUser {
  id: string;
  orgId: string;
  email: string;
  displayName: string;
}

export async function createTestUser(
  database: Database,
  org: Pick<TestOrg, 'orgId' | 'roleIds' | 'rootDepartmentId'>,
  opts: { role?: SeededRoleKey; roleId?: string; departmentId?: string; displayName?: string; mobile?: string; email?: string } = {},
): Promise<TestUser> {
  const id = randomUUID();
  const email = opts.email ?? `user-${unique()}@test.luodi.local`;
  const displayName = opts.displayName ?? `用户${unique()}`;
  const hash = await testPasswordHash();
  await database.withTenant(org.orgId, (tx) =>
    tx.insert(users).values({
      orgId: org.orgId,
      id,
      displayName,
      email,
      mobile: opts.mobile ?? null,
      passwordHash: hash,
      departmentId: opts.departmentId ?? org.rootDepartmentId,
      roleId: opts.roleId ?? org.roleIds[opts.role ?? 'rep'],
    }),
  );
  await database.withSystem((tx) =>
    identitiesRepository.insert(
      tx,
      identifiersOf({ email, mobile: opts.mobile }).map((identifier) => ({ identifier, orgId: org.orgId, userId: id })),
    ),
  );
  return { id, orgId: org.orgId, email, displayName };
}

/** Changes a seeded role's scope or masks for a test. */
export async function updateTestRole(
  database: Database,
  orgId: string,
  roleId: string,
  patch: { dataScope?: DataScope; fieldMasks?: Record<string, MaskMode>; permissions?: Record<string, string[]> },
) {
  await database.withTenant(orgId, (tx) =>
    tx.update(roles).set(patch).where(and(eq(roles.orgId, orgId), eq(roles.id, roleId))),
  );
}

export interface TestSession {
  cookie: string;
  csrfToken: string;
  /** headers for app.inject: cookie + CSRF token */
  headers: Record<string, string>;
}

/** Signs a user in without going through the sign-in endpoint (which has its own tests). */
export async function signInAs(database: Database, orgId: string, userId: string): Promise<TestSession> {
  const secret = randomSecret();
  const csrfToken = randomSecret(16);
  await database.withTenant(orgId, (tx) =>
    authRepository.insertSession(tx, {
      orgId,
      tokenHash: sha256(secret),
      userId,
      csrfToken,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    }),
  );
  const cookie = `${SESSION_COOKIE}=${formatSessionCookie(orgId, secret)}`;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

export async function buildTestApp(
  database: Database,
  opts: { clock?: Clock; env?: NodeJS.ProcessEnv } = {},
): Promise<FastifyInstance> {
  const config = loadConfig({ LUODI_JOBS: 'off', ...opts.env });
  const app = await buildApp({ config, database, clock: opts.clock ?? new ManualClock(), instanceId: `test-${unique()}` });
  await app.ready();
  return app;
}
