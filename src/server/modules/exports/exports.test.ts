/** Exports go through the list's access layer: data scope, masking ('list' view), localized headers, streaming. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildTestApp, createTestOrg, createTestUser, signInAs, updateTestRole } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/db/schema.js';
import { createAccount, type Headers } from '../accounts/accounts.testkit.js';
import type { FastifyInstance } from 'fastify';

function parseCsv(text: string): string[][] {
  return text
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((l) => l.split(','));
}

describe('exporting accounts', () => {
  it('a rep exports only own accounts, with masked phones, in CSV and XLSX; the admin sees all, in English', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    const admin = await signInAs(database, org.orgId, org.adminUserId);
    await updateTestRole(database, org.orgId, org.roleIds.rep, {
      permissions: { accounts: ['view', 'create', 'edit', 'export'], users: ['view'], departments: ['view'] },
      fieldMasks: { 'accounts.phone': 'list' },
    });
    const rep = await createTestUser(database, org, { role: 'rep', displayName: '小王' });
    const other = await createTestUser(database, org, { role: 'rep' });
    const repSession = await signInAs(database, org.orgId, rep.id);
    const def = await app.inject({
      method: 'POST',
      url: '/api/v1/custom-fields',
      headers: admin.headers,
      payload: { objectType: 'accounts', key: 'budget', labelZh: '预算', labelEn: 'Budget', type: 'money' },
    });
    expect(def.statusCode, def.body).toBe(201);
    await createAccount(app, admin, { name: '我的客户甲', phone: '13812345678', ownerId: rep.id, customFields: { budget: '¥1.2万' } }).catch(async () =>
      createAccount(app, admin, { name: '我的客户甲', phone: '13812345678', ownerId: rep.id }),
    );
    await createAccount(app, admin, { name: '我的客户乙, 含逗号', ownerId: rep.id });
    await createAccount(app, admin, { name: '别人的客户', phone: '13900000000', ownerId: other.id });

    const csv = await app.inject({ method: 'GET', url: '/api/v1/exports/accounts?format=csv&sort=name', headers: repSession.headers });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename=".*\.csv"; filename\*=UTF-8''/);
    expect(csv.body.startsWith('\ufeff客户名称,统一社会信用代码,电话,邮箱')).toBe(true);
    const lines = parseCsv(csv.body);
    expect(lines[0]).toContain('预算');
    expect(lines).toHaveLength(3);
    expect(csv.body).toContain('我的客户甲,,138****5678,');
    expect(csv.body).toContain('"我的客户乙, 含逗号"');
    expect(csv.body).not.toContain('别人的客户');
    expect(csv.body).not.toContain('13812345678');

    // the same filters as the list: a search narrows the export
    const searched = await app.inject({ method: 'GET', url: `/api/v1/exports/accounts?q=${encodeURIComponent('乙')}`, headers: repSession.headers });
    expect(parseCsv(searched.body)).toHaveLength(2);

    const xlsx = await app.inject({ method: 'GET', url: '/api/v1/exports/accounts?format=xlsx&sort=name', headers: repSession.headers });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(3);
    const byName = new Map([2, 3].map((i) => [ws.getRow(i).getCell(1).value, ws.getRow(i)]));
    expect([...byName.keys()].sort()).toEqual(['我的客户乙, 含逗号', '我的客户甲'].sort());
    expect(byName.get('我的客户甲')!.getCell(3).value).toBe('138****5678');

    const en = await app.inject({ method: 'GET', url: '/api/v1/exports/accounts?sort=name', headers: { ...admin.headers, 'accept-language': 'en' } });
    expect(en.body.startsWith('\ufeffAccount name,Credit code,Phone,Email')).toBe(true);
    expect(parseCsv(en.body)).toHaveLength(4);
    expect(en.body).toContain('13812345678');
    expect(parseCsv(en.body)[0]).toContain('Budget');
    await app.close();
  });

  it('needs the export permission', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    const rep = await createTestUser(database, org, { role: 'rep' });
    const s = await signInAs(database, org.orgId, rep.id);
    const res = await app.inject({ method: 'GET', url: '/api/v1/exports/accounts', headers: s.headers });
    expect(res.statusCode).toBe(403);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/exports/accounts?format=pdf', headers: (await signInAs(database, org.orgId, org.adminUserId)).headers });
    expect(bad.statusCode).toBe(400);
    await app.close();
  });
});

async function post(app: FastifyInstance, headers: Headers, url: string, payload: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });
  if (res.statusCode !== 201) throw new Error(`POST ${url} failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string } & Record<string, unknown>;
}

async function xlsxRows(payload: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** An organization whose reps may export contacts and leads, with mobiles masked in lists. */
async function contactsAndLeadsSetup() {
  const database = await getTestDatabase();
  const app = await buildTestApp(database);
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  await updateTestRole(database, org.orgId, org.roleIds.rep, {
    permissions: {
      accounts: ['view', 'create', 'edit'],
      contacts: ['view', 'create', 'edit', 'export'],
      leads: ['view', 'create', 'edit', 'export'],
      users: ['view'],
      departments: ['view'],
    },
    fieldMasks: { 'contacts.mobile': 'list', 'leads.mobile': 'list' },
  });
  const rep = await createTestUser(database, org, { role: 'rep', displayName: '小王' });
  const other = await createTestUser(database, org, { role: 'rep', displayName: '小李' });
  const repSession = await signInAs(database, org.orgId, rep.id);
  return { database, app, org, admin, rep, other, repSession };
}

