/**
 * Imports end to end (HTTP + job + database): the Maven CRM accounts file in UTF-8, GBK and XLSX, idempotent
 * re-import, dry-run problems, rejected rows download, malformed files, resume after a crash mid-import.
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs, updateTestRole } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { runImport } from './imports.processor.js';
import { createImportsService } from './imports.service.js';
import { importAndWait, MAVEN_ACCOUNTS, multipart, orgAccounts, startImport, waitForImport } from './imports.testkit.js';
import { importPorts } from './imports.wiring.js';

const MAVEN_MAPPING = {
  account: 'name',
  sector: 'customFields.sector',
  year_established: 'customFields.year_established',
  revenue: 'customFields.revenue',
  employees: 'customFields.employees',
  office_location: 'customFields.office_location',
  subsidiary_of: 'customFields.subsidiary_of',
};

async function setup(database: Database) {
  const app = await buildTestApp(database);
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  return { app, org, admin, headers: admin.headers };
}

async function defineField(app: FastifyInstance, headers: Record<string, string>, body: object) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers, payload: { objectType: 'accounts', ...body } });
  expect(res.statusCode, res.body).toBe(201);
}

/** The custom fields the Maven accounts map to (revenue: millions of USD, a number with 2 decimals). */
async function defineMavenFields(app: FastifyInstance, headers: Record<string, string>) {
  await defineField(app, headers, { key: 'sector', labelZh: '行业板块', labelEn: 'Sector', type: 'text' });
  await defineField(app, headers, { key: 'year_established', labelZh: '成立年份', labelEn: 'Year established', type: 'number' });
  await defineField(app, headers, { key: 'revenue', labelZh: '营收（百万美元）', labelEn: 'Revenue (USD millions)', type: 'number', options: { decimals: 2 } });
  await defineField(app, headers, { key: 'employees', labelZh: '员工数', labelEn: 'Employees', type: 'number' });
  await defineField(app, headers, { key: 'office_location', labelZh: '办公地点', labelEn: 'Office location', type: 'text' });
  await defineField(app, headers, { key: 'subsidiary_of', labelZh: '母公司', labelEn: 'Subsidiary of', type: 'text' });
}

async function mavenXlsx(): Promise<Buffer> {
  const text = fs.readFileSync(MAVEN_ACCOUNTS, 'utf8');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('accounts');
  text
    .split(/\r?\n/)
    .filter(Boolean)
    .forEach((line, i) => ws.addRow(i === 0 ? line.split(',') : line.split(',').map((v, c) => (c >= 2 && c <= 4 && v !== '' ? Number(v) : v))));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const snapshot = (rows: Awaited<ReturnType<typeof orgAccounts>>) => rows.map((r) => ({ name: r.name, custom: r.custom_fields }));

describe('importing the Maven CRM accounts', () => {
  it('creates 85 accounts with custom fields; importing again creates none; GBK and XLSX give the same result', async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    await defineMavenFields(app, headers);
    const data = fs.readFileSync(MAVEN_ACCOUNTS);

    const first = await importAndWait(app, headers, { name: 'accounts.csv', data }, { mapping: MAVEN_MAPPING });
    expect(first).toMatchObject({ status: 'completed', createdRows: 85, failedRows: 0, totalRows: 85, processedRows: 85, encoding: 'utf-8', format: 'csv' });
    const rows = await orgAccounts(database, org.orgId);
    expect(rows).toHaveLength(85);
    expect(rows.find((r) => r.name === 'Acme Corporation')).toMatchObject({
      owner_id: org.adminUserId,
      name_key: 'acmecorporation',
      custom_fields: { sector: 'technolgy', year_established: 1996, revenue: 1100.04, employees: 2822, office_location: 'United States' },
    });
    // typed value rows for filters and sorts are written too
    const values = await database.withTenant(org.orgId, (tx) =>
      tx.execute(sql`select count(*)::int as n from custom_field_values where org_id = ${org.orgId}::uuid`),
    );
    expect((values as unknown as { rows: { n: number }[] }).rows[0]!.n).toBeGreaterThanOrEqual(85 * 5);
    // audited like any create, tied to the import
    const audit = await database.withTenant(org.orgId, (tx) =>
      tx.execute(sql`select count(*)::int as n from audit_events where org_id = ${org.orgId}::uuid and action = 'create' and request_id = ${`import:${first.id}`}`),
    );
    expect((audit as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(85);

    // the same file again: every row is a duplicate by name → skipped, none created
    const again = await importAndWait(app, headers, { name: 'accounts.csv', data }, { mapping: MAVEN_MAPPING });
    expect(again).toMatchObject({ status: 'completed', createdRows: 0, skippedRows: 85, failedRows: 0 });
    expect(await orgAccounts(database, org.orgId)).toHaveLength(85);

    // GBK and XLSX copies into fresh organizations give the same accounts
    const expected = snapshot(rows);
    for (const file of [
      { name: 'accounts-gbk.csv', data: iconv.encode(data.toString('utf8'), 'gbk') },
      { name: 'accounts-bom.csv', data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), data]) },
      { name: 'accounts.xlsx', data: await mavenXlsx() },
    ]) {
      const other = await setup(database);
      await defineMavenFields(other.app, other.headers);
      const job = await importAndWait(other.app, other.headers, file, { mapping: MAVEN_MAPPING });
      expect(job, file.name).toMatchObject({ status: 'completed', createdRows: 85, failedRows: 0 });
      expect(snapshot(await orgAccounts(database, other.org.orgId)), file.name).toEqual(expected);
      await other.app.close();
    }
    await app.close();
  });
});

