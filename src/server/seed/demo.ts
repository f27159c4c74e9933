/**
 * Demo data: a realistic, deterministic Chinese sales organization (落地演示科技有限公司) with a department
 * tree, ~30 people and their customers. `small` (~300 accounts) is for trying Luodi and for tests; `large`
 * (100,000 accounts, 65 people) is for benchmarks.
 *
 * Deterministic: fixed organization id per size, every other id and value drawn from a seeded PRNG, every
 * timestamp relative to DEMO_BASE_DATE. Idempotent and atomic: everything is written in one system
 * transaction that first takes an advisory lock and checks for the fixed organization id, so a second run
 * (or a concurrent one against a shared PostgreSQL) does nothing, and a failed run leaves nothing behind.
 *
 * Contacts are not seeded yet: there is no contacts table.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { normalizeCompanyName } from '../../core/customers/companyName.js';
import { SEEDED_ROLES, type SeededRoleKey } from '../../core/access/defaultRoles.js';
import type { FieldChange } from '../../core/audit/diff.js';
import { hashPassword } from '../platform/auth/passwords.js';
import type { Database, Tx } from '../platform/db/database.js';
import {
  accounts,
  auditEvents,
  departments,
  organizations,
  roles,
  signInIdentities,
  users,
} from '../platform/db/schema.js';
import {
  CITIES,
  Random,
  address,
  companyName,
  creditCode,
  landline,
  mobile,
  uniquePeople,
  type City,
  type CityName,
} from './generators.js';
import { seedRepository } from './seed.repository.js';
import { SALES_SPECS, seedDemoSales, type SalesSeedReport } from './salesSeed.js';

export type DemoSize = 'small' | 'large';

export const DEMO_ORG_NAME = '落地演示科技有限公司';
export const DEMO_PASSWORD = 'luodi-demo';
/** every demo timestamp lies before this instant (Beijing midnight) */
export const DEMO_BASE_DATE = new Date('2026-11-01T00:00:00+08:00');

interface SizeSpec {
  orgId: string;
  seed: number;
  accounts: number;
  /** reps per group, in group order */
  repsPerGroup: readonly number[];
  /** e-mail domain of the demo people; differs per size so both can live in one database */
  emailDomain: string;
}

export const DEMO_SIZES: Record<DemoSize, SizeSpec> = {
  small: {
    orgId: '00000000-de30-4000-8000-000000000001',
    seed: 20261101,
    accounts: 300,
    repsPerGroup: [5, 4, 4, 4, 4, 4],
    emailDomain: 'demo.luodi.cn',
  },
  large: {
    orgId: '00000000-de30-4000-8000-000000000002',
    seed: 20261102,
    accounts: 100_000,
    repsPerGroup: [10, 10, 10, 10, 10, 10],
    emailDomain: 'large.demo.luodi.cn',
  },
};

const REGIONS: readonly { name: string; groups: readonly { name: string; city: CityName; nearby: readonly CityName[] }[] }[] = [
  {
    name: '华东大区',
    groups: [
      { name: '上海组', city: '上海', nearby: ['苏州', '南京'] },
      { name: '杭州组', city: '杭州', nearby: ['宁波', '绍兴'] },
    ],
  },
  {
    name: '华北大区',
    groups: [
      { name: '北京组', city: '北京', nearby: ['石家庄'] },
      { name: '天津组', city: '天津', nearby: ['唐山'] },
    ],
  },
  {
    name: '华南大区',
    groups: [
      { name: '广州组', city: '广州', nearby: ['佛山', '东莞'] },
      { name: '深圳组', city: '深圳', nearby: ['珠海', '东莞'] },
    ],
  },
];

const NOTES = [
  '老客户转介绍',
  '展会获取，对方采购负责人有意向',
  '官网咨询，关注价格',
  '有二期采购计划，预计明年启动',
  '决策链较长，需要拜访总经理',
  '竞品在跟进，需尽快安排方案演示',
  '年度框架协议客户',
  '付款周期较长，注意回款风险',
] as const;

const EMAIL_BOXES = ['info', 'sales', 'contact', 'service', 'market', 'hr'] as const;

const DAY = 86_400_000;
const BATCH = 1000;

export interface DemoDepartment {
  id: string;
  parentId: string | null;
  name: string;
  managerId: string | null;
  sortOrder: number;
}

export interface DemoUser {
  id: string;
  displayName: string;
  email: string;
  mobile: string;
  role: SeededRoleKey;
  departmentId: string;
  /** for reps: the cities their customers are in (main city first) */
  city?: CityName;
  nearby?: readonly CityName[];
}