describe('exporting contacts and leads', () => {
  it('a rep exports only own contacts, with masked mobiles and custom fields, in CSV and XLSX; filters as the list', async () => {
    const { database, app, org, admin, rep, other, repSession } = await contactsAndLeadsSetup();
    await post(app, admin.headers, '/custom-fields', { objectType: 'contacts', key: 'hobby', labelZh: '爱好', labelEn: 'Hobby', type: 'text' });
    const account = await createAccount(app, admin, { name: '上海落地科技有限公司', ownerId: rep.id });
    await post(app, admin.headers, '/contacts', { name: '张三', mobile: '13812345678', accountId: account.id, ownerId: rep.id, customFields: { hobby: '钓鱼' } });
    await post(app, admin.headers, '/contacts', { name: '李四, 采购', mobile: '13987654321', ownerId: rep.id });
    await post(app, admin.headers, '/contacts', { name: '别人的联系人', mobile: '13700000000', ownerId: other.id });

    const csv = await app.inject({ method: 'GET', url: '/api/v1/exports/contacts?format=csv&sort=name', headers: repSession.headers });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename=".*\.csv"; filename\*=UTF-8''/);
    expect(csv.body.startsWith('\ufeff姓名,所属客户,职务,手机,电话')).toBe(true);
    const lines = parseCsv(csv.body);
    expect(lines[0]).toContain('爱好');
    expect(lines).toHaveLength(3);
    expect(csv.body).toContain('张三,上海落地科技有限公司,,138****5678,');
    expect(csv.body).toContain('钓鱼');
    expect(csv.body).toContain('"李四, 采购"');
    expect(csv.body).toContain('139****4321');
    expect(csv.body).not.toContain('别人的联系人');
    expect(csv.body).not.toContain('13812345678');
    expect(csv.body).not.toContain('13987654321');

    // the list's filters: search, and the account filter
    const searched = await app.inject({ method: 'GET', url: `/api/v1/exports/contacts?q=${encodeURIComponent('李四')}`, headers: repSession.headers });
    expect(parseCsv(searched.body)).toHaveLength(2);
    const byAccount = await app.inject({ method: 'GET', url: `/api/v1/exports/contacts?accountId=${account.id}`, headers: repSession.headers });
    expect(parseCsv(byAccount.body).map((l) => l[0])).toEqual(['姓名', '张三']);
    const byCustomField = await app.inject({ method: 'GET', url: `/api/v1/exports/contacts?${encodeURIComponent('cf.hobby')}=${encodeURIComponent('钓鱼')}`, headers: repSession.headers });
    expect(byCustomField.statusCode, byCustomField.body).toBe(200);
    expect(parseCsv(byCustomField.body).map((l) => l[0])).toEqual(['姓名', '张三']);

    const xlsx = await app.inject({ method: 'GET', url: '/api/v1/exports/contacts?format=xlsx&sort=name', headers: repSession.headers });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const rows = await xlsxRows(xlsx.rawPayload);
    expect(rows).toHaveLength(3);
    expect(rows[0]![3]).toBe('手机');
    const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect([...byName.keys()].sort()).toEqual(['张三', '李四, 采购'].sort());
    expect(byName.get('张三')![3]).toBe('138****5678');
    expect(byName.get('张三')).toContain('钓鱼');
    expect(JSON.stringify(rows)).not.toContain('13812345678');

    // the admin (no mask) sees every contact, unmasked, in English
    const en = await app.inject({ method: 'GET', url: '/api/v1/exports/contacts', headers: { ...admin.headers, 'accept-language': 'en' } });
    expect(en.body.startsWith('\ufeffName,Account,Title,Mobile,Phone')).toBe(true);
    expect(parseCsv(en.body)).toHaveLength(4);
    expect(en.body).toContain('13812345678');
    expect(parseCsv(en.body)[0]).toContain('Hobby');

    // each export is audited with its type and row count
    const events = await database.withTenant(org.orgId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.objectType, 'exports'), eq(auditEvents.actorId, rep.id))),
    );
    const contactExports = events.flatMap((e) => (e.changes as { field: string; new: { rows: number; format: string } }[]).filter((c) => c.field === 'contacts'));
    expect(contactExports.map((c) => `${c.new.format}:${c.new.rows}`).sort()).toEqual(['csv:1', 'csv:1', 'csv:1', 'csv:2', 'xlsx:2']);
    await app.close();
  });

  it('a rep exports only own leads with masked mobiles and status labels; the status filter applies', async () => {
    const { app, admin, rep, other, repSession } = await contactsAndLeadsSetup();
    await post(app, admin.headers, '/leads', { name: '王线索', companyName: '杭州某公司', mobile: '13812345678', ownerId: rep.id });
    const contacted = await post(app, admin.headers, '/leads', { name: '赵线索', mobile: '13911112222', ownerId: rep.id });
    await post(app, admin.headers, '/leads', { name: '别人的线索', mobile: '13700000000', ownerId: other.id });
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/leads/${contacted.id}`, headers: admin.headers, payload: { status: 'contacted', version: contacted.version } });
    expect(patched.statusCode, patched.body).toBe(200);

    const csv = await app.inject({ method: 'GET', url: '/api/v1/exports/leads?sort=name', headers: repSession.headers });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body.startsWith('\ufeff姓名,公司名称,职务,手机')).toBe(true);
    expect(parseCsv(csv.body)).toHaveLength(3);
    expect(csv.body).toContain('王线索,杭州某公司,,138****5678,');
    expect(csv.body).toContain('已联系');
    expect(csv.body).not.toContain('别人的线索');
    expect(csv.body).not.toContain('13812345678');

    const filtered = await app.inject({ method: 'GET', url: '/api/v1/exports/leads?status=contacted', headers: repSession.headers });
    expect(parseCsv(filtered.body).map((l) => l[0])).toEqual(['姓名', '赵线索']);

    const xlsx = await app.inject({ method: 'GET', url: '/api/v1/exports/leads?format=xlsx', headers: repSession.headers });
    expect(xlsx.statusCode).toBe(200);
    const rows = await xlsxRows(xlsx.rawPayload);
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).map((r) => r[3]).sort()).toEqual(['138****5678', '139****2222']);
    await app.close();
  });

  it('needs the export permission of the type, and delete for the recycle bin', async () => {
    const { app, org, database, repSession } = await contactsAndLeadsSetup();
    await updateTestRole(database, org.orgId, org.roleIds.rep, { permissions: { contacts: ['view', 'export'], leads: ['view'] } });
    expect((await app.inject({ method: 'GET', url: '/api/v1/exports/leads', headers: repSession.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/exports/contacts?deleted=true', headers: repSession.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/exports/contacts', headers: repSession.headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/exports/contacts?format=pdf', headers: repSession.headers })).statusCode).toBe(400);
    await app.close();
  });
});
