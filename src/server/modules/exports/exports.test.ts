/** Exports go through the list's access layer: data scope, masking ('list' view), localized headers, streaming. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildTestApp, createTestOrg, createTestUser, signInAs, updateTestRole } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { createAccount } from '../accounts/accounts.testkit.js';

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