export interface DemoPlan {
  size: DemoSize;
  orgId: string;
  roleIds: Record<SeededRoleKey, string>;
  departments: DemoDepartment[];
  users: DemoUser[];
  admin: DemoUser;
  accountCount: number;
  /** the generator for accounts continues from here */
  rng: Random;
}

/** The people and the department tree of a demo size (pure and deterministic). */
export function planDemo(size: DemoSize): DemoPlan {
  const spec = DEMO_SIZES[size];
  const rng = new Random(spec.seed);
  const roleIds = Object.fromEntries(SEEDED_ROLES.map((r) => [r.key, rng.uuid()])) as Record<SeededRoleKey, string>;
  const repCount = spec.repsPerGroup.reduce((s, n) => s + n, 0);
  const people = uniquePeople(rng, 2 + REGIONS.length + repCount);
  const mobiles = new Set<string>();
  const uniqueMobile = () => {
    let m = mobile(rng);
    while (mobiles.has(m)) m = mobile(rng);
    mobiles.add(m);
    return m;
  };
  let personIndex = 0;
  const newUser = (role: SeededRoleKey, departmentId: string, email?: string): DemoUser => {
    const p = people[personIndex++]!;
    return {
      id: rng.uuid(),
      displayName: p.name,
      email: email ?? `${p.pinyin}@${spec.emailDomain}`,
      mobile: uniqueMobile(),
      role,
      departmentId,
    };
  };

  const departmentsOut: DemoDepartment[] = [];
  const usersOut: DemoUser[] = [];
  const root: DemoDepartment = { id: rng.uuid(), parentId: null, name: DEMO_ORG_NAME, managerId: null, sortOrder: 0 };
  const center: DemoDepartment = { id: rng.uuid(), parentId: root.id, name: '销售中心', managerId: null, sortOrder: 1 };
  departmentsOut.push(root, center);

  const admin = newUser('admin', root.id, `admin@${spec.emailDomain}`);
  const director = newUser('director', center.id);
  center.managerId = director.id;
  usersOut.push(admin, director);

  let groupIndex = 0;
  REGIONS.forEach((region, ri) => {
    const regionDept: DemoDepartment = { id: rng.uuid(), parentId: center.id, name: region.name, managerId: null, sortOrder: ri + 1 };
    departmentsOut.push(regionDept);
    const manager = newUser('manager', regionDept.id);
    regionDept.managerId = manager.id;
    usersOut.push(manager);
    region.groups.forEach((group, gi) => {
      const groupDept: DemoDepartment = { id: rng.uuid(), parentId: regionDept.id, name: group.name, managerId: null, sortOrder: gi + 1 };
      departmentsOut.push(groupDept);
      const reps = spec.repsPerGroup[groupIndex++] ?? 0;
      for (let i = 0; i < reps; i++) usersOut.push({ ...newUser('rep', groupDept.id), city: group.city, nearby: group.nearby });
    });
  });

  return {
    size,
    orgId: spec.orgId,
    roleIds,
    departments: departmentsOut,
    users: usersOut,
    admin,
    accountCount: spec.accounts,
    rng,
  };
}

type AccountRow = typeof accounts.$inferInsert;
type AuditRow = typeof auditEvents.$inferInsert;

/** The fields a user fills in on creation, in the audit log's 'create' entry. */
const AUDITED_FIELDS = ['name', 'creditCode', 'phone', 'email', 'industry', 'address', 'website', 'notes', 'ownerId'] as const;