const CHINESE_CSV = [
  '客户名称,行业,电话,签约日期,合同金额,备注',
  '上海华东贸易有限公司,贸易,021-12345678,2026年1月5日,"￥1.2万",老客户',
  '北京远景科技（集团）股份有限公司,软件,13812345678,2026/1/5,"$1,932.00",',
  '深圳前海实业,制造,,1/5/2026,"12.5亿",说明, 含逗号',
].join('\r\n');

describe('encodings and formats', () => {
  it('UTF-8 with BOM, GBK and XLSX of a Chinese file import the same values (dates and money parsed)', async () => {
    const database = await getTestDatabase();
    const fixed = CHINESE_CSV.replace('说明, 含逗号', '"说明, 含逗号"');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['客户名称', '行业', '电话', '签约日期', '合同金额', '备注']);
    ws.addRow(['上海华东贸易有限公司', '贸易', '021-12345678', new Date(Date.UTC(2026, 0, 5)), '¥1.2万', '老客户']);
    ws.addRow(['北京远景科技（集团）股份有限公司', '软件', 13812345678, 46027, 1932, null]);
    ws.addRow(['深圳前海实业', '制造', null, '1/5/2026', '12.5亿', '说明, 含逗号']);
    const files = [
      { name: 'bom.csv', data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixed, 'utf8')]) },
      { name: 'gbk.csv', data: iconv.encode(fixed, 'gbk') },
      { name: 'c.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) },
    ];
    const results: unknown[] = [];
    for (const file of files) {
      const { app, org, headers } = await setup(database);
      await defineField(app, headers, { key: 'signed_on', labelZh: '签约日期', labelEn: 'Signed on', type: 'date' });
      await defineField(app, headers, { key: 'contract_amount', labelZh: '合同金额', labelEn: 'Contract amount', type: 'money' });
      // the preview detects the encoding and suggests the mapping from the zh headers
      const body = multipart({ objectType: 'accounts' }, file);
      const preview = await app.inject({ method: 'POST', url: '/api/v1/imports/preview', headers: { ...headers, ...body.headers }, payload: body.payload });
      expect(preview.statusCode, preview.body).toBe(200);
      const p = preview.json();
      expect(p.encoding).toBe(file.name === 'gbk.csv' ? 'gbk' : file.name === 'bom.csv' ? 'utf-8-bom' : null);
      expect(p.headers).toEqual(['客户名称', '行业', '电话', '签约日期', '合同金额', '备注']);
      expect(p.rows[0][0]).toBe('上海华东贸易有限公司');
      expect(p.suggestedMapping).toEqual({
        客户名称: 'name',
        行业: 'industry',
        电话: 'phone',
        签约日期: 'customFields.signed_on',
        合同金额: 'customFields.contract_amount',
        备注: 'notes',
      });
      const job = await importAndWait(app, headers, file, { mapping: p.suggestedMapping });
      expect(job, file.name).toMatchObject({ status: 'completed', createdRows: 3, failedRows: 0 });
      const rows = await orgAccounts(database, org.orgId);
      results.push(rows.map((r) => ({ name: r.name, phone: r.phone, industry: r.industry, custom: r.custom_fields })));
      await app.close();
    }
    expect(results[0]).toEqual([
      { name: '上海华东贸易有限公司', phone: '021-12345678', industry: '贸易', custom: { signed_on: '2026-01-05', contract_amount: 1200000 } },
      { name: '北京远景科技（集团）股份有限公司', phone: '13812345678', industry: '软件', custom: { signed_on: '2026-01-05', contract_amount: 193200 } },
      { name: '深圳前海实业', phone: null, industry: '制造', custom: { signed_on: '2026-01-05', contract_amount: 125000000000 } },
    ]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});

