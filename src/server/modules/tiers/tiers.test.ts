/**
 * Customer tiers (客户分级) over HTTP: settings (roles.edit), rules assigning A/B/C on save and on apply,
 * manual tiers that rules never overwrite (`tier: null` hands back to the rules), pool reclaim times per tier,
 * audit, the accounts list filter, the daily job and tenant isolation.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../core/pools/rules.js';
import { auditEvents } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs, type TestSession } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { createAccount } from '../accounts/accounts.testkit.js';
import { applyTierRulesEverywhere } from './tiers.jobs.js';
import { applyTierRulesWithin } from './tiers.service.js';

const T0 = new Date('2026-03-02T02:00:00.000Z');

const TIERS = [
  { key: 'A', labelZh: 'A 类', labelEn: 'A', color: 'red' },
  { key: 'B', labelZh: 'B 类', labelEn: 'B', color: 'orange' },
  { key: 'C', labelZh: 'C 类', labelEn: 'C', color: 'blue' },
];

async function setup() {
  const database = await getTestDatabase();
  const clock = new ManualClock(T0);
  const app = await buildTestApp(database, { clock });
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = async (session: TestSession, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...session.headers, 'accept-language': 'en' }, payload: payload as never });
  const rep = await createTestUser(database, org, { role: 'rep' });
  const repSession = await signInAs(database, org.orgId, rep.id);
  const account = async (id: string) => (await call(admin, 'GET', `/accounts/${id}`)).json() as { tier: string | null; tierSource: string | null; reclaimDueAt: string; version: number };
  const listNames = async (query: string) => ((await call(admin, 'GET', `/accounts?sort=name&limit=200&${query}`)).json().items as { name: string }[]).map((a) => a.name);
  const tierAudit = async () =>
    (
      await database.withTenant(org.orgId, (tx) =>
        tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.objectType, 'accounts'), eq(auditEvents.action, 'update'))),
      )
    ).flatMap((e) => (e.changes as { field: string; old: unknown; new: unknown }[]).filter((c) => c.field === 'tier').map((c) => ({ recordId: e.recordId, actorId: e.actorId, ...c })));
  return { database, clock, app, org, admin, call, rep, repSession, account, listNames, tierAudit };
}

describe(`customer tiers on ${testDatabaseKind()}`, () => {
  it('only roles.edit changes tiers and rules; everyone with accounts.view reads them; errors name the field', async () => {
    const { app, call, admin, repSession } = await setup();
    const read = await call(repSession, 'GET', '/settings/tiers');
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ tiers: [{ key: 'A' }, { key: 'B' }, { key: 'C' }], rules: [], version: 0 });
    expect(read.json().fields).toContain('industry');

    expect((await call(repSession, 'PUT', '/settings/tiers', { tiers: TIERS, rules: [] })).statusCode).toBe(403);
    expect((await call(repSession, 'POST', '/tiers/apply', {})).statusCode).toBe(403);

    const unknownTier = await call(admin, 'PUT', '/settings/tiers', { tiers: TIERS, rules: [{ tier: 'D', conditions: [] }] });
    expect(unknownTier.statusCode).toBe(400);
    expect(unknownTier.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['rules.0.tier']);
    const unknownField = await call(admin, 'PUT', '/settings/tiers', { tiers: TIERS, rules: [{ tier: 'A', conditions: [{ field: 'shoeSize', op: 'gte', value: 42 }] }] });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['rules.0.conditions.0.field']);
    const duplicate = await call(admin, 'PUT', '/settings/tiers', { tiers: [...TIERS, TIERS[0]], rules: [] });
    expect(duplicate.statusCode).toBe(400);

    const saved = await call(admin, 'PUT', '/settings/tiers', { tiers: TIERS, rules: [], version: 0 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 1, applied: { changed: 0 } });
    // a stale version is a conflict
    expect((await call(admin, 'PUT', '/settings/tiers', { tiers: TIERS, rules: [], version: 0 })).statusCode).toBe(409);
    await app.close();
  });

  it('rules assign tiers when saved (custom fields too), refresh pool reclaim times per tier, and are audited', async () => {
    const { app, call, admin, rep, account, tierAudit, database, org } = await setup();
    const def = await call(admin, 'POST', '/custom-fields', { objectType: 'accounts', key: 'employees', labelZh: '员工数', labelEn: 'Employees', type: 'number' });
    expect(def.statusCode, def.body).toBe(201);
    const pool = (await call(admin, 'GET', '/pools')).json().items.find((p: { isDefault: boolean }) => p.isDefault);
    const poolPatch = await call(admin, 'PATCH', `/pools/${pool.id}`, { rules: { ...pool.rules, reclaim: { ...pool.rules.reclaim, idleDays: { default: 30, A: 90 } } }, version: pool.version });
    expect(poolPatch.statusCode, poolPatch.body).toBe(200);

    const maker = await createAccount(app, admin, { name: '甲制造', industry: '制造业', ownerId: rep.id });
    const big = await createAccount(app, admin, { name: '乙大厂', industry: '零售', customFields: { employees: 500 }, ownerId: rep.id });
    const small = await createAccount(app, admin, { name: '丙小店', industry: '零售', customFields: { employees: 5 }, ownerId: rep.id });
    expect(await account(maker.id)).toMatchObject({ tier: null, tierSource: null, reclaimDueAt: new Date(T0.getTime() + 30 * DAY_MS).toISOString() });

    const saved = await call(admin, 'PUT', '/settings/tiers', {
      tiers: TIERS,
      rules: [
        { tier: 'A', conditions: [{ field: 'industry', op: 'contains', value: '制造' }] },
        { tier: 'B', conditions: [{ field: 'cf.employees', op: 'gte', value: 100 }] },
        { tier: 'C', conditions: [] },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().applied).toEqual({ examined: 3, changed: 3 });
    expect(await account(maker.id)).toMatchObject({ tier: 'A', tierSource: 'rule', reclaimDueAt: new Date(T0.getTime() + 90 * DAY_MS).toISOString() });
    expect(await account(big.id)).toMatchObject({ tier: 'B', tierSource: 'rule', reclaimDueAt: new Date(T0.getTime() + 30 * DAY_MS).toISOString() });
    expect(await account(small.id)).toMatchObject({ tier: 'C', tierSource: 'rule' });

    // each change is on the account's history, by the admin who changed the rules; the settings change too
    const events = await tierAudit();
    expect(events.filter((a) => a.recordId === maker.id)).toEqual([{ recordId: maker.id, actorId: org.adminUserId, field: 'tier', old: null, new: 'A' }]);
    expect(events).toHaveLength(3);
    const settingsEvents = await database.withTenant(org.orgId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.objectType, 'org_settings.tiers'))),
    );
    expect(settingsEvents).toHaveLength(1);

    // running again changes nothing
    expect((await call(admin, 'POST', '/tiers/apply', {})).json()).toEqual({ examined: 3, changed: 0 });
    expect(await tierAudit()).toHaveLength(3);

    // a new account gets its rule tier at once; an edit that changes what the rules see re-evaluates it
    const later = await createAccount(app, admin, { name: '丁工厂', industry: '制造' });
    expect(await account(later.id)).toMatchObject({ tier: 'A', tierSource: 'rule', reclaimDueAt: new Date(T0.getTime() + 90 * DAY_MS).toISOString() });
    const edited = await call(admin, 'PATCH', `/accounts/${later.id}`, { industry: '零售', version: (await account(later.id)).version });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await account(later.id)).toMatchObject({ tier: 'C', tierSource: 'rule', reclaimDueAt: new Date(T0.getTime() + 30 * DAY_MS).toISOString() });
    // what those writes call is idempotent
    const audit = { orgId: org.orgId, actorId: org.adminUserId, actorKind: 'user' as const, requestId: null };
    expect(await database.withTenant(org.orgId, (tx) => applyTierRulesWithin(tx, org.orgId, [later.id, maker.id], { now: T0, audit }))).toBe(0);
    await app.close();
  });

  it('a manual tier wins over the rules; tier: null hands the account back; the list filters by tier and none', async () => {
    const { app, call, admin, account, listNames, tierAudit, database, org, clock } = await setup();
    const rules = [{ tier: 'B', conditions: [{ field: 'industry', op: 'eq', value: '零售' }] }];
    expect((await call(admin, 'PUT', '/settings/tiers', { tiers: TIERS, rules })).statusCode).toBe(200);
    const shop = await createAccount(app, admin, { name: '零售一号', industry: '零售' });
    const manual = await createAccount(app, admin, { name: '零售二号', industry: '零售' });
    const plain = await createAccount(app, admin, { name: '无等级', industry: '教育' });
    // accounts written after the rules get their rule tier at once; a run finds nothing to change
    expect(await account(shop.id)).toMatchObject({ tier: 'B', tierSource: 'rule' });
    expect(await account(plain.id)).toMatchObject({ tier: null, tierSource: null });
    expect((await call(admin, 'POST', '/tiers/apply', {})).json()).toMatchObject({ changed: 0 });

    // manual tier: audited, source manual; an unknown tier names the field
    const bad = await call(admin, 'PATCH', `/accounts/${manual.id}`, { tier: 'Z', version: (await account(manual.id)).version });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('tier');
    const set = await call(admin, 'PATCH', `/accounts/${manual.id}`, { tier: 'A', version: (await account(manual.id)).version });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ tier: 'A', tierSource: 'manual' });
    expect((await tierAudit()).filter((a) => a.recordId === manual.id).map((a) => a.new)).toEqual(['B', 'A']);

    // the list filters: a tier, and none
    expect(await listNames('tier=A')).toEqual(['零售二号']);
    expect(await listNames('tier=B')).toEqual(['零售一号']);
    expect(await listNames('tier=none')).toEqual(['无等级']);
    expect(await listNames('tier=C')).toEqual([]);

    // a rule change recomputes rule tiers but never a manual one
    clock.advance(DAY_MS);
    const changed = await call(admin, 'PUT', '/settings/tiers', { tiers: TIERS, rules: [{ tier: 'C', conditions: [] }] });
    expect(changed.json().applied).toEqual({ examined: 2, changed: 2 });
    expect(await account(shop.id)).toMatchObject({ tier: 'C', tierSource: 'rule' });
    expect(await account(plain.id)).toMatchObject({ tier: 'C', tierSource: 'rule' });
    expect(await account(manual.id)).toMatchObject({ tier: 'A', tierSource: 'manual' });

    // null: back to the rules, at once
    const back = await call(admin, 'PATCH', `/accounts/${manual.id}`, { tier: null, version: (await account(manual.id)).version });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ tier: 'C', tierSource: 'rule' });
    expect(await applyTierRulesEverywhere(database, () => clock.now(), { orgIds: [org.orgId] })).toMatchObject({ organizations: 1, changed: 0 });
    expect(await account(manual.id)).toMatchObject({ tier: 'C', tierSource: 'rule' });
    expect(await listNames('tier=none')).toEqual([]);
    await app.close();
  });

  it('keeps tiers per organization', async () => {
    const a = await setup();
    const other = await createTestOrg(a.database);
    const otherAdmin = await signInAs(a.database, other.orgId, other.adminUserId);
    const theirs = await createAccount(a.app, otherAdmin, { name: '别家客户', industry: '零售' });
    expect((await a.call(a.admin, 'PUT', '/settings/tiers', { tiers: TIERS, rules: [{ tier: 'A', conditions: [] }] })).statusCode).toBe(200);
    const read = await a.call(otherAdmin, 'GET', '/settings/tiers');
    expect(read.json()).toMatchObject({ rules: [], version: 0 });
    const theirAccount = (await a.call(otherAdmin, 'GET', `/accounts/${theirs.id}`)).json();
    expect(theirAccount.tier).toBeNull();
    // applying the rules of one organization never reaches another's accounts
    expect((await a.call(otherAdmin, 'POST', '/tiers/apply', {})).json()).toEqual({ examined: 1, changed: 0 });
    await a.app.close();
  });
});
