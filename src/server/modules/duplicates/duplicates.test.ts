/**
 * Duplicate detection (查重/撞单) over HTTP: the examples (exact via the normalised name key,
 * fuzzy via trigrams), what a rep who may not see the match is told (owner only, never fields), pool
 * customers, phone/email/credit code across accounts, contacts and leads, the rules settings, acknowledging
 * a warning, the live check endpoint and tenant isolation.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../core/validation/creditCode.js';
import { auditEvents, recordShares } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestDepartment, createTestOrg, createTestUser, signInAs, type TestSession } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';

import type { DuplicateMatch } from './duplicates.service.js';

const T0 = new Date('2026-03-02T02:00:00.000Z');
const EXISTING = '上海华东贸易有限公司';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Match = DuplicateMatch;

async function setup() {
  const database = await getTestDatabase();
  const clock = new ManualClock(T0);
  const app = await buildTestApp(database, { clock });
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = (session: TestSession, method: Method, url: string, payload?: unknown, locale = 'zh-CN') =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...session.headers, 'accept-language': locale }, payload: payload as never });
  const newUser = async (opts: { role?: 'rep' | 'manager' | 'director'; departmentId?: string; displayName?: string } = {}) => {
    const user = await createTestUser(database, org, { role: opts.role ?? 'rep', departmentId: opts.departmentId, displayName: opts.displayName });
    return { ...user, session: await signInAs(database, org.orgId, user.id) };
  };
  /** creates and expects 201 */
  const create = async (session: TestSession, type: 'accounts' | 'contacts' | 'leads', body: Record<string, unknown>) => {
    const res = await call(session, 'POST', `/${type}`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number } & Record<string, unknown>;
  };
  return { database, clock, app, org, admin, call, newUser, create };
}

/** A 409 duplicate answer: its code, message and details. */
function duplicateOf(res: { statusCode: number; body: string; json: () => unknown }) {
  expect(res.statusCode, res.body).toBe(409);
  const { error } = res.json() as { error: { code: string; message: string; details: { matches: Match[]; action: string } } };
  return error;
}

