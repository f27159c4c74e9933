/**
 * Account merge (合并) over HTTP: every contact, converted lead, tag and share of the merged accounts ends up
 * on the kept one; chosen field values are taken; sources go to the recycle bin; 'merge' is audited on the
 * target and every source; visibility (404) and permissions (accounts.delete) are enforced.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, auditEvents, contacts, recordShares, recordTags, tags } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestDepartment, createTestOrg, createTestUser, signInAs, updateTestRole, type TestSession } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';

const T0 = new Date('2026-03-02T02:00:00.000Z');
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function setup() {
  const database = await getTestDatabase();
  const clock = new ManualClock(T0);
  const app = await buildTestApp(database, { clock });
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = (session: TestSession, method: Method, url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...session.headers, 'accept-language': 'en' }, payload: payload as never });
  const create = async (session: TestSession, type: 'accounts' | 'contacts' | 'leads', body: Record<string, unknown>) => {
    const res = await call(session, 'POST', `/${type}`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number } & Record<string, unknown>;
  };
  const newUser = async (opts: { role?: 'rep' | 'manager'; departmentId?: string; displayName?: string } = {}) => {
    const user = await createTestUser(database, org, { role: opts.role ?? 'rep', departmentId: opts.departmentId, displayName: opts.displayName });
    return { ...user, session: await signInAs(database, org.orgId, user.id) };
  };
  const tx = <T>(fn: Parameters<typeof database.withTenant<T>>[1]) => database.withTenant(org.orgId, fn);
  return { database, clock, app, org, admin, call, create, newUser, tx };
}

describe(`account merge on ${testDatabaseKind()}`, () => {
  it('keeps every contact, converted lead, tag and share; applies field choices; soft-deletes and audits', async () => {
    const ctx = await setup();
    const { orgId } = ctx.org;
    const rep = await ctx.newUser({ displayName: '王五' });
    const target = await ctx.create(ctx.admin, 'accounts', { name: '甲乙丙贸易有限公司', phone: '021-11112222', industry: '贸易' });
    const s1 = await ctx.create(ctx.admin, 'accounts', { name: '丁戊己物流', phone: '13911112222', email: 'ops@dingwu.cn', address: '上海市浦东新区' });
    const s2 = await ctx.create(ctx.admin, 'accounts', { name: '庚辛壬重工', website: 'https://gengxin.cn' });

    // contacts (primary on the target and on a source), a converted lead, tags and shares
    const cT = await ctx.create(ctx.admin, 'contacts', { name: '张一', accountId: target.id, isPrimary: true });
    const c1 = await ctx.create(ctx.admin, 'contacts', { name: '张二', accountId: s1.id, isPrimary: true });
    const c2 = await ctx.create(ctx.admin, 'contacts', { name: '张三', accountId: s2.id });
    const lead = await ctx.create(ctx.admin, 'leads', { name: '张四' });
    const converted = await ctx.call(ctx.admin, 'POST', `/leads/${lead.id}/convert`, { account: { mode: 'existing', accountId: s2.id }, createContact: false });
    expect(converted.statusCode, converted.body).toBe(200);
    const [tagA, tagB] = [randomUUID(), randomUUID()];
    await ctx.tx(async (tx) => {
      await tx.insert(tags).values([
        { orgId, id: tagA, name: `重点-${tagA.slice(0, 4)}` },
        { orgId, id: tagB, name: `华东-${tagB.slice(0, 4)}` },
      ]);
      await tx.insert(recordTags).values([
        { orgId, objectType: 'accounts', recordId: target.id, tagId: tagA },
        { orgId, objectType: 'accounts', recordId: s1.id, tagId: tagA }, // the target has it already
        { orgId, objectType: 'accounts', recordId: s2.id, tagId: tagB },
      ]);
      await tx.insert(recordShares).values({ orgId, objectType: 'accounts', recordId: s1.id, userId: rep.id, role: 'viewer' });
    });
    expect((await ctx.call(rep.session, 'GET', `/accounts/${target.id}`)).statusCode).toBe(404);

    const res = await ctx.call(ctx.admin, 'POST', '/accounts/merge', {
      targetId: target.id,
      sourceIds: [s1.id, s2.id],
      fieldChoices: { phone: s1.id, email: s1.id, website: s2.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      targetId: target.id,
      mergedIds: [s1.id, s2.id],
      moved: { contacts: 2, leads: 1, tags: 2, shares: 1, poolClaims: 0, deals: 0, activities: 0 },
    });

    // the kept account: chosen values, others its own
    const kept = (await ctx.call(ctx.admin, 'GET', `/accounts/${target.id}`)).json();
    expect(kept).toMatchObject({ name: '甲乙丙贸易有限公司', phone: '13911112222', email: 'ops@dingwu.cn', website: 'https://gengxin.cn', industry: '贸易', address: null, version: target.version + 1 });

    // contacts: all on the target, only its own primary stays primary
    const cs = await ctx.tx((tx) =>
      tx.select({ id: contacts.id, accountId: contacts.accountId, isPrimary: contacts.isPrimary }).from(contacts).where(and(eq(contacts.orgId, orgId), inArray(contacts.id, [cT.id, c1.id, c2.id]))),
    );
    expect(cs).toHaveLength(3);
    expect(cs).toEqual(
      expect.arrayContaining([
        { id: cT.id, accountId: target.id, isPrimary: 1 },
        { id: c1.id, accountId: target.id, isPrimary: 0 },
        { id: c2.id, accountId: target.id, isPrimary: 0 },
      ]),
    );
    expect((await ctx.call(ctx.admin, 'GET', `/leads/${lead.id}`)).json()).toMatchObject({ status: 'converted', convertedAccountId: target.id });

    // tags (deduplicated) and shares moved; the shared rep now sees the kept account
    const tagRows = await ctx.tx((tx) => tx.select({ recordId: recordTags.recordId, tagId: recordTags.tagId }).from(recordTags).where(eq(recordTags.orgId, orgId)));
    expect(tagRows.map((r) => `${r.recordId}:${r.tagId}`).sort()).toEqual([`${target.id}:${tagA}`, `${target.id}:${tagB}`].sort());
    const shareRows = await ctx.tx((tx) => tx.select({ recordId: recordShares.recordId, userId: recordShares.userId }).from(recordShares).where(eq(recordShares.orgId, orgId)));
    expect(shareRows).toEqual([{ recordId: target.id, userId: rep.id }]);
    expect((await ctx.call(rep.session, 'GET', `/accounts/${target.id}`)).statusCode).toBe(200);

    // sources in the recycle bin
    const rows = await ctx.tx((tx) => tx.select({ id: accounts.id, deletedAt: accounts.deletedAt, deletedBy: accounts.deletedBy }).from(accounts).where(and(eq(accounts.orgId, orgId), inArray(accounts.id, [s1.id, s2.id]))));
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatchObject({ deletedAt: T0, deletedBy: ctx.org.adminUserId });
    const list = (await ctx.call(ctx.admin, 'GET', '/accounts?limit=100')).json().items.map((a: { id: string }) => a.id);
    expect(list).toEqual([target.id]);

    // audit 'merge' on the target and every source; moved contacts/leads audited as updates
    const events = await ctx.tx((tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'merge'))));
    expect(events.map((e) => e.recordId).sort()).toEqual([target.id, s1.id, s2.id].sort());
    const onTarget = events.find((e) => e.recordId === target.id)!;
    expect(onTarget).toMatchObject({ objectType: 'accounts', actorId: ctx.org.adminUserId });
    expect(onTarget.changes).toEqual(
      expect.arrayContaining([
        { field: 'phone', old: '021-11112222', new: '13911112222' },
        { field: 'email', old: null, new: 'ops@dingwu.cn' },
        { field: 'website', old: null, new: 'https://gengxin.cn' },
        { field: 'mergedFrom', old: null, new: [s1.id, s2.id] },
        { field: 'movedReferences', old: null, new: { contacts: 2, leads: 1, tags: 2, shares: 1, poolClaims: 0, deals: 0, activities: 0 } },
      ]),
    );
    expect(events.find((e) => e.recordId === s1.id)!.changes).toEqual(expect.arrayContaining([{ field: 'mergedInto', old: null, new: target.id }]));
    const contactAudit = await ctx.tx((tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.recordId, c1.id), eq(auditEvents.action, 'update'))),
    );
    expect(contactAudit.at(-1)!.changes).toEqual([{ field: 'accountId', old: s1.id, new: target.id }]);
    const history = (await ctx.call(ctx.admin, 'GET', `/accounts/${target.id}/history`)).json();
    expect(history.items[0]).toMatchObject({ action: 'merge' });

    // merged again: the sources are gone
    expect((await ctx.call(ctx.admin, 'POST', '/accounts/merge', { targetId: target.id, sourceIds: [s1.id] })).statusCode).toBe(404);
  });

  it('takes the name from a source: the name key follows, so duplicate checks find the kept account', async () => {
    const ctx = await setup();
    const target = await ctx.create(ctx.admin, 'accounts', { name: '旧名称商行' });
    const source = await ctx.create(ctx.admin, 'accounts', { name: '青岛海滨水产有限公司' });
    const res = await ctx.call(ctx.admin, 'POST', '/accounts/merge', { targetId: target.id, sourceIds: [source.id], fieldChoices: { name: source.id } });
    expect(res.statusCode, res.body).toBe(200);
    const check = (await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'accounts', companyName: '青岛海滨水产（集团）有限公司' })).json();
    expect(check).toMatchObject({ action: 'block', matches: [{ id: target.id, matchedOn: 'name_exact', name: '青岛海滨水产有限公司' }] });
    expect(check.matches).toHaveLength(1);
    // the old name no longer matches anything
    expect((await ctx.call(ctx.admin, 'POST', '/duplicates/check', { objectType: 'accounts', companyName: '旧名称商行' })).json().action).toBe('none');
  });

  it('404 when the actor cannot see one of the accounts; 403 without accounts.delete; 400 on bad input', async () => {
    const ctx = await setup();
    const east = await createTestDepartment(ctx.database, ctx.org.orgId, { parentId: ctx.org.rootDepartmentId, name: '华东' });
    const rep = await ctx.newUser({ departmentId: east });
    const mine = await ctx.create(rep.session, 'accounts', { name: '我的客户一' });
    const mine2 = await ctx.create(rep.session, 'accounts', { name: '我的客户二' });
    const others = await ctx.create(ctx.admin, 'accounts', { name: '别人的客户' });

    // the seeded rep has no accounts.delete
    const forbidden = await ctx.call(rep.session, 'POST', '/accounts/merge', { targetId: mine.id, sourceIds: [mine2.id] });
    expect(forbidden.statusCode).toBe(403);

    await updateTestRole(ctx.database, ctx.org.orgId, ctx.org.roleIds.rep, { permissions: { accounts: ['view', 'create', 'edit', 'delete'] } });
    const unseenSource = await ctx.call(rep.session, 'POST', '/accounts/merge', { targetId: mine.id, sourceIds: [others.id] });
    expect(unseenSource.statusCode).toBe(404);
    expect(unseenSource.json().error.code).toBe('ACCOUNT_NOT_FOUND');
    const unseenTarget = await ctx.call(rep.session, 'POST', '/accounts/merge', { targetId: others.id, sourceIds: [mine.id] });
    expect(unseenTarget.statusCode).toBe(404);
    expect((await ctx.call(rep.session, 'POST', '/accounts/merge', { targetId: mine.id, sourceIds: [randomUUID()] })).statusCode).toBe(404);
    // nothing happened
    expect((await ctx.call(ctx.admin, 'GET', `/accounts/${others.id}`)).json()).toMatchObject({ deletedAt: null });
    expect((await ctx.call(rep.session, 'GET', `/accounts/${mine.id}`)).statusCode).toBe(200);

    // bad input
    const self = await ctx.call(rep.session, 'POST', '/accounts/merge', { targetId: mine.id, sourceIds: [mine.id] });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.code).toBe('MERGE_INVALID');
    const badChoice = await ctx.call(rep.session, 'POST', '/accounts/merge', { targetId: mine.id, sourceIds: [mine2.id], fieldChoices: { phone: others.id, ownerId: mine2.id } });
    expect(badChoice.statusCode).toBe(400);
    expect(badChoice.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['fieldChoices.ownerId', 'fieldChoices.phone']);
    expect((await ctx.call(rep.session, 'POST', '/accounts/merge', { targetId: mine.id, sourceIds: [] })).statusCode).toBe(400);

    // within the scope it works
    const ok = await ctx.call(rep.session, 'POST', '/accounts/merge', { targetId: mine.id, sourceIds: [mine2.id] });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('another organization’s accounts are not found', async () => {
    const a = await setup();
    const b = await setup();
    const mine = await a.create(a.admin, 'accounts', { name: '本组织客户' });
    const theirs = await b.create(b.admin, 'accounts', { name: '他组织客户' });
    expect((await a.call(a.admin, 'POST', '/accounts/merge', { targetId: mine.id, sourceIds: [theirs.id] })).statusCode).toBe(404);
    expect((await b.call(b.admin, 'GET', `/accounts/${theirs.id}`)).json()).toMatchObject({ deletedAt: null });
  });
});