/** Yields the demo accounts (and their audit events) in batches; deterministic for a plan. */
export function* demoAccountBatches(plan: DemoPlan, batchSize = BATCH): Generator<{ accounts: AccountRow[]; audit: AuditRow[] }> {
  const { rng, orgId } = plan;
  const reps = plan.users.filter((u) => u.role === 'rep');
  // some reps carry more customers than others
  const owners = reps.map((r) => [r, 0.5 + rng.next()] as const);
  const names = new Set<string>();
  const codes = new Set<string>();
  const base = DEMO_BASE_DATE.getTime();

  let batch: AccountRow[] = [];
  let audit: AuditRow[] = [];
  for (let i = 0; i < plan.accountCount; i++) {
    const owner = rng.weighted(owners);
    const cityName: CityName = rng.chance(0.7) ? owner.city! : rng.pick(owner.nearby!);
    const city: City = CITIES[cityName];

    let company = companyName(rng, city);
    while (names.has(company.name)) company = companyName(rng, city);
    names.add(company.name);

    const addr = address(rng, city);
    let code: string | null = null;
    if (rng.chance(0.92)) {
      code = creditCode(rng, addr.district.code);
      while (codes.has(code)) code = creditCode(rng, addr.district.code);
      codes.add(code);
    }
    const phoneKind = rng.next();
    const phone = phoneKind < 0.65 ? landline(rng, city) : phoneKind < 0.85 ? mobile(rng) : null;
    const email = rng.chance(0.4) ? `${rng.pick(EMAIL_BOXES)}@${company.tradePinyin}-${city.pinyin}.com` : null;
    const website = rng.chance(0.3) ? `https://www.${company.tradePinyin}-${city.pinyin}.com.cn` : null;
    const notes = rng.chance(0.15) ? rng.pick(NOTES) : null;

    // created during Beijing office hours over the last two years, mostly on weekdays
    let day = rng.int(1, 730);
    const weekday = new Date(base - day * DAY + 8 * 3600_000).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.chance(0.85)) day += weekday === 6 ? 1 : 2;
    const createdAt = new Date(base - day * DAY + rng.int(9 * 3600, 18 * 3600 - 1) * 1000 + rng.int(0, 999));

    const row: AccountRow = {
      orgId,
      id: rng.uuid(),
      name: company.name,
      nameKey: normalizeCompanyName(company.name),
      creditCode: code,
      phone,
      email,
      industry: company.industry,
      address: rng.chance(0.9) ? addr.text : null,
      website,
      notes,
      ownerId: owner.id,
      departmentId: owner.departmentId,
      externalId: null,
      customFields: {},
      createdAt,
      createdBy: owner.id,
      updatedAt: createdAt,
      updatedBy: owner.id,
      deletedAt: null,
      deletedBy: null,
      version: 1,
    };
    const changes: FieldChange[] = [];
    for (const f of AUDITED_FIELDS) if (row[f] !== null && row[f] !== undefined) changes.push({ field: f, old: null, new: row[f] });
    audit.push({ orgId, occurredAt: createdAt, actorId: owner.id, actorKind: 'user', objectType: 'accounts', recordId: row.id, action: 'create', changes });

    // about 1 % were deleted later (soft delete, in the recycle bin)
    if (rng.chance(0.01)) {
      const deletedAt = new Date(Math.min(base - 3600_000, createdAt.getTime() + rng.int(1, 120) * DAY));
      Object.assign(row, { deletedAt, deletedBy: owner.id, updatedAt: deletedAt, version: 2 });
      audit.push({ orgId, occurredAt: deletedAt, actorId: owner.id, actorKind: 'user', objectType: 'accounts', recordId: row.id, action: 'delete', changes: [] });
    }
    batch.push(row);
    if (batch.length >= batchSize) {
      yield { accounts: batch, audit };
      batch = [];
      audit = [];
    }
  }
  if (batch.length) yield { accounts: batch, audit };
}

export interface SeedResult {
  orgId: string;
  adminUserId: string;
  credentials: { identifier: string; password: string };
}

export interface SeedReport extends SeedResult {
  /** false when the demo organization already existed (nothing was written) */
  created: boolean;
  counts: { departments: number; users: number; accounts: number; auditEvents: number };
  ms: number;
  /** deals, stage history, follow-ups and tasks (salesSeed.ts), added even to an organization seeded before them */
  sales: SalesSeedReport;
}

const SEED_LOCK_KEY = 72_211_002; // advisory lock: one demo seed at a time per database

async function orgExists(tx: Tx, orgId: string): Promise<boolean> {
  const rows = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId));
  return rows.length > 0;
}