/** A valid 统一社会信用代码 (GB 32100-2015 check character). */
function creditCode(seed: number): string {
  const first17 = `91310000${String(seed).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

describe(`duplicate detection on ${testDatabaseKind()}`, () => {
  it('flags the issue’s examples: same normalised name is blocked, a similar name warns (defaults)', async () => {
    const ctx = await setup();
    const owner = await ctx.newUser({ displayName: '李雷' });
    const existing = await ctx.create(ctx.admin, 'accounts', { name: EXISTING, ownerId: owner.id });

    // default rules: name_exact block, name_fuzzy warn
    const rules = await ctx.call(ctx.admin, 'GET', '/settings/duplicates');
    expect(rules.json()).toMatchObject({ rules: { name_exact: 'block', name_fuzzy: 'warn', credit_code: 'block', phone: 'warn', email: 'warn' }, fuzzyThreshold: 0.6, version: 0 });

    for (const name of ['上海华东贸易（集团）有限公司', '上海 华东贸易有限公司', '上海华东贸易股份有限公司']) {
      const error = duplicateOf(await ctx.call(ctx.admin, 'POST', '/accounts', { name }));
      expect(error.code).toBe('DUPLICATE_BLOCKED');
      expect(error.details.action).toBe('block');
      expect(error.details.matches).toEqual([
        { objectType: 'accounts', id: existing.id, matchedOn: 'name_exact', visible: true, name: EXISTING, ownerId: owner.id, ownerName: '李雷', inPool: false },
      ]);
      expect(error.message).toBe(`存在重复记录，不能保存：客户「${EXISTING}」（名称相同，已被 李雷 跟进）`);
      // a block stays a block when acknowledged
      const again = duplicateOf(await ctx.call(ctx.admin, 'POST', '/accounts', { name, acknowledgeDuplicates: true }));
      expect(again.code).toBe('DUPLICATE_BLOCKED');
    }

    // similar, not the same key: trigram similarity ≥ 0.6 → warning, which acknowledging lets through
    // (PostgreSQL; on PGlite similar-name matching is off — its pg_trgm can hang the connection)
    const similar = '上海华东贸易总公司';
    if (testDatabaseKind() === 'pglite') {
      expect((await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'accounts', companyName: similar })).json()).toMatchObject({ action: 'none' });
    } else {
      const warn = duplicateOf(await ctx.call(ctx.admin, 'POST', '/accounts', { name: similar }, 'en'));
      expect(warn.code).toBe('DUPLICATE_WARNING');
      expect(warn.details.action).toBe('warn');
      expect(warn.details.matches).toHaveLength(1);
      expect(warn.details.matches[0]).toMatchObject({ id: existing.id, matchedOn: 'name_fuzzy', visible: true, name: EXISTING });
      expect(warn.details.matches[0]!.similarity).toBeGreaterThanOrEqual(0.6);
      expect(warn.details.matches[0]!.similarity).toBeLessThan(1);
      expect(warn.message).toBe(`Possible duplicate: account "${EXISTING}" (similar name, followed by 李雷). Confirm to save anyway`);
    }
    const created = await ctx.create(ctx.admin, 'accounts', { name: similar, acknowledgeDuplicates: true });
    expect(created.name).toBe(similar);

    // unrelated names pass
    await ctx.create(ctx.admin, 'accounts', { name: '北京西山物流有限公司' });

    // editing: renaming to an existing name is blocked; editing the record itself never matches itself
    const renamed = duplicateOf(await ctx.call(ctx.admin, 'PATCH', `/accounts/${created.id}`, { name: '上海华东贸易（集团）有限公司', version: created.version }));
    expect(renamed.code).toBe('DUPLICATE_BLOCKED');
    // (the new name still resembles the acknowledged one above: a warning, acknowledged; a self-match would block)
    const selfEdit = await ctx.call(ctx.admin, 'PATCH', `/accounts/${existing.id}`, { name: '上海华东贸易有限公司（总部）', version: existing.version, acknowledgeDuplicates: true });
    expect(selfEdit.statusCode, selfEdit.body).toBe(200);
  });

  it('tells a rep who cannot see the match who owns it, never its name or other fields', async () => {
    const ctx = await setup();
    const east = await createTestDepartment(ctx.database, ctx.org.orgId, { parentId: ctx.org.rootDepartmentId, name: '华东' });
    const west = await createTestDepartment(ctx.database, ctx.org.orgId, { parentId: ctx.org.rootDepartmentId, name: '华西' });
    const owner = await ctx.newUser({ displayName: '韩梅梅', departmentId: east });
    const rep = await ctx.newUser({ displayName: '王五', departmentId: west });
    const existing = await ctx.create(owner.session, 'accounts', { name: EXISTING, phone: '13812345678', email: 'sales@huadong.cn' });
    expect((await ctx.call(rep.session, 'GET', `/accounts/${existing.id}`)).statusCode).toBe(404);

    const blocked = duplicateOf(await ctx.call(rep.session, 'POST', '/accounts', { name: '上海华东贸易（集团）有限公司' }));
    expect(blocked.code).toBe('DUPLICATE_BLOCKED');
    expect(blocked.details.matches).toEqual([
      { objectType: 'accounts', id: existing.id, matchedOn: 'name_exact', visible: false, ownerId: owner.id, ownerName: '韩梅梅', inPool: false },
    ]);
    expect(blocked.details.matches[0]).not.toHaveProperty('name');
    expect(blocked.message).toBe('存在重复记录，不能保存：一个客户（名称相同，已被 韩梅梅 跟进）');

    // phone and email: the message and details never carry the other record's values
    const phone = duplicateOf(await ctx.call(rep.session, 'POST', '/accounts', { name: '成都蜀锦商贸', phone: '+86 138-1234-5678', email: 'SALES@huadong.cn' }));
    expect(phone.code).toBe('DUPLICATE_WARNING');
    expect(phone.details.matches).toEqual([
      { objectType: 'accounts', id: existing.id, matchedOn: 'phone', visible: false, ownerId: owner.id, ownerName: '韩梅梅', inPool: false },
    ]);
    const body = JSON.stringify(phone);
    for (const secret of [EXISTING, '上海华东贸易', '13812345678', 'sales@huadong.cn']) expect(body).not.toContain(secret);
    expect(phone.message).toContain('已被 韩梅梅 跟进');

    // the live check says the same
    const live = await ctx.call(rep.session, 'POST', '/duplicates/check', { objectType: 'accounts', companyName: '上海华东贸易股份有限公司' }, 'en');
    expect(live.statusCode, live.body).toBe(200);
    expect(live.json()).toEqual({
      action: 'block',
      matches: [{ objectType: 'accounts', id: existing.id, matchedOn: 'name_exact', visible: false, ownerId: owner.id, ownerName: '韩梅梅', inPool: false }],
      message: 'an account (same name, followed by 韩梅梅)',
    });

    // shared with the rep: now visible, with its name
    await ctx.database.withTenant(ctx.org.orgId, (tx) =>
      tx.insert(recordShares).values({ orgId: ctx.org.orgId, objectType: 'accounts', recordId: existing.id, userId: rep.id, role: 'viewer' }),
    );
    const shared = (await ctx.call(rep.session, 'POST', '/duplicates/check', { objectType: 'accounts', companyName: EXISTING })).json();
    expect(shared.matches[0]).toMatchObject({ visible: true, name: EXISTING });
    expect(shared.message).toBe(`客户「${EXISTING}」（名称相同，已被 韩梅梅 跟进）`);
  });

  it('says that a matching customer sits in the public pool (公海)', async () => {
    const ctx = await setup();
    const pooled = await ctx.create(ctx.admin, 'accounts', { name: EXISTING });
    const released = await ctx.call(ctx.admin, 'POST', `/accounts/${pooled.id}/release`, { reason: '放入公海' });
    expect(released.statusCode, released.body).toBe(204);
    const rep = await ctx.newUser();

    const error = duplicateOf(await ctx.call(rep.session, 'POST', '/accounts', { name: '上海华东贸易（集团）有限公司' }));
    expect(error.code).toBe('DUPLICATE_BLOCKED');
    expect(error.details.matches).toHaveLength(1);
    expect(error.details.matches[0]).toMatchObject({ id: pooled.id, matchedOn: 'name_exact', inPool: true, ownerId: null, ownerName: null, poolName: '公海' });
    expect(error.message).toContain('在公海中');
    expect(error.message).not.toContain('跟进');
  });

  it('matches phone, email and credit code across accounts, contacts and leads', async () => {
    const ctx = await setup();
    const code = creditCode(123456789);
    const account = await ctx.create(ctx.admin, 'accounts', { name: '杭州西湖电子有限公司', phone: '13900001111', email: 'info@xihu.cn', creditCode: code });

    // credit code (block), on another name, normalised (lower case, spaces)
    const byCode = duplicateOf(await ctx.call(ctx.admin, 'POST', '/accounts', { name: '宁波东海船务', creditCode: ` ${code.toLowerCase()} `, acknowledgeDuplicates: true }));
    expect(byCode.code).toBe('DUPLICATE_BLOCKED');
    expect(byCode.details.matches).toEqual([expect.objectContaining({ objectType: 'accounts', id: account.id, matchedOn: 'credit_code' })]);

    // a contact against the account's phone and email
    const contactPhone = duplicateOf(await ctx.call(ctx.admin, 'POST', '/contacts', { name: '赵六', mobile: '139-0000-1111' }));
    expect(contactPhone.code).toBe('DUPLICATE_WARNING');
    expect(contactPhone.details.matches).toEqual([expect.objectContaining({ objectType: 'accounts', id: account.id, matchedOn: 'phone' })]);
    const contactEmail = duplicateOf(await ctx.call(ctx.admin, 'POST', '/contacts', { name: '赵六', email: 'INFO@xihu.cn' }));
    expect(contactEmail.details.matches).toEqual([expect.objectContaining({ objectType: 'accounts', id: account.id, matchedOn: 'email' })]);

    // a contact against another contact
    const contact = await ctx.create(ctx.admin, 'contacts', { name: '孙七', mobile: '13700002222', email: 'sun@qq.com' });
    const contactDup = duplicateOf(await ctx.call(ctx.admin, 'POST', '/contacts', { name: '孙七二', mobile: '13700002222' }));
    expect(contactDup.details.matches).toEqual([expect.objectContaining({ objectType: 'contacts', id: contact.id, matchedOn: 'phone', name: '孙七' })]);

    // leads against accounts (name: block), contacts and other leads
    const leadName = duplicateOf(await ctx.call(ctx.admin, 'POST', '/leads', { name: '周八', companyName: '杭州西湖电子（集团）有限公司' }));
    expect(leadName.code).toBe('DUPLICATE_BLOCKED');
    expect(leadName.details.matches).toEqual([expect.objectContaining({ objectType: 'accounts', id: account.id, matchedOn: 'name_exact' })]);
    const leadContact = duplicateOf(await ctx.call(ctx.admin, 'POST', '/leads', { name: '周八', email: 'Sun@QQ.com' }));
    expect(leadContact.details.matches).toEqual([expect.objectContaining({ objectType: 'contacts', id: contact.id, matchedOn: 'email' })]);
    const lead = await ctx.create(ctx.admin, 'leads', { name: '吴九', companyName: '苏州园林设计', mobile: '13600003333' });
    const leadLead = duplicateOf(await ctx.call(ctx.admin, 'POST', '/leads', { name: '郑十', mobile: '136 0000 3333' }));
    expect(leadLead.details.matches).toEqual([expect.objectContaining({ objectType: 'leads', id: lead.id, matchedOn: 'phone', name: '苏州园林设计' })]);
    const leadCompany = duplicateOf(await ctx.call(ctx.admin, 'POST', '/leads', { name: '郑十', companyName: '苏州园林设计有限公司' }));
    expect(leadCompany.details.matches).toEqual([expect.objectContaining({ objectType: 'leads', id: lead.id, matchedOn: 'name_exact', name: '苏州园林设计' })]);

    // several kinds on one record: one match, the strictest kind
    const multi = (await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'accounts', companyName: '杭州西湖电子', phone: '13900001111', creditCode: code })).json();
    expect(multi).toMatchObject({ action: 'block', matches: [{ id: account.id, matchedOn: 'credit_code' }] });
    expect(multi.matches).toHaveLength(1);
    // a contacts probe looks at contacts and accounts
    const live = (await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'contacts', mobile: '13700002222', email: 'info@xihu.cn' })).json();
    expect(live.action).toBe('warn');
    expect(live.matches.map((m: Match) => `${m.objectType}:${m.matchedOn}`).sort()).toEqual(['accounts:email', 'contacts:phone']);
    // a contact of that very account may share its phone and email
    const own = (await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'contacts', mobile: '13900001111', email: 'info@xihu.cn', accountId: account.id })).json();
    expect(own).toEqual({ action: 'none', matches: [], message: '' });
    // nothing to compare, nothing found
    expect((await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'accounts', companyName: '（）' })).json()).toEqual({ action: 'none', matches: [], message: '' });
    expect((await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'accounts', companyName: '广州南方重工' })).json()).toEqual({ action: 'none', matches: [], message: '' });
  });

  it('rules settings: roles.edit only, versioned, audited; block/warn/off change what happens', async () => {
    const ctx = await setup();
    const rep = await ctx.newUser();
    await ctx.create(ctx.admin, 'accounts', { name: EXISTING, phone: '13812340000' });

    expect((await ctx.call(rep.session, 'GET', '/settings/duplicates')).statusCode).toBe(200);
    const settings = { rules: { credit_code: 'block', name_exact: 'warn', name_fuzzy: 'off', phone: 'block', email: 'off' }, fuzzyThreshold: 0.5 };
    expect((await ctx.call(rep.session, 'PUT', '/settings/duplicates', { ...settings, version: 0 })).statusCode).toBe(403);
    expect((await ctx.call(ctx.admin, 'PUT', '/settings/duplicates', { ...settings, fuzzyThreshold: 2 })).statusCode).toBe(400);
    expect((await ctx.call(ctx.admin, 'PUT', '/settings/duplicates', { ...settings, rules: { ...settings.rules, name_exact: 'maybe' } })).statusCode).toBe(400);

    const put = await ctx.call(ctx.admin, 'PUT', '/settings/duplicates', { ...settings, version: 0 });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ ...settings, version: 1 });
    expect((await ctx.call(rep.session, 'GET', '/settings/duplicates')).json()).toEqual({ ...settings, version: 1 });
    const stale = await ctx.call(ctx.admin, 'PUT', '/settings/duplicates', { ...settings, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');

    const audit = await ctx.database.withTenant(ctx.org.orgId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, ctx.org.orgId), eq(auditEvents.objectType, 'org_settings.duplicates'))),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'update', actorId: ctx.org.adminUserId, recordId: ctx.org.orgId });
    expect(audit[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'rules.name_exact', old: 'block', new: 'warn' },
        { field: 'rules.name_fuzzy', old: 'warn', new: 'off' },
        { field: 'rules.phone', old: 'warn', new: 'block' },
        { field: 'rules.email', old: 'warn', new: 'off' },
        { field: 'fuzzyThreshold', old: 0.6, new: 0.5 },
      ]),
    );
    expect(audit[0]!.changes).toHaveLength(5);

    // exact name now warns (acknowledge to save), fuzzy is off, phone blocks even when acknowledged
    const exact = duplicateOf(await ctx.call(ctx.admin, 'POST', '/accounts', { name: '上海华东贸易（集团）有限公司' }));
    expect(exact.code).toBe('DUPLICATE_WARNING');
    expect(exact.details.matches).toEqual([expect.objectContaining({ matchedOn: 'name_exact' })]);
    await ctx.create(ctx.admin, 'accounts', { name: '上海华东贸易（集团）有限公司', acknowledgeDuplicates: true });
    await ctx.create(ctx.admin, 'accounts', { name: '上海华东贸易总公司' });
    const phone = duplicateOf(await ctx.call(ctx.admin, 'POST', '/accounts', { name: '深圳南山科技', phone: '13812340000', acknowledgeDuplicates: true }));
    expect(phone.code).toBe('DUPLICATE_BLOCKED');

    // all off: nothing is reported
    const off = { rules: { credit_code: 'off', name_exact: 'off', name_fuzzy: 'off', phone: 'off', email: 'off' }, fuzzyThreshold: 0.5, version: 1 };
    expect((await ctx.call(ctx.admin, 'PUT', '/settings/duplicates', off)).json().version).toBe(2);
    await ctx.create(ctx.admin, 'accounts', { name: EXISTING, phone: '13812340000' });
    expect((await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'accounts', companyName: EXISTING })).json()).toEqual({ action: 'none', matches: [], message: '' });
  });

  it('never matches another organization’s records', async () => {
    const a = await setup();
    const b = await setup();
    const code = creditCode(987654321);
    await a.create(a.admin, 'accounts', { name: EXISTING, phone: '13512345678', email: 'x@huadong.cn', creditCode: code });
    await a.create(a.admin, 'contacts', { name: '钱二', mobile: '13412345678' });
    await a.create(a.admin, 'leads', { name: '李三', companyName: '南京紫金科技', mobile: '13312345678' });

    await b.create(b.admin, 'accounts', { name: '上海华东贸易（集团）有限公司', phone: '13512345678', email: 'x@huadong.cn', creditCode: code });
    await b.create(b.admin, 'contacts', { name: '钱二', mobile: '13412345678' });
    await b.create(b.admin, 'leads', { name: '李三', companyName: '南京紫金科技有限公司', mobile: '13312345678' });
    for (const probe of [
      { objectType: 'leads', companyName: '南京紫金科技', mobile: '13312345678' },
      { objectType: 'leads', companyName: '上海华东贸易总公司' },
    ]) {
      const other = (await b.call(b.admin, 'POST', '/duplicates/check', probe)).json();
      // b's own records only
      for (const m of other.matches as Match[]) expect((await b.call(b.admin, 'GET', `/${m.objectType}/${m.id}`)).statusCode).toBe(200);
    }
    // a fresh organization sees nothing at all
    const c = await setup();
    const none = await c.call(c.admin, 'POST', '/duplicates/check', { objectType: 'leads', companyName: EXISTING, mobile: '13412345678', email: 'x@huadong.cn' });
    expect(none.json()).toEqual({ action: 'none', matches: [], message: '' });
  });

  it('checks need view on the probed type and validate the body', async () => {
    const ctx = await setup();
    expect((await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'deals', companyName: 'x' })).statusCode).toBe(400);
    expect((await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'accounts', name: 'x' })).statusCode).toBe(400);
    const anon = await ctx.app.inject({ method: 'POST', url: '/api/v1/duplicates/check', payload: { objectType: 'accounts', companyName: EXISTING } });
    expect(anon.statusCode).toBe(401);
  });
});