describe('dry run and problems', () => {
  it('reports bad dates, bad money and missing names per row, writes nothing, and the rejected rows download with reasons', async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    await defineField(app, headers, { key: 'signed_on', labelZh: '签约日期', labelEn: 'Signed on', type: 'date' });
    await defineField(app, headers, { key: 'amount', labelZh: '金额', labelEn: 'Amount', type: 'money' });
    const csv = ['名称,签约日期,金额,邮箱', '好客户,2026-01-05,100,a@b.cn', '坏日期,2026-02-30,100,', '坏金额,2026-01-05,很多,', ',2026-01-05,5,', '坏邮箱,,,not-an-email', '好客户,,,'].join('\n');
    const mapping = { 名称: 'name', 签约日期: 'customFields.signed_on', 金额: 'customFields.amount', 邮箱: 'email' };
    const job = await importAndWait(app, headers, { name: 'p.csv', data: Buffer.from(csv) }, { mapping, dryRun: true });
    expect(job).toMatchObject({ status: 'validated', dryRun: true, createdRows: 1, failedRows: 4, skippedRows: 1, processedRows: 6 });
    expect(await orgAccounts(database, org.orgId)).toEqual([]);

    const en = await app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/problems`, headers: { ...headers, 'accept-language': 'en' } });
    const items = en.json().items as { rowNumber: number; severity: string; problems: { field: string; code: string; message: string }[] }[];
    expect(items.map((i) => [i.rowNumber, i.severity, i.problems.map((p) => p.field).join()])).toEqual([
      [3, 'error', 'customFields.signed_on'],
      [4, 'error', 'customFields.amount'],
      [5, 'error', 'name'],
      [6, 'error', 'email'],
      [7, 'warning', ''],
    ]);
    expect(items[0]!.problems[0]!.message).toContain('Signed on');
    expect(items[2]!.problems[0]!.message).toBe('Account name: is required');
    expect(items[4]!.problems[0]!.message).toBe('Duplicate of row 2 of this file; skipped');

    const download = await app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/problems.csv`, headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('text/csv');
    expect(download.headers['content-disposition']).toContain('attachment');
    const text = download.body;
    expect(text.startsWith('\ufeff行号,级别,原因,名称,签约日期,金额,邮箱\r\n')).toBe(true);
    expect(text).toContain('3,错误,签约日期：日期不存在（「2026-02-30」）,坏日期,2026-02-30,100,');
    expect(text).toContain('5,错误,客户名称：必填,,2026-01-05,5,');

    // run the validated dry run for real: the same file, no second upload
    const run = await app.inject({ method: 'POST', url: `/api/v1/imports/${job.id}/run`, headers, payload: {} });
    expect(run.statusCode, run.body).toBe(202);
    const done = await waitForImport(app, headers, job.id);
    expect(done).toMatchObject({ status: 'completed', dryRun: false, createdRows: 1, failedRows: 4, skippedRows: 1 });
    expect((await orgAccounts(database, org.orgId)).map((r) => r.name)).toEqual(['好客户']);
    await app.close();
  });
});