/** Seeds the demo organization of `size` unless it exists; returns what a caller needs to sign in. */
export async function seedDemoWithReport(
  database: Database,
  opts: {
    size: DemoSize;
    onProgress?: (accountsDone: number, total: number) => void;
    /** the sales data's "now" (default: the moment of seeding) */
    anchor?: Date;
    onSalesProgress?: (step: string) => void;
  },
): Promise<SeedReport> {
  const started = Date.now();
  const plan = planDemo(opts.size);
  const result: SeedResult = {
    orgId: plan.orgId,
    adminUserId: plan.admin.id,
    credentials: { identifier: plan.admin.email, password: DEMO_PASSWORD },
  };
  const counts = { departments: plan.departments.length, users: plan.users.length, accounts: 0, auditEvents: 0 };
  const existing = await database.withSystem((tx) => orgExists(tx, plan.orgId));
  const seedSales = () =>
    seedDemoSales(database, { orgId: plan.orgId, spec: SALES_SPECS[opts.size], anchor: opts.anchor ?? new Date(), onProgress: opts.onSalesProgress });
  if (existing) return { ...result, created: false, counts, ms: Date.now() - started, sales: await seedSales() };

  // one argon2 hash for every demo user (hashing per user would take seconds); never inside a transaction
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const created = await database.withSystem(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    if (await orgExists(tx, plan.orgId)) return false; // seeded concurrently while we were hashing

    const identifiers = plan.users.flatMap((u) => [u.email, u.mobile]);
    const taken = await tx
      .select({ identifier: signInIdentities.identifier })
      .from(signInIdentities)
      .where(inArray(signInIdentities.identifier, identifiers));
    if (taken.length) {
      throw new Error(
        `cannot seed the ${opts.size} demo: ${taken.map((t) => t.identifier).join(', ')} already belong to another organization`,
      );
    }

    const orgCreatedAt = new Date(DEMO_BASE_DATE.getTime() - 800 * DAY);
    await tx.insert(organizations).values({ id: plan.orgId, name: DEMO_ORG_NAME, createdAt: orgCreatedAt, updatedAt: orgCreatedAt });
    await tx.insert(roles).values(
      SEEDED_ROLES.map((r) => ({
        orgId: plan.orgId,
        id: plan.roleIds[r.key],
        key: r.key,
        name: r.name['zh-CN'],
        dataScope: r.dataScope,
        permissions: Object.fromEntries(Object.entries(r.permissions).map(([k, v]) => [k, [...v]])),
        fieldMasks: r.fieldMasks,
        isSystem: 1,
        createdAt: orgCreatedAt,
        updatedAt: orgCreatedAt,
      })),
    );
    await tx.insert(departments).values(
      plan.departments.map((d) => ({
        orgId: plan.orgId,
        ...d,
        createdAt: orgCreatedAt,
        createdBy: plan.admin.id,
        updatedAt: orgCreatedAt,
        updatedBy: plan.admin.id,
      })),
    );
    await tx.insert(users).values(
      plan.users.map((u, i) => {
        const at = new Date(orgCreatedAt.getTime() + i * DAY);
        return {
          orgId: plan.orgId,
          id: u.id,
          displayName: u.displayName,
          email: u.email,
          mobile: u.mobile,
          passwordHash,
          departmentId: u.departmentId,
          roleId: plan.roleIds[u.role],
          locale: 'zh-CN',
          createdAt: at,
          createdBy: i === 0 ? null : plan.admin.id,
          updatedAt: at,
          updatedBy: i === 0 ? null : plan.admin.id,
        };
      }),
    );
    // the same history createOrganization and the users module leave behind
    await tx.insert(auditEvents).values([
      { orgId: plan.orgId, occurredAt: orgCreatedAt, actorId: null, actorKind: 'system', objectType: 'organizations', recordId: plan.orgId, action: 'create', changes: [{ field: 'name', old: null, new: DEMO_ORG_NAME }] },
      ...plan.users.map((u, i) => ({
        orgId: plan.orgId,
        occurredAt: new Date(orgCreatedAt.getTime() + i * DAY),
        actorId: i === 0 ? null : plan.admin.id,
        actorKind: i === 0 ? ('system' as const) : ('user' as const),
        objectType: 'users',
        recordId: u.id,
        action: 'create',
        changes: [
          { field: 'displayName', old: null, new: u.displayName },
          { field: 'email', old: null, new: u.email },
          { field: 'mobile', old: null, new: u.mobile },
        ],
      })),
    ]);
    counts.auditEvents += 1 + plan.users.length;
    await tx
      .insert(signInIdentities)
      .values(plan.users.flatMap((u) => [u.email, u.mobile].map((identifier) => ({ identifier, orgId: plan.orgId, userId: u.id }))));

    for (const batch of demoAccountBatches(plan)) {
      await seedRepository.bulkInsert(tx, accounts, batch.accounts);
      await seedRepository.bulkInsert(tx, auditEvents, batch.audit);
      counts.accounts += batch.accounts.length;
      counts.auditEvents += batch.audit.length;
      opts.onProgress?.(counts.accounts, plan.accountCount);
    }
    return true;
  });
  // fresh planner statistics: without them PostgreSQL plans the first queries on 100k new rows badly
  if (created) await database.exec('analyze organizations, departments, roles, users, sign_in_identities, accounts, audit_events');
  const sales = await seedSales();
  return { ...result, created, counts, ms: Date.now() - started, sales };
}

/** Seeds the demo organization of `size` (a no-op when it exists) and returns the admin's credentials. */
export async function seedDemo(
  database: Database,
  opts: { size: 'small' | 'large' },
): Promise<{ orgId: string; adminUserId: string; credentials: { identifier: string; password: string } }> {
  const { orgId, adminUserId, credentials } = await seedDemoWithReport(database, opts);
  return { orgId, adminUserId, credentials };
}
