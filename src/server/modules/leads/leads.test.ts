/**
 * Leads over HTTP: CRUD, status rules, data scope and masking, tenant isolation, and conversion into an
 * account + contact in one transaction (atomic, once only, read-only afterwards).
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { SEEDED_ROLES } from '../../../core/access/defaultRoles.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { accounts, auditEvents, contacts } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs, updateTestRole, type TestOrg, type TestSession } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { createAccount, createTestApiToken, headersOf, type Headers } from '../accounts/accounts.testkit.js';
import { createLeadsService } from './leads.service.js';

async function setup() {
  const database = await getTestDatabase();
  const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
  const app = await buildTestApp(database, { clock });
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  return { database, clock, app, org, admin };
}

async function createLead(app: FastifyInstance, session: TestSession | Headers, body: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/leads', headers: headersOf(session), payload: { name: `线索-${randomUUID().slice(0, 6)}`, ...body } });
  if (res.statusCode !== 201) throw new Error(`create lead failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number } & Record<string, unknown>;
}

async function countRows(database: Database, orgId: string) {
  return database.withTenant(orgId, async (tx) => {
    const [a] = await tx.select({ n: sql<number>`count(*)::int` }).from(accounts).where(eq(accounts.orgId, orgId));
    const [c] = await tx.select({ n: sql<number>`count(*)::int` }).from(contacts).where(eq(contacts.orgId, orgId));
    const [e] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, orgId), sql`${auditEvents.objectType} in ('accounts', 'contacts')`));
    return { accounts: Number(a!.n), contacts: Number(c!.n), audit: Number(e!.n) };
  });
}

describe('leads: CRUD', () => {
  it('creates with normalised fields and company key, edits status, rejects converted as a status, deletes and restores', async () => {
    const { clock, app, admin, org } = await setup();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: admin.headers,
      payload: { name: '赵六', companyName: '上海华东贸易（集团）有限公司', mobile: '0086 139-0000-1111', email: 'Zhao@X.CN', source: '展会' },
    });
    expect(res.statusCode).toBe(201);
    const lead = res.json();
    expect(lead).toMatchObject({ name: '赵六', companyName: '上海华东贸易（集团）有限公司', mobile: '13900001111', email: 'zhao@x.cn', status: 'new', ownerId: org.adminUserId, version: 1 });
    expect(lead).not.toHaveProperty('companyKey');

    const bad = await app.inject({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, headers: admin.headers, payload: { status: 'converted', version: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('status');
    const invalid = await app.inject({ method: 'POST', url: '/api/v1/leads', headers: admin.headers, payload: { name: 'x', mobile: '123', email: 'no' } });
    expect(invalid.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['mobile', 'email']);

    clock.advance(1000);
    const ok = await app.inject({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, headers: admin.headers, payload: { status: 'contacted', companyName: '华东贸易', version: 1 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'contacted', companyName: '华东贸易', version: 2 });
    const stale = await app.inject({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, headers: admin.headers, payload: { status: 'qualified', version: 1 } });
    expect(stale.statusCode).toBe(409);

    const filtered = (await app.inject({ method: 'GET', url: '/api/v1/leads?status=contacted&q=%E5%8D%8E%E4%B8%9C', headers: admin.headers })).json();
    expect(filtered.items.map((l: { id: string }) => l.id)).toEqual([lead.id]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/leads?status=new', headers: admin.headers })).json().items).toEqual([]);

    expect((await app.inject({ method: 'DELETE', url: `/api/v1/leads/${lead.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'POST', url: `/api/v1/leads/${lead.id}/restore`, headers: admin.headers })).json().deletedAt).toBeNull();
    const history = (await app.inject({ method: 'GET', url: `/api/v1/leads/${lead.id}/history`, headers: admin.headers })).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['restore', 'delete', 'update', 'create']);
    expect(history.items[2].changes).toContainEqual({ field: 'status', old: 'new', new: 'contacted' });
  });

  it('data scope, masking of leads.mobile and tenant isolation', async () => {
    const { database, app, org, admin } = await setup();
    await updateTestRole(database, org.orgId, org.roleIds.rep, {
      fieldMasks: { 'leads.mobile': 'all' },
      permissions: { leads: ['view', 'create', 'edit'], users: ['view'] },
    });
    const rep = await createTestUser(database, org, { role: 'rep' });
    const s = await signInAs(database, org.orgId, rep.id);
    const mine = await createLead(app, s, { name: '我的', mobile: '13812345678' });
    const other = await createLead(app, admin, { name: '别人的' });
    const list = (await app.inject({ method: 'GET', url: '/api/v1/leads', headers: s.headers })).json();
    expect(list.items.map((l: { name: string; mobile: string }) => [l.name, l.mobile])).toEqual([['我的', '138****5678']]);
    expect((await app.inject({ method: 'GET', url: `/api/v1/leads/${mine.id}`, headers: s.headers })).json().mobile).toBe('138****5678');
    expect((await app.inject({ method: 'GET', url: `/api/v1/leads/${other.id}`, headers: s.headers })).statusCode).toBe(404);
    const bearer = await createTestApiToken(database, org.orgId, rep.id, ['leads:read']);
    expect((await app.inject({ method: 'GET', url: `/api/v1/leads/${mine.id}`, headers: bearer })).json().mobile).toBe('138****5678');
    expect(JSON.stringify((await app.inject({ method: 'GET', url: `/api/v1/leads/${mine.id}/history`, headers: bearer })).json())).not.toContain('13812345678');

    const orgB = await createTestOrg(database);
    const adminB = await signInAs(database, orgB.orgId, orgB.adminUserId);
    const base = `/api/v1/leads/${mine.id}`;
    for (const req of [
      { method: 'GET', url: base },
      { method: 'PATCH', url: base, payload: { name: 'x', version: 1 } },
      { method: 'DELETE', url: base },
      { method: 'POST', url: `${base}/restore` },
      { method: 'POST', url: `${base}/owner`, payload: { ownerId: orgB.adminUserId, version: 1 } },
      { method: 'POST', url: `${base}/convert`, payload: { account: { mode: 'create', name: 'x' }, createContact: true } },
      { method: 'GET', url: `${base}/history` },
    ] as const) {
      const res = await app.inject({ ...req, headers: adminB.headers });
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
      expect(res.json().error.code).toBe('LEAD_NOT_FOUND');
    }
  });
});

describe('leads: conversion', () => {
  it('creates the account and the contact, marks the lead converted and audits all three; twice → 409; read-only after', async () => {
    const { database, app, org, admin } = await setup();
    const rep = await createTestUser(database, org, { role: 'rep', displayName: '销售甲' });
    const lead = await createLead(app, admin, {
      name: '钱七',
      companyName: '杭州钱塘科技有限公司',
      title: 'CTO',
      mobile: '13700001111',
      email: 'qian@qt.cn',
      ownerId: rep.id,
    });
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/convert`,
      headers: admin.headers,
      payload: { account: { mode: 'create', industry: '软件' }, createContact: true, version: 1 },
    });
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result.account).toMatchObject({ name: '杭州钱塘科技有限公司', created: true });
    expect(result.contact).toMatchObject({ name: '钱七', title: 'CTO', mobile: '13700001111', email: 'qian@qt.cn', accountId: result.account.id, ownerId: rep.id });
    expect(result.lead).toMatchObject({
      status: 'converted',
      convertedAccountId: result.account.id,
      convertedContactId: result.contact.id,
      convertedBy: org.adminUserId,
      version: 2,
    });
    const account = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${result.account.id}`, headers: admin.headers })).json();
    // the account goes to the lead's owner, with the lead's contact details
    expect(account).toMatchObject({ ownerId: rep.id, industry: '软件', email: 'qian@qt.cn' });
    const accountHistory = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}/history`, headers: admin.headers })).json();
    expect(accountHistory.items.map((e: { action: string }) => e.action)).toEqual(['create']);
    const contactHistory = (await app.inject({ method: 'GET', url: `/api/v1/contacts/${result.contact.id}/history`, headers: admin.headers })).json();
    expect(contactHistory.items.map((e: { action: string }) => e.action)).toEqual(['create']);
    const leadHistory = (await app.inject({ method: 'GET', url: `/api/v1/leads/${lead.id}/history`, headers: admin.headers })).json();
    expect(leadHistory.items[0].action).toBe('convert');
    expect(leadHistory.items[0].changes).toContainEqual({ field: 'status', old: 'new', new: 'converted' });
    expect(leadHistory.items[0].changes).toContainEqual({
      field: 'convertedAccountId',
      old: null,
      new: account.id,
      oldLabel: null,
      newLabel: '杭州钱塘科技有限公司',
    });

    const again = await app.inject({ method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, headers: admin.headers, payload: { account: { mode: 'create', name: '另一个' }, createContact: true } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('LEAD_CONVERTED');
    for (const req of [
      { method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { notes: 'x', version: 2 } },
      { method: 'POST', url: `/api/v1/leads/${lead.id}/owner`, payload: { ownerId: org.adminUserId, version: 2 } },
      { method: 'DELETE', url: `/api/v1/leads/${lead.id}` },
    ] as const) {
      const r = await app.inject({ ...req, headers: admin.headers });
      expect(r.statusCode, req.method).toBe(409);
      expect(r.json().error.code).toBe('LEAD_CONVERTED');
    }
    const accountContacts = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${account.id}/contacts`, headers: admin.headers })).json();
    expect(accountContacts.items.map((c: { id: string }) => c.id)).toEqual([result.contact.id]);
  });

  it('links an existing account the actor can see; without a contact; rejects unseen accounts and a stale version', async () => {
    const { database, app, org, admin } = await setup();
    const rep = await createTestUser(database, org, { role: 'rep' });
    const s = await signInAs(database, org.orgId, rep.id);
    const mineAccount = await createAccount(app, s, { name: '我的客户' });
    const otherAccount = await createAccount(app, admin, { name: '别人的客户' });
    const lead = await createLead(app, s, { name: '孙八' });
    const stale = await app.inject({ method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, headers: s.headers, payload: { account: { mode: 'existing', accountId: mineAccount.id }, createContact: false, version: 9 } });
    expect(stale.statusCode).toBe(409);
    const unseen = await app.inject({ method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, headers: s.headers, payload: { account: { mode: 'existing', accountId: otherAccount.id }, createContact: true } });
    expect(unseen.statusCode).toBe(400);
    expect(unseen.json().error.fields[0].field).toBe('accountId');
    const noName = await app.inject({ method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, headers: s.headers, payload: { account: { mode: 'create' }, createContact: true } });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.fields[0].field).toBe('name');

    const ok = await app.inject({ method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, headers: s.headers, payload: { account: { mode: 'existing', accountId: mineAccount.id }, createContact: false } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ account: { id: mineAccount.id, created: false }, contact: null, lead: { status: 'converted', convertedContactId: null } });
  });

  it('a failure midway (the contact is blocked after the account was written) leaves nothing written and the lead unconverted', async () => {
    const database = await getTestDatabase();
    const org = await createTestOrg(database);
    const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
    const blocked = new AppError('DUPLICATE_BLOCKED', { kind: 'conflict', 'zh-CN': '重复', en: 'duplicate' });
    const probes: string[] = [];
    const service = createLeadsService({
      database,
      clock,
      duplicates: {
        async assertAllowed(_tx, _actor, probe) {
          probes.push(probe.objectType);
          if (probe.objectType === 'contacts') throw blocked;
        },
      },
    });
    const ctx = adminContext(org);
    const lead = await service.create(ctx, { name: '周九', companyName: '南京周氏实业', mobile: '13600002222' });
    const before = await countRows(database, org.orgId);
    await expect(service.convert(ctx, lead.id, { account: { mode: 'create' }, createContact: true })).rejects.toBe(blocked);
    expect(probes).toEqual(['leads', 'contacts']);
    expect(await countRows(database, org.orgId)).toEqual(before);
    expect(await service.get(ctx.actor, lead.id)).toMatchObject({ status: 'new', convertedAccountId: null, version: 1 });
    const history = await service.history(ctx.actor, lead.id, { limit: 10 });
    expect(history.items.map((e) => e.action)).toEqual(['create']);
  });
});

function adminContext(org: TestOrg): { actor: Actor; audit: { orgId: string; actorId: string; actorKind: 'user'; requestId: null }; locale: 'zh-CN' } {
  const role = SEEDED_ROLES.find((r) => r.key === 'admin')!;
  const actor: Actor = {
    orgId: org.orgId,
    userId: org.adminUserId,
    displayName: '管理员',
    kind: 'user',
    roleId: org.roleIds.admin,
    roleKey: 'admin',
    roleName: '管理员',
    dataScope: 'all',
    permissions: role.permissions,
    fieldMasks: {},
    departmentId: org.rootDepartmentId,
  };
  return { actor, audit: { orgId: org.orgId, actorId: org.adminUserId, actorKind: 'user', requestId: null }, locale: 'zh-CN' };
}

describe('leads: duplicate check (查重) against customers and other leads', () => {
  it('sends company name, mobile, phone and email of the lead to the duplicates service, with acknowledgement and excludeId on edit', async () => {
    const database = await getTestDatabase();
    const org = await createTestOrg(database);
    const probes: { probe: Record<string, unknown>; acknowledged: boolean }[] = [];
    const warning = new AppError('DUPLICATE_WARNING', { kind: 'conflict', 'zh-CN': '与张三的客户重复', en: 'duplicate' });
    const service = createLeadsService({
      database,
      clock: new ManualClock(),
      duplicates: {
        async assertAllowed(_tx, _actor, probe, acknowledged) {
          probes.push({ probe: { ...probe }, acknowledged });
          if (!acknowledged) throw warning;
        },
      },
    });
    const ctx = adminContext(org);
    const input = { name: '吴十', companyName: '上海华东贸易有限公司', mobile: '13512345678', email: 'WU@x.cn' };
    await expect(service.create(ctx, input)).rejects.toBe(warning);
    const lead = await service.create(ctx, { ...input, acknowledgeDuplicates: true });
    expect(probes.map((p) => p.probe)).toEqual([
      { objectType: 'leads', companyName: '上海华东贸易有限公司', mobile: '13512345678', phone: null, email: 'wu@x.cn' },
      { objectType: 'leads', companyName: '上海华东贸易有限公司', mobile: '13512345678', phone: null, email: 'wu@x.cn' },
    ]);
    await service.update(ctx, lead.id, { phone: '021-12345678', version: 1, acknowledgeDuplicates: true });
    expect(probes[2]!.probe).toMatchObject({ objectType: 'leads', excludeId: lead.id, phone: '021-12345678', companyName: '上海华东贸易有限公司' });
    // notes alone are no reason to check again
    await service.update(ctx, lead.id, { notes: '备注', version: 2 });
    expect(probes).toHaveLength(3);
  });
});