describe('duplicate policies and external ids', () => {
  it('re-importing with external ids updates (policy update) or skips, never duplicates', async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    const mapping = { 编号: 'externalId', 客户名称: 'name', 电话: 'phone' };
    const v1 = ['编号,客户名称,电话', 'C001,华东贸易有限公司,13800000001', 'C002,远景科技,13800000002', 'C001,华东贸易有限公司,13800000001'].join('\n');
    const first = await importAndWait(app, headers, { name: 'v1.csv', data: Buffer.from(v1) }, { mapping });
    expect(first).toMatchObject({ createdRows: 2, skippedRows: 1 });
    const v2 = ['编号,客户名称,电话', 'C001,华东贸易有限公司,13900000009', 'C002,远景科技,13800000002', 'C003,新客户,'].join('\n');
    const second = await importAndWait(app, headers, { name: 'v2.csv', data: Buffer.from(v2) }, { mapping, duplicatePolicy: 'update' });
    expect(second).toMatchObject({ createdRows: 1, updatedRows: 1, skippedRows: 1, failedRows: 0 });
    const rows = await orgAccounts(database, org.orgId);
    expect(rows.map((r) => [r.external_id, r.phone])).toEqual([
      ['C001', '13900000009'],
      ['C003', null],
      ['C002', '13800000002'],
    ]);
    const again = await importAndWait(app, headers, { name: 'v2.csv', data: Buffer.from(v2) }, { mapping, duplicatePolicy: 'create' });
    expect(again).toMatchObject({ createdRows: 0, skippedRows: 3 });
    expect(await orgAccounts(database, org.orgId)).toHaveLength(3);
    const updates = await database.withTenant(org.orgId, (tx) =>
      tx.execute(sql`select changes from audit_events where org_id = ${org.orgId}::uuid and action = 'update' and request_id = ${`import:${second.id}`}`),
    );
    expect((updates as unknown as { rows: { changes: unknown }[] }).rows.map((r) => r.changes)).toEqual([[{ field: 'phone', old: '13800000001', new: '13900000009' }]]);
    await app.close();
  });

  it("policy update changes only records within the importer's data scope; others are row problems, untouched", async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    await updateTestRole(database, org.orgId, org.roleIds.rep, { permissions: { accounts: ['view', 'create', 'edit', 'import'], users: ['view'] } });
    const rep = await createTestUser(database, org, { role: 'rep' });
    const repSession = await signInAs(database, org.orgId, rep.id);
    const mapping = { 编号: 'externalId', 客户名称: 'name', 电话: 'phone' };
    // the admin's customer and the rep's own
    await importAndWait(app, headers, { name: 'a.csv', data: Buffer.from('编号,客户名称,电话\nA001,管理员的客户有限公司,13800000001') }, { mapping });
    await importAndWait(app, repSession.headers, { name: 'r.csv', data: Buffer.from('编号,客户名称,电话\nR001,代表的客户有限公司,13800000002') }, { mapping });

    const both = '编号,客户名称,电话\nA001,管理员的客户有限公司,13900000001\nR001,代表的客户有限公司,13900000002';
    const job = await importAndWait(app, repSession.headers, { name: 'both.csv', data: Buffer.from(both) }, { mapping, duplicatePolicy: 'update' });
    expect(job).toMatchObject({ updatedRows: 1, failedRows: 1, createdRows: 0 });
    const rows = await orgAccounts(database, org.orgId);
    expect(Object.fromEntries(rows.map((r) => [r.external_id, r.phone]))).toEqual({ A001: '13800000001', R001: '13900000002' });
    const problems = (await app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/problems`, headers: { ...repSession.headers, 'accept-language': 'zh-CN' } })).json();
    expect(problems.items).toHaveLength(1);
    expect(JSON.stringify(problems.items[0])).toContain('不在你的数据范围内');
    await app.close();
  });
});

describe('crash mid-import', () => {
  it('leaves only whole batches; re-running completes without duplicates', async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    await defineMavenFields(app, headers);
    const actor = { orgId: org.orgId, userId: org.adminUserId, permissions: { accounts: ['import'] } } as unknown as Actor;
    const clock = new ManualClock();
    const ports = importPorts({ database, clock });
    const service = createImportsService({ database, clock, customFields: ports.customFields, dispatch: async () => {} });
    const data = fs.readFileSync(MAVEN_ACCOUNTS);
    const created = await service.create(
      actor,
      async (store) => {
        await store({ fileName: 'accounts.csv', stream: (async function* () { yield data.subarray(0, 1000); yield data.subarray(1000); })() });
        return () => ({ objectType: 'accounts', mapping: MAVEN_MAPPING, dryRun: false, duplicatePolicy: 'skip' });
      },
      'zh-CN',
    );
    const crash = new Error('simulated crash');
    await expect(
      runImport({ database, clock, ...ports, batchSize: 10, beforeCommit: (n) => { if (n === 3) throw crash; } }, org.orgId, created.id),
    ).rejects.toBe(crash);
    const failed = await service.get(actor, created.id, 'en');
    expect(failed).toMatchObject({ status: 'failed', committedRows: 20, createdRows: 20, processedRows: 20 });
    expect(failed.error?.code).toBe('IMPORT_INTERRUPTED');
    expect(await orgAccounts(database, org.orgId)).toHaveLength(20); // batch 3 rolled back whole

    const done = await runImport({ database, clock, ...ports, batchSize: 10 }, org.orgId, created.id);
    expect(done).toMatchObject({ status: 'completed', createdRows: 85, committedRows: 85, processedRows: 85, failedRows: 0 });
    const rows = await orgAccounts(database, org.orgId);
    expect(rows).toHaveLength(85);
    expect(new Set(rows.map((r) => r.name_key)).size).toBe(85);
    // a redelivered job for a completed import does nothing
    expect((await runImport({ database, clock, ...ports }, org.orgId, created.id))?.createdRows).toBe(85);
    await app.close();
  });
});

describe('bad requests', () => {
  it('malformed or unsupported files and bad mappings are a clear 400, never 500', async () => {
    const database = await getTestDatabase();
    const { app, headers } = await setup(database);
    const mapping = { name: 'name' };
    const cases: [string, Buffer, string][] = [
      ['empty.csv', Buffer.alloc(0), 'IMPORT_FILE_EMPTY'],
      ['broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('not really a zip file at all '.repeat(20))]), 'IMPORT_XLSX_MALFORMED'],
      ['fake.xlsx', Buffer.from('name\nA'), 'IMPORT_FILE_UNSUPPORTED'],
      ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'IMPORT_FILE_UNSUPPORTED'],
      ['quote.csv', Buffer.from('"name,phone\nA,1\n'), 'IMPORT_CSV_MALFORMED'],
    ];
    for (const [name, data, code] of cases) {
      const res = await startImport(app, { ...headers, 'accept-language': 'en' }, { name, data }, { mapping });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(400);
      expect(res.json().error.code, name).toBe(code);
      expect(res.json().error.message).toMatch(/\w/);
      const body = multipart({ objectType: 'accounts' }, { name, data });
      const preview = await app.inject({ method: 'POST', url: '/api/v1/imports/preview', headers: { ...headers, ...body.headers }, payload: body.payload });
      expect(preview.statusCode, `preview ${name}: ${preview.body}`).toBe(400);
    }
    const csv = { name: 'ok.csv', data: Buffer.from('name,phone\nA,1\n') };
    const unknownField = await startImport(app, headers, csv, { mapping: { name: 'name', phone: 'favouriteColour' } });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.code).toBe('IMPORT_MAPPING_INVALID');
    const noName = await startImport(app, headers, csv, { mapping: { phone: 'phone' } });
    expect(noName.json().error.fields[0].field).toBe('mapping');
    const badJson = multipart({ mapping: '{not json' }, csv);
    const r1 = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...headers, ...badJson.headers }, payload: badJson.payload });
    expect(r1.statusCode).toBe(400);
    const noFile = multipart({ mapping: '{}' });
    const r2 = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...headers, ...noFile.headers }, payload: noFile.payload });
    expect(r2.json().error.code).toBe('IMPORT_FILE_MISSING');
    const notMultipart = await app.inject({ method: 'POST', url: '/api/v1/imports', headers, payload: { mapping: {} } });
    expect(notMultipart.statusCode).toBe(400);
    const badPolicy = await startImport(app, headers, csv, { mapping, duplicatePolicy: 'merge' });
    expect(badPolicy.statusCode).toBe(400);
    await app.close();
  });

  it('needs the import permission; saved mappings come back in the preview', async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await setup(database);
    const rep = await createTestUser(database, org, { role: 'rep' });
    const repSession = await signInAs(database, org.orgId, rep.id);
    const csv = { name: 'x.csv', data: Buffer.from('Company,Tel\nA,13800000000\n') };
    const denied = await startImport(app, repSession.headers, csv, { mapping: { Company: 'name' } });
    expect(denied.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/imports', headers: repSession.headers })).statusCode).toBe(403);

    const save = await app.inject({
      method: 'PUT',
      url: '/api/v1/import-mappings',
      headers,
      payload: { objectType: 'accounts', headers: ['Company', 'Tel'], mapping: { Company: 'name', Tel: 'notes' } },
    });
    expect(save.statusCode, save.body).toBe(200);
    const body = multipart({ objectType: 'accounts' }, csv);
    const preview = await app.inject({ method: 'POST', url: '/api/v1/imports/preview', headers: { ...headers, ...body.headers }, payload: body.payload });
    expect(preview.json()).toMatchObject({ mappingSource: 'saved', suggestedMapping: { Company: 'name', Tel: 'notes' } });
    const list = await app.inject({ method: 'GET', url: '/api/v1/imports', headers });
    expect(list.statusCode).toBe(200);
    await app.close();
  });
});
