/**
 * Tags (标签) over HTTP: who creates, renames and deletes tags; tagging accounts, contacts and leads within the
 * data scope (404 outside it); the accounts list filter; audit; tenant isolation.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/db/schema.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs, updateTestRole, type TestSession } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { createAccount } from '../accounts/accounts.testkit.js';

async function setup() {
  const database = await getTestDatabase();
  const app = await buildTestApp(database);
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = async (session: TestSession, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...session.headers, 'accept-language': 'en' }, payload: payload as never });
  const rep = await createTestUser(database, org, { role: 'rep' });
  const repSession = await signInAs(database, org.orgId, rep.id);
  const other = await createTestUser(database, org, { role: 'rep' });
  const createTag = async (session: TestSession, name: string, color?: string) => {
    const res = await call(session, 'POST', '/tags', { name, color });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; name: string; color: string | null };
  };
  const auditOf = async (objectType: string, recordId: string) =>
    database.withTenant(org.orgId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.objectType, objectType), eq(auditEvents.recordId, recordId))),
    );
  return { database, app, org, admin, call, rep, repSession, other, createTag, auditOf };
}

describe(`tags on ${testDatabaseKind()}`, () => {
  it('reps create tags; only roles.edit renames and deletes them; names are unique; every change is audited', async () => {
    const { app, call, admin, repSession, createTag, auditOf, rep } = await setup();
    const vip = await createTag(repSession, '重点', 'red');
    expect(vip).toMatchObject({ name: '重点', color: 'red' });
    const taken = await call(admin, 'POST', '/tags', { name: '重点' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'TAG_NAME_TAKEN', fields: [{ field: 'name' }] });
    expect((await call(admin, 'POST', '/tags', { name: '  ' })).statusCode).toBe(400);

    expect((await call(repSession, 'PATCH', `/tags/${vip.id}`, { name: '改名' })).statusCode).toBe(403);
    expect((await call(repSession, 'DELETE', `/tags/${vip.id}`)).statusCode).toBe(403);

    const other = await createTag(admin, '老客户');
    expect((await call(admin, 'PATCH', `/tags/${other.id}`, { name: '重点' })).json().error.code).toBe('TAG_NAME_TAKEN');
    const renamed = await call(admin, 'PATCH', `/tags/${vip.id}`, { name: '重点客户', color: null });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id: vip.id, name: '重点客户', color: null });
    expect((await call(admin, 'PATCH', `/tags/${randomUUID()}`, { name: 'x' })).statusCode).toBe(404);
    expect((await call(admin, 'PATCH', '/tags/not-a-uuid', { name: 'x' })).statusCode).toBe(404);

    const list = await call(repSession, 'GET', '/tags');
    expect(list.json().items.map((t: { name: string }) => t.name)).toEqual(['老客户', '重点客户'].sort());

    expect((await call(admin, 'DELETE', `/tags/${other.id}`)).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', `/tags/${other.id}`)).statusCode).toBe(404);
    expect((await call(admin, 'GET', '/tags')).json().items.map((t: { name: string }) => t.name)).toEqual(['重点客户']);

    const vipEvents = await auditOf('tags', vip.id);
    expect(vipEvents.map((e) => e.action).sort()).toEqual(['create', 'update']);
    expect(vipEvents.find((e) => e.action === 'create')!.actorId).toBe(rep.id);
    expect(vipEvents.find((e) => e.action === 'update')!.changes).toEqual([
      { field: 'name', old: '重点', new: '重点客户' },
      { field: 'color', old: 'red', new: null },
    ]);
    expect((await auditOf('tags', other.id)).map((e) => e.action).sort()).toEqual(['create', 'delete']);
    await app.close();
  });

  it('tags and untags accounts, contacts and leads; the accounts list filters by tag; deleting a tag removes it from records', async () => {
    const { app, call, admin, repSession, rep, createTag, auditOf } = await setup();
    const vip = await createTag(admin, '重点');
    const cold = await createTag(admin, '冷淡');
    const tagged = await createAccount(app, repSession, { name: '东方科技' });
    await createAccount(app, repSession, { name: '北辰贸易' });

    const put = await call(repSession, 'PUT', `/accounts/${tagged.id}/tags`, { tagIds: [vip.id, cold.id, vip.id] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().items.map((t: { name: string }) => t.name)).toEqual(['冷淡', '重点']);
    expect((await call(repSession, 'GET', `/records/accounts/${tagged.id}/tags`)).json().items.map((t: { id: string }) => t.id).sort()).toEqual([vip.id, cold.id].sort());

    const listed = await call(repSession, 'GET', `/accounts?tagId=${vip.id}`);
    expect(listed.json().items.map((a: { name: string }) => a.name)).toEqual(['东方科技']);
    // list items carry their tags (one query per page, not per row)
    const all = (await call(repSession, 'GET', '/accounts?sort=name')).json().items as { name: string; tags: { name: string }[] }[];
    expect(Object.fromEntries(all.map((a) => [a.name, a.tags.map((t) => t.name)]))).toEqual({ 东方科技: ['冷淡', '重点'], 北辰贸易: [] });
    expect((await call(admin, 'GET', '/tags')).json().items.find((t: { id: string }) => t.id === vip.id).usage).toBe(1);

    // untag: the history of the record shows the tag names
    expect((await call(repSession, 'PUT', `/records/accounts/${tagged.id}/tags`, { tagIds: [vip.id] })).json().items).toHaveLength(1);
    const events = await auditOf('accounts', tagged.id);
    const tagChanges = events.flatMap((e) => (e.changes as { field: string }[]).filter((c) => c.field === 'tags'));
    expect(tagChanges).toEqual([
      { field: 'tags', old: [], new: ['冷淡', '重点'] },
      { field: 'tags', old: ['冷淡', '重点'], new: ['重点'] },
    ]);
    // the same tags again: nothing changes, nothing audited
    await call(repSession, 'PUT', `/records/accounts/${tagged.id}/tags`, { tagIds: [vip.id] });
    expect(await auditOf('accounts', tagged.id)).toHaveLength(events.length);

    // contacts and leads
    const contact = await call(repSession, 'POST', '/contacts', { name: '张三', ownerId: rep.id });
    expect(contact.statusCode, contact.body).toBe(201);
    const c = await call(repSession, 'PUT', `/records/contacts/${contact.json().id}/tags`, { tagIds: [cold.id] });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().items.map((t: { name: string }) => t.name)).toEqual(['冷淡']);
    const lead = await call(repSession, 'POST', '/leads', { name: '李四' });
    expect(lead.statusCode, lead.body).toBe(201);
    expect((await call(repSession, 'PUT', `/records/leads/${lead.json().id}/tags`, { tagIds: [vip.id, cold.id] })).json().items).toHaveLength(2);
    expect((await call(repSession, 'GET', `/records/leads/${lead.json().id}/tags`)).json().items).toHaveLength(2);
    // the contacts and leads lists filter by tag too
    await call(repSession, 'POST', '/contacts', { name: '王五', ownerId: rep.id });
    await call(repSession, 'POST', '/leads', { name: '赵六' });
    const names = async (url: string) => ((await call(repSession, 'GET', url)).json().items as { name: string }[]).map((r) => r.name);
    expect(await names(`/contacts?tagId=${cold.id}`)).toEqual(['张三']);
    expect(await names(`/contacts?tagId=${vip.id}`)).toEqual([]);
    expect(await names(`/leads?tagId=${vip.id}`)).toEqual(['李四']);
    expect((await call(repSession, 'PUT', `/records/deals/${lead.json().id}/tags`, { tagIds: [] })).statusCode).toBe(400);

    // an unknown tag names the field
    const unknown = await call(repSession, 'PUT', `/accounts/${tagged.id}/tags`, { tagIds: [randomUUID()] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0]).toEqual({ field: 'tagIds', message: 'unknown tag' });

    // deleting a tag takes it off every record
    expect((await call(admin, 'DELETE', `/tags/${vip.id}`)).statusCode).toBe(204);
    expect((await call(repSession, 'GET', `/records/accounts/${tagged.id}/tags`)).json().items).toEqual([]);
    expect((await call(repSession, 'GET', `/records/leads/${lead.json().id}/tags`)).json().items.map((t: { name: string }) => t.name)).toEqual(['冷淡']);
    expect((await call(repSession, 'GET', `/accounts?tagId=${vip.id}`)).json().items).toEqual([]);
    await app.close();
  });

  it('a rep cannot tag or read the tags of records outside the data scope (404); view-only roles cannot tag', async () => {
    const { app, call, admin, repSession, other, createTag, database, org } = await setup();
    const tag = await createTag(admin, '重点');
    const theirs = await createAccount(app, admin, { name: '别人的客户', ownerId: other.id });
    const res = await call(repSession, 'PUT', `/accounts/${theirs.id}/tags`, { tagIds: [tag.id] });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('RECORD_NOT_FOUND');
    expect((await call(repSession, 'GET', `/records/accounts/${theirs.id}/tags`)).statusCode).toBe(404);
    const contact = await call(admin, 'POST', '/contacts', { name: '别人的联系人', ownerId: other.id });
    expect((await call(repSession, 'PUT', `/records/contacts/${contact.json().id}/tags`, { tagIds: [tag.id] })).statusCode).toBe(404);
    expect((await call(repSession, 'PUT', `/records/contacts/${randomUUID()}/tags`, { tagIds: [] })).statusCode).toBe(404);
    expect((await call(admin, 'GET', `/records/accounts/${theirs.id}/tags`)).json().items).toEqual([]);

    // read-only on accounts: may read tags of visible records, may not tag or create tags
    await updateTestRole(database, org.orgId, org.roleIds.director, { permissions: { accounts: ['view'] } });
    const viewer = await createTestUser(database, org, { role: 'director' });
    const viewerSession = await signInAs(database, org.orgId, viewer.id);
    expect((await call(viewerSession, 'GET', `/records/accounts/${theirs.id}/tags`)).statusCode).toBe(200);
    expect((await call(viewerSession, 'PUT', `/accounts/${theirs.id}/tags`, { tagIds: [] })).statusCode).toBe(403);
    expect((await call(viewerSession, 'POST', '/tags', { name: '新' })).statusCode).toBe(403);
    expect((await call(viewerSession, 'GET', '/tags')).statusCode).toBe(200);
    await app.close();
  });

  it('keeps tags per organization', async () => {
    const { app, call, admin, createTag, database } = await setup();
    const ours = await createTag(admin, '重点');
    const ourAccount = await createAccount(app, admin, { name: '我方客户' });
    const otherOrg = await createTestOrg(database);
    const otherAdmin = await signInAs(database, otherOrg.orgId, otherOrg.adminUserId);
    const theirs = await createAccount(app, otherAdmin, { name: '他方客户' });

    expect((await call(otherAdmin, 'GET', '/tags')).json().items).toEqual([]);
    // the same name is free in another organization
    expect((await call(otherAdmin, 'POST', '/tags', { name: '重点' })).statusCode).toBe(201);
    expect((await call(otherAdmin, 'PATCH', `/tags/${ours.id}`, { name: '偷改' })).statusCode).toBe(404);
    expect((await call(otherAdmin, 'DELETE', `/tags/${ours.id}`)).statusCode).toBe(404);
    // another organization's tag is unknown; another organization's record is not found
    expect((await call(otherAdmin, 'PUT', `/accounts/${theirs.id}/tags`, { tagIds: [ours.id] })).statusCode).toBe(400);
    expect((await call(otherAdmin, 'PUT', `/accounts/${ourAccount.id}/tags`, { tagIds: [] })).statusCode).toBe(404);
    expect((await call(otherAdmin, 'GET', `/accounts?tagId=${ours.id}`)).json().items).toEqual([]);
    expect((await call(admin, 'GET', '/tags')).json().items.map((t: { name: string }) => t.name)).toEqual(['重点']);
    await app.close();
  });
});
