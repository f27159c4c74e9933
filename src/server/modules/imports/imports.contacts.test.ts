/**
 * Contacts and leads through the same import pipeline as accounts: contacts link their account by name (within
 * the importer's data scope), re-import by external id creates none, bad mobiles are row problems; leads honour
 * the duplicate policy (mobile, email, company name); imported records obey data scope and masking like any other.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs, updateTestRole } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { runImport } from './imports.processor.js';
import { createImportsService } from './imports.service.js';
import { importAndWait, multipart } from './imports.testkit.js';
import { importPorts } from './imports.wiring.js';

type Headers = Record<string, string>;

async function setup(database: Database) {
  const app = await buildTestApp(database);
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  return { app, org, headers: admin.headers };
}

async function createAccount(app: FastifyInstance, headers: Headers, name: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers, payload: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const csv = (lines: string[]) => Buffer.from(lines.join('\n'), 'utf8');

async function rows<T>(database: Database, orgId: string, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await database.withTenant(orgId, (tx) => tx.execute(query));
  return (result as unknown as { rows: T[] }).rows;
}

async function problems(app: FastifyInstance, headers: Headers, id: string) {
  const res = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}/problems`, headers });
  expect(res.statusCode).toBe(200);
  return (res.json().items as { rowNumber: number; severity: string; problems: { field: string; code: string; message: string }[] }[]).map((i) => ({
    row: i.rowNumber,
    severity: i.severity,
    field: i.problems[0]!.field,
    code: i.problems[0]!.code,
    message: i.problems[0]!.message,
  }));
}

const CONTACTS_CSV = csv([
  '姓名,所属客户,手机,邮箱,职位,外部编号',
  '张三,上海华东贸易有限公司,138 1234 5678,ZhangSan@Example.com,采购经理,C-1',
  '李四,北京远景科技（集团）股份有限公司,+86 139-8765-4321,,工程师,C-2',
  '王五,不存在的公司,13700000000,,,C-3',
  '赵六,上海华东贸易有限公司,12345,,,C-4',
  '钱七,,13600000000,qian@example.com,,C-5',
]);
const CONTACTS_MAPPING = { 姓名: 'name', 所属客户: 'accountName', 手机: 'mobile', 邮箱: 'email', 职位: 'title', 外部编号: 'externalId' };

describe('importing contacts', () => {
  it('suggests the contact fields for Chinese headers', async () => {
    const database = await getTestDatabase();
    const { app, headers } = await setup(database);
    const body = multipart({ objectType: 'contacts' }, { name: 'contacts.csv', data: CONTACTS_CSV });
    const res = await app.inject({ method: 'POST', url: '/api/v1/imports/preview', headers: { ...headers, ...body.headers }, payload: body.payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().suggestedMapping).toEqual(CONTACTS_MAPPING);
    await app.close();
  });

  it('links accounts by name, normalises mobile and email, audits; re-import by external id creates none; bad mobile and unknown account are row problems', async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    const huadong = await createAccount(app, headers, '上海华东贸易有限公司');
    const yuanjing = await createAccount(app, headers, '北京远景科技');

    const first = await importAndWait(app, headers, { name: 'contacts.csv', data: CONTACTS_CSV }, { objectType: 'contacts', mapping: CONTACTS_MAPPING });
    expect(first).toMatchObject({ status: 'completed', objectType: 'contacts', createdRows: 3, failedRows: 2, skippedRows: 0, totalRows: 5 });
    const stored = await rows<{ name: string; account_id: string | null; mobile: string; email: string | null; title: string | null; external_id: string; owner_id: string; department_id: string | null }>(
      database,
      org.orgId,
      sql`select name, account_id::text as account_id, mobile, email, title, external_id, owner_id::text as owner_id, department_id::text as department_id
          from contacts where org_id = ${org.orgId}::uuid order by external_id`,
    );
    expect(stored).toEqual([
      { name: '张三', account_id: huadong, mobile: '13812345678', email: 'zhangsan@example.com', title: '采购经理', external_id: 'C-1', owner_id: org.adminUserId, department_id: org.rootDepartmentId },
      { name: '李四', account_id: yuanjing, mobile: '13987654321', email: null, title: '工程师', external_id: 'C-2', owner_id: org.adminUserId, department_id: org.rootDepartmentId },
      { name: '钱七', account_id: null, mobile: '13600000000', email: 'qian@example.com', title: null, external_id: 'C-5', owner_id: org.adminUserId, department_id: org.rootDepartmentId },
    ]);
    expect(await problems(app, headers, first.id)).toMatchObject([
      { row: 4, severity: 'error', field: 'accountName', code: 'unknown_account', message: expect.stringContaining('不存在的公司') },
      { row: 5, severity: 'error', field: 'mobile', code: 'invalid', message: expect.stringContaining('手机') },
    ]);
    // audited like a create of the contacts service, tied to the import
    const audit = await rows<{ n: number; object_type: string }>(
      database,
      org.orgId,
      sql`select object_type, count(*)::int as n from audit_events where org_id = ${org.orgId}::uuid and request_id = ${`import:${first.id}`} group by object_type`,
    );
    expect(audit).toEqual([{ object_type: 'contacts', n: 3 }]);
    // the contact shows its account in the API like any other
    const list = (await app.inject({ method: 'GET', url: `/api/v1/accounts/${huadong}/contacts`, headers })).json();
    expect(list.items.map((c: { name: string }) => c.name)).toEqual(['张三']);

    // the same file again: the external ids are there → none created
    const again = await importAndWait(app, headers, { name: 'contacts.csv', data: CONTACTS_CSV }, { objectType: 'contacts', mapping: CONTACTS_MAPPING });
    expect(again).toMatchObject({ status: 'completed', createdRows: 0, skippedRows: 3, failedRows: 2 });

    // policy update: changed values land on the same record (empty cells keep values), audited as updates
    const update = csv(['外部编号,姓名,职位,所属客户', 'C-1,张三,采购总监,', 'C-5,钱七,,北京远景科技']);
    const updated = await importAndWait(app, headers, { name: 'update.csv', data: update }, {
      objectType: 'contacts',
      duplicatePolicy: 'update',
      mapping: { 外部编号: 'externalId', 姓名: 'name', 职位: 'title', 所属客户: 'accountName' },
    });
    expect(updated).toMatchObject({ status: 'completed', createdRows: 0, updatedRows: 2, failedRows: 0 });
    const after = await rows<{ external_id: string; title: string | null; account_id: string | null; version: number }>(
      database,
      org.orgId,
      sql`select external_id, title, account_id::text as account_id, version from contacts where org_id = ${org.orgId}::uuid order by external_id`,
    );
    expect(after).toEqual([
      { external_id: 'C-1', title: '采购总监', account_id: huadong, version: 2 },
      { external_id: 'C-2', title: '工程师', account_id: yuanjing, version: 1 },
      { external_id: 'C-5', title: null, account_id: yuanjing, version: 2 },
    ]);
    const history = (await app.inject({ method: 'GET', url: `/api/v1/contacts?q=${encodeURIComponent('张三')}`, headers })).json();
    const zhang = history.items[0].id as string;
    const events = (await app.inject({ method: 'GET', url: `/api/v1/contacts/${zhang}/history`, headers })).json();
    expect(events.items[0]).toMatchObject({ action: 'update', changes: [{ field: 'title', old: '采购经理', new: '采购总监' }] });
    await app.close();
  });

  it('a contact by mobile or email is a duplicate (skip), and two accounts of the same name are ambiguous', async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    await createAccount(app, headers, '深圳前海实业有限公司');
    // a second account of the same normalised name (the default rules block that in the UI; older data has it)
    await database.withTenant(org.orgId, (tx) =>
      tx.execute(sql`insert into accounts (org_id, id, name, name_key, owner_id) values (${org.orgId}::uuid, gen_random_uuid(), '深圳前海实业', '深圳前海实业', ${org.adminUserId}::uuid)`),
    );
    await importAndWait(app, headers, { name: 'a.csv', data: csv(['姓名,手机', '甲,13800000001']) }, { objectType: 'contacts', mapping: { 姓名: 'name', 手机: 'mobile' } });
    const job = await importAndWait(
      app,
      headers,
      { name: 'b.csv', data: csv(['姓名,手机,邮箱,所属客户', '甲二,138-0000-0001,,', '乙,13800000002,b@x.com,', '丙,,B@X.com,', '丁,13800000003,,深圳前海实业']) },
      { objectType: 'contacts', mapping: { 姓名: 'name', 手机: 'mobile', 邮箱: 'email', 所属客户: 'accountName' } },
    );
    expect(job).toMatchObject({ status: 'completed', createdRows: 1, skippedRows: 2, failedRows: 1 });
    expect(await problems(app, headers, job.id)).toMatchObject([
      { row: 2, severity: 'warning', code: 'duplicate', message: expect.stringContaining('联系人') },
      { row: 4, severity: 'warning', code: 'duplicate_in_file' },
      { row: 5, severity: 'error', field: 'accountName', code: 'ambiguous_account' },
    ]);
    const names = await rows<{ name: string }>(database, org.orgId, sql`select name from contacts where org_id = ${org.orgId}::uuid`);
    expect(names.map((r) => r.name).sort()).toEqual(['乙', '甲']);
    await app.close();
  });

  it('data scope and masking: a rep links only accounts they can see, owns what they import, and sees masked mobiles', async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    await updateTestRole(database, org.orgId, org.roleIds.rep, {
      fieldMasks: { 'contacts.mobile': 'all' },
      permissions: { contacts: ['view', 'create', 'edit', 'import'], accounts: ['view', 'create'], users: ['view'] },
    });
    const rep = await createTestUser(database, org, { role: 'rep' });
    const other = await createTestUser(database, org, { role: 'rep' });
    const repSession = await signInAs(database, org.orgId, rep.id);
    const otherSession = await signInAs(database, org.orgId, other.id);
    await createAccount(app, headers, '管理员的客户有限公司'); // owned by the admin: outside the rep's scope
    const mine = await createAccount(app, repSession.headers, '代表的客户有限公司');

    const job = await importAndWait(
      app,
      repSession.headers,
      { name: 'c.csv', data: csv(['姓名,手机,所属客户', '甲,13812345678,代表的客户', '乙,13812345679,管理员的客户']) },
      { objectType: 'contacts', mapping: { 姓名: 'name', 手机: 'mobile', 所属客户: 'accountName' } },
    );
    expect(job).toMatchObject({ status: 'completed', createdRows: 1, failedRows: 1 });
    expect((await problems(app, repSession.headers, job.id))[0]).toMatchObject({ row: 3, code: 'unknown_account' });

    const repList = (await app.inject({ method: 'GET', url: '/api/v1/contacts', headers: repSession.headers })).json();
    expect(repList.items).toMatchObject([{ name: '甲', accountId: mine, ownerId: rep.id, mobile: '138****5678' }]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/contacts', headers: otherSession.headers })).json().items).toEqual([]);
    const adminList = (await app.inject({ method: 'GET', url: '/api/v1/contacts', headers })).json();
    expect(adminList.items).toMatchObject([{ name: '甲', mobile: '13812345678' }]);

    // without the import permission of contacts: 403, whatever accounts allows
    const body = multipart({ objectType: 'leads', mapping: '{"姓名":"name"}', dryRun: 'false', duplicatePolicy: 'skip' }, { name: 'l.csv', data: csv(['姓名', '甲']) });
    const denied = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...otherSession.headers, ...body.headers }, payload: body.payload });
    expect(denied.statusCode, denied.body).toBe(403);
    await app.close();
  });
});

describe('contacts in batches', () => {
  it('a crash leaves whole batches of contacts; resuming links the rest without duplicates', async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    const accountId = await createAccount(app, headers, '上海华东贸易有限公司');
    const actor = { orgId: org.orgId, userId: org.adminUserId, permissions: { contacts: ['import'] } } as unknown as Actor;
    const clock = new ManualClock();
    const ports = importPorts({ database, clock });
    const service = createImportsService({ database, clock, customFields: ports.customFields, dispatch: async () => {} });
    const lines = ['姓名,所属客户,手机,外部编号'];
    for (let i = 0; i < 35; i++) lines.push(`联系人${i},上海华东贸易,1390000${String(i).padStart(4, '0')},X-${i}`);
    const data = csv(lines);
    const created = await service.create(
      actor,
      async (store) => {
        await store({ fileName: 'contacts.csv', stream: (async function* () { yield data; })() });
        return () => ({ objectType: 'contacts', mapping: { 姓名: 'name', 所属客户: 'accountName', 手机: 'mobile', 外部编号: 'externalId' }, dryRun: false, duplicatePolicy: 'skip' });
      },
      'zh-CN',
    );
    const crash = new Error('simulated crash');
    await expect(runImport({ database, clock, ...ports, batchSize: 10, beforeCommit: (n) => { if (n === 3) throw crash; } }, org.orgId, created.id)).rejects.toBe(crash);
    const count = async () =>
      (await rows<{ n: number; linked: number }>(database, org.orgId, sql`select count(*)::int as n, count(*) filter (where account_id = ${accountId}::uuid)::int as linked from contacts where org_id = ${org.orgId}::uuid`))[0]!;
    expect(await count()).toEqual({ n: 20, linked: 20 });
    const done = await runImport({ database, clock, ...ports, batchSize: 10 }, org.orgId, created.id);
    expect(done).toMatchObject({ status: 'completed', createdRows: 35, committedRows: 35, failedRows: 0 });
    expect(await count()).toEqual({ n: 35, linked: 35 });
    await app.close();
  });
});

const LEADS_MAPPING = { 姓名: 'name', 公司名称: 'companyName', 手机: 'mobile', 邮箱: 'email', 来源: 'source', 外部编号: 'externalId', 预算: 'customFields.budget' };
const LEADS_CSV = csv([
  '姓名,公司名称,手机,邮箱,来源,外部编号,预算',
  '周一,杭州云帆科技有限公司,13811110001,zhou@yunfan.cn,展会,L-1,"12,000"',
  '吴二,宁波海运集团,13811110002,,官网,L-2,',
  '郑三,,13811110003,ZHENG@mail.com,转介绍,L-3,',
]);

async function leadRows(database: Database, orgId: string) {
  return rows<{ name: string; company_name: string | null; company_key: string | null; mobile: string | null; email: string | null; source: string | null; status: string; external_id: string | null }>(
    database,
    orgId,
    sql`select name, company_name, company_key, mobile, email, source, status, external_id from leads where org_id = ${orgId}::uuid and deleted_at is null`,
  ).then((list) => list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))); // code-point order (collations differ)
}

describe('importing leads', () => {
  it('imports leads (company key, status new, audited) and honours the duplicate policy: skip, update, create', async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    const field = await app.inject({
      method: 'POST',
      url: '/api/v1/custom-fields',
      headers,
      payload: { objectType: 'leads', key: 'budget', labelZh: '预算', labelEn: 'Budget', type: 'number' },
    });
    expect(field.statusCode, field.body).toBe(201);
    const first = await importAndWait(app, headers, { name: 'leads.csv', data: LEADS_CSV }, { objectType: 'leads', mapping: LEADS_MAPPING });
    expect(first).toMatchObject({ status: 'completed', objectType: 'leads', createdRows: 3, failedRows: 0 });
    expect((await leadRows(database, org.orgId)).find((r) => r.name === '周一')).toEqual({
      name: '周一',
      company_name: '杭州云帆科技有限公司',
      company_key: '杭州云帆科技',
      mobile: '13811110001',
      email: 'zhou@yunfan.cn',
      source: '展会',
      status: 'new',
      external_id: 'L-1',
    });
    const audit = await rows<{ n: number }>(
      database,
      org.orgId,
      sql`select count(*)::int as n from audit_events where org_id = ${org.orgId}::uuid and object_type = 'leads' and action = 'create' and request_id = ${`import:${first.id}`}`,
    );
    expect(audit[0]!.n).toBe(3);
    // custom fields of leads: the jsonb and the typed value rows (filters, sorts)
    const budget = await rows<{ custom_fields: Record<string, unknown>; n: number }>(
      database,
      org.orgId,
      sql`select l.custom_fields, (select count(*)::int from custom_field_values v where v.org_id = l.org_id and v.object_type = 'leads' and v.record_id = l.id) as n
          from leads l where l.org_id = ${org.orgId}::uuid and l.external_id = 'L-1'`,
    );
    expect(budget).toEqual([{ custom_fields: { budget: 12000 }, n: 1 }]);

    // duplicates by company name (normalised), mobile, email; one new lead
    const second = csv([
      '姓名,公司名称,手机,邮箱,来源',
      '周一（新）,杭州云帆科技,,,网络广告', // company key of 周一
      '吴二,,138-1111-0002,,电话', // mobile of 吴二
      '郑三,,,zheng@MAIL.com,活动', // email of 郑三
      '孙四,苏州新材料,13811110004,,官网',
    ]);
    const mapping = { 姓名: 'name', 公司名称: 'companyName', 手机: 'mobile', 邮箱: 'email', 来源: 'source' };
    const dry = await importAndWait(app, headers, { name: 'second.csv', data: second }, { objectType: 'leads', mapping, dryRun: true, duplicatePolicy: 'skip' });
    expect(dry).toMatchObject({ status: 'validated', createdRows: 1, skippedRows: 3, failedRows: 0 });
    expect((await problems(app, headers, dry.id)).map((p) => [p.row, p.code, p.message])).toEqual([
      [2, 'duplicate', '与已有线索重复（公司名称），已跳过'],
      [3, 'duplicate', '与已有线索重复（手机），已跳过'],
      [4, 'duplicate', '与已有线索重复（邮箱），已跳过'],
    ]);
    expect(await leadRows(database, org.orgId)).toHaveLength(3); // a dry run writes nothing

    const skip = await importAndWait(app, headers, { name: 'second.csv', data: second }, { objectType: 'leads', mapping, duplicatePolicy: 'skip' });
    expect(skip).toMatchObject({ status: 'completed', createdRows: 1, skippedRows: 3 });
    expect((await leadRows(database, org.orgId)).map((r) => r.name)).toEqual(['吴二', '周一', '孙四', '郑三']);

    const update = await importAndWait(app, headers, { name: 'second.csv', data: second }, { objectType: 'leads', mapping, duplicatePolicy: 'update' });
    expect(update).toMatchObject({ status: 'completed', createdRows: 0, updatedRows: 3, skippedRows: 1 }); // 孙四: unchanged
    const updated = await leadRows(database, org.orgId);
    expect(updated.map((r) => [r.name, r.company_name, r.company_key, r.source])).toEqual([
      ['吴二', '宁波海运集团', '宁波海运', '电话'],
      ['周一（新）', '杭州云帆科技', '杭州云帆科技', '网络广告'],
      ['孙四', '苏州新材料', '苏州新材料', '官网'],
      ['郑三', null, null, '活动'],
    ]);

    // policy create: a second lead, unless the duplicate rules block it (default: an exact company name blocks)
    const create = await importAndWait(app, headers, { name: 'second.csv', data: second }, { objectType: 'leads', mapping, duplicatePolicy: 'create' });
    expect(create).toMatchObject({ status: 'completed', createdRows: 2, failedRows: 2 });
    expect((await problems(app, headers, create.id)).map((p) => [p.row, p.code])).toEqual([
      [2, 'duplicate_blocked'],
      [5, 'duplicate_blocked'],
    ]);
    expect(await leadRows(database, org.orgId)).toHaveLength(6);

    // re-import of the first file by external id: none created, whatever the policy skip
    const again = await importAndWait(app, headers, { name: 'leads.csv', data: LEADS_CSV }, { objectType: 'leads', mapping: LEADS_MAPPING });
    expect(again).toMatchObject({ status: 'completed', createdRows: 0, skippedRows: 3 });
    await app.close();
  });
});
