import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { accounts, auditEvents, customFieldValues } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs, type TestSession } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { createAccount } from '../accounts/accounts.testkit.js';
import { createCustomFieldsService } from './custom-fields.service.js';

async function setup() {
  const database = await getTestDatabase();
  const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
  const app = await buildTestApp(database, { clock });
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  return { database, clock, app, org, admin };
}

async function defineField(app: FastifyInstance, session: TestSession, body: Record<string, unknown>) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/custom-fields',
    headers: session.headers,
    payload: { objectType: 'accounts', labelZh: String(body.key), labelEn: String(body.key), ...body },
  });
  if (res.statusCode !== 201) throw new Error(`define failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; key: string; version: number; hasValues: boolean };
}

const sectorOptions = [
  { value: 'it', labelZh: '信息技术', labelEn: 'IT' },
  { value: 'mfg', labelZh: '制造业', labelEn: 'Manufacturing' },
  { value: 'fin', labelZh: '金融', labelEn: 'Finance' },
];

describe('custom field definitions', () => {
  it('creates, lists, edits (versioned), deactivates and deletes; audited; admins only', async () => {
    const { database, app, org, admin } = await setup();
    const url = '/api/v1/custom-fields';
    const created = await defineField(app, admin, { key: 'sector', type: 'single_select', options: { options: sectorOptions }, required: true });
    expect(created).toMatchObject({ key: 'sector', type: 'single_select', required: true, unique: false, active: true, sortOrder: 10, version: 1, hasValues: false });
    const money = await defineField(app, admin, { key: 'budget', type: 'money' });
    expect(money).toMatchObject({ options: { currency: 'CNY' }, sortOrder: 20 });

    // validation errors name the fields
    const bad = await app.inject({
      method: 'POST',
      url,
      headers: { ...admin.headers, 'accept-language': 'en' },
      payload: { objectType: 'accounts', key: 'Bad-Key', labelZh: '坏', labelEn: 'Bad', type: 'text', validation: { regex: '(' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['key', 'validation.regex']);
    const noOptions = await app.inject({ method: 'POST', url, headers: admin.headers, payload: { objectType: 'accounts', key: 'tier2', labelZh: 'x', labelEn: 'x', type: 'multi_select' } });
    expect(noOptions.json().error.fields).toEqual([{ field: 'options.options', message: '请至少添加一个选项' }]);
    const dup = await app.inject({ method: 'POST', url, headers: admin.headers, payload: { objectType: 'accounts', key: 'sector', labelZh: 'x', labelEn: 'x', type: 'text' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CUSTOM_FIELD_KEY_TAKEN');
    // the same key on another object type is fine
    await defineField(app, admin, { objectType: 'contacts', key: 'sector', type: 'text' });

    // key and type are immutable
    const immutable = await app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: admin.headers, payload: { type: 'text', version: 1 } });
    expect(immutable.statusCode).toBe(400);

    const edited = await app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: admin.headers, payload: { labelEn: 'Sector', required: false, version: 1 } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ labelEn: 'Sector', required: false, version: 2 });
    const stale = await app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: admin.headers, payload: { labelEn: 'Old', version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');

    // reorder: budget first
    const reordered = await app.inject({ method: 'POST', url: `${url}/reorder`, headers: admin.headers, payload: { objectType: 'accounts', ids: [money.id] } });
    expect(reordered.json().items.map((d: { key: string }) => d.key)).toEqual(['budget', 'sector']);

    // a rep reads definitions (to render forms) but cannot define them
    const rep = await createTestUser(database, org, { role: 'rep' });
    const repSession = await signInAs(database, org.orgId, rep.id);
    const repList = await app.inject({ method: 'GET', url: `${url}?objectType=accounts`, headers: repSession.headers });
    expect(repList.statusCode).toBe(200);
    expect(repList.json().items).toHaveLength(2);
    expect((await app.inject({ method: 'POST', url, headers: repSession.headers, payload: { objectType: 'accounts', key: 'x', labelZh: 'x', labelEn: 'x', type: 'text' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PATCH', url: `${url}/${money.id}`, headers: repSession.headers, payload: { active: false, version: 2 } })).statusCode).toBe(403);

    // a field with values cannot be deleted: deactivate instead
    await createAccount(app, admin, { customFields: { budget: '1,932.00' } });
    const budget = (await app.inject({ method: 'GET', url: `${url}/${money.id}`, headers: admin.headers })).json();
    expect(budget.hasValues).toBe(true);
    const del = await app.inject({ method: 'DELETE', url: `${url}/${money.id}?version=${budget.version}`, headers: admin.headers });
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('CUSTOM_FIELD_HAS_VALUES');
    const off = await app.inject({ method: 'PATCH', url: `${url}/${money.id}`, headers: admin.headers, payload: { active: false, version: budget.version } });
    expect(off.json().active).toBe(false);
    expect((await app.inject({ method: 'GET', url: `${url}?objectType=accounts&includeInactive=false`, headers: admin.headers })).json().items.map((d: { key: string }) => d.key)).toEqual(['sector']);
    // an unused field can be deleted
    const sector = (await app.inject({ method: 'GET', url: `${url}/${created.id}`, headers: admin.headers })).json();
    expect((await app.inject({ method: 'DELETE', url: `${url}/${created.id}?version=${sector.version}`, headers: admin.headers })).statusCode).toBe(204);

    const events = await database.withTenant(org.orgId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.objectType, 'custom_fields'), eq(auditEvents.recordId, created.id))),
    );
    expect(events.map((e) => e.action).sort()).toEqual(['create', 'delete', 'update', 'update']);
  });
});

describe('custom field values through the accounts API', () => {
  it('validates, normalises, stores typed rows in sync, enforces required and unique, audits changes', async () => {
    const { database, app, org, admin } = await setup();
    await defineField(app, admin, { key: 'sector', type: 'single_select', options: { options: sectorOptions }, required: true });
    await defineField(app, admin, { key: 'tags', type: 'multi_select', options: { options: sectorOptions } });
    await defineField(app, admin, { key: 'budget', type: 'money', validation: { min: 0 } });
    await defineField(app, admin, { key: 'signed_on', type: 'date' });
    await defineField(app, admin, { key: 'tax_no', type: 'text', unique: true, validation: { regex: '^[A-Z0-9]{6,}$' } });
    await defineField(app, admin, { key: 'sponsor', type: 'user' });
    await defineField(app, admin, { key: 'headcount', type: 'number', options: { decimals: 1 } });
    const url = '/api/v1/accounts';

    const missing = await app.inject({ method: 'POST', url, headers: { ...admin.headers, 'accept-language': 'en' }, payload: { name: '缺字段' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toEqual([{ field: 'customFields.sector', message: 'is required' }]);

    const invalid = await app.inject({
      method: 'POST',
      url,
      headers: admin.headers,
      payload: {
        name: '错值',
        email: 'nope',
        customFields: { sector: 'retail', budget: '-1', signed_on: '05/01/2026', tax_no: 'ab', sponsor: '00000000-0000-4000-8000-000000000000', nope: 1 },
      },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'customFields.budget',
      'customFields.nope',
      'customFields.sector',
      'customFields.signed_on',
      'customFields.sponsor',
      'customFields.tax_no',
      'email',
    ]);
    // references are checked once the formats are right
    const ghost = await app.inject({ method: 'POST', url, headers: admin.headers, payload: { name: '幽灵', customFields: { sector: 'it', sponsor: '00000000-0000-4000-8000-000000000000' } } });
    expect(ghost.json().error.fields).toEqual([{ field: 'customFields.sponsor', message: '应为本组织的在职用户' }]);

    const created = await createAccount(app, admin, {
      customFields: { sector: '制造业', tags: 'IT、金融', budget: '¥1.2万', signed_on: '2026年1月5日', tax_no: 'ABC123', sponsor: org.adminUserId, headcount: '12.5' },
    });
    expect(created.customFields).toEqual({
      sector: 'mfg',
      tags: ['it', 'fin'],
      budget: 1200000,
      signed_on: '2026-01-05',
      tax_no: 'ABC123',
      sponsor: org.adminUserId,
      headcount: 12.5,
    });
    const rows = await database.withTenant(org.orgId, (tx) =>
      tx.select().from(customFieldValues).where(and(eq(customFieldValues.orgId, org.orgId), eq(customFieldValues.recordId, created.id))),
    );
    expect(rows).toHaveLength(8); // two for the multi-select
    expect(rows.find((r) => r.valueNumber === 1200000)).toBeTruthy();
    expect(rows.find((r) => r.valueNumber === 125 && r.valueDecimal === '12.5')).toBeTruthy();
    expect(rows.find((r) => r.valueDate?.toISOString() === '2026-01-05T00:00:00.000Z')).toBeTruthy();

    // unique: another record may not take the value; the record itself may keep it
    const taken = await app.inject({ method: 'POST', url, headers: admin.headers, payload: { name: '重复', customFields: { sector: 'it', tax_no: 'ABC123' } } });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().error.fields).toEqual([{ field: 'customFields.tax_no', message: '该值已被其他记录使用' }]);
    const keep = await app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: admin.headers, payload: { customFields: { tax_no: 'ABC123' }, version: 1 } });
    expect(keep.statusCode).toBe(200);
    expect(keep.json().version).toBe(1); // no change, no new version

    // required: cannot be cleared; others can
    const cleared = await app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: admin.headers, payload: { customFields: { sector: null }, version: 1 } });
    expect(cleared.json().error.fields).toEqual([{ field: 'customFields.sector', message: '必填' }]);
    const edit = await app.inject({
      method: 'PATCH',
      url: `${url}/${created.id}`,
      headers: admin.headers,
      payload: { notes: '备注', customFields: { tags: null, budget: 193200, sector: 'fin' }, version: 1 },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().customFields).toEqual({ sector: 'fin', budget: 193200, signed_on: '2026-01-05', tax_no: 'ABC123', sponsor: org.adminUserId, headcount: 12.5 });
    expect(edit.json().version).toBe(2);
    const after = await database.withTenant(org.orgId, (tx) =>
      tx.select().from(customFieldValues).where(and(eq(customFieldValues.orgId, org.orgId), eq(customFieldValues.recordId, created.id))),
    );
    expect(after).toHaveLength(6);

    const history = (await app.inject({ method: 'GET', url: `${url}/${created.id}/history`, headers: admin.headers })).json();
    const update = history.items.find((e: { action: string }) => e.action === 'update');
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'notes', old: null, new: '备注' },
        { field: 'customFields.budget', old: 1200000, new: 193200 },
        { field: 'customFields.sector', old: 'mfg', new: 'fin' },
        { field: 'customFields.tags', old: ['it', 'fin'], new: null },
      ]),
    );
    const create = history.items.find((e: { action: string }) => e.action === 'create');
    expect(create.changes).toEqual(expect.arrayContaining([{ field: 'customFields.sponsor', old: null, new: org.adminUserId, oldLabel: null, newLabel: '管理员' }]));
  });
});

describe('filtering and sorting accounts by a custom field', () => {
  it('returns the right rows in the right order, pages with a cursor, empty values last', async () => {
    const { app, admin } = await setup();
    await defineField(app, admin, { key: 'sector', type: 'single_select', options: { options: sectorOptions } });
    await defineField(app, admin, { key: 'tags', type: 'multi_select', options: { options: sectorOptions } });
    await defineField(app, admin, { key: 'budget', type: 'money' });
    await defineField(app, admin, { key: 'signed_on', type: 'date' });
    await defineField(app, admin, { key: 'code', type: 'text' });
    const make = (name: string, customFields: Record<string, unknown>) => createAccount(app, admin, { name, customFields });
    await make('A', { sector: 'it', budget: '300', signed_on: '2026-01-03', tags: ['it', 'fin'], code: 'x-alpha' });
    await make('B', { sector: 'mfg', budget: '100', signed_on: '2026-01-01', tags: ['fin'] });
    await make('C', { sector: 'it', budget: '200', signed_on: '2026-01-02', code: 'beta' });
    await make('D', { sector: 'fin' });
    await make('E', { sector: 'it', budget: '200' });
    const names = async (query: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/accounts?${query}`, headers: admin.headers });
      if (res.statusCode !== 200) throw new Error(res.body);
      return (res.json().items as { name: string }[]).map((a) => a.name);
    };
    expect((await names('cf.sector=it&sort=name')).join('')).toBe('ACE');
    expect((await names('cf.sector.in=mfg,fin&sort=name')).join('')).toBe('BD');
    expect((await names('cf.tags=fin&sort=name')).join('')).toBe('AB');
    expect((await names(`cf.budget.gte=${encodeURIComponent('¥200')}&sort=name`)).join('')).toBe('ACE');
    expect((await names('cf.budget.lte=200&cf.sector=it&sort=name')).join('')).toBe('CE');
    expect((await names('cf.signed_on.gte=2026/1/2&sort=name')).join('')).toBe('AC');
    expect((await names('cf.code.contains=ALP&sort=name')).join('')).toBe('A');
    const json = encodeURIComponent(JSON.stringify([{ key: 'sector', op: 'eq', value: 'it' }, { key: 'budget', op: 'gte', value: 20000 }]));
    expect((await names(`filters=${json}&sort=name`)).join('')).toBe('ACE');

    const asc = await names('sort=cf.budget'); // 100, 200 (C and E by id), 300, empty last
    expect([asc[0], asc.slice(1, 3).sort().join(''), ...asc.slice(3)]).toEqual(['B', 'CE', 'A', 'D']);
    const desc = await names('sort=cf.budget&order=desc');
    expect(desc[0]).toBe('A');
    expect(desc.slice(1, 3).sort().join('')).toBe('CE');
    expect(desc.slice(3).join('')).toBe('BD');
    expect((await names('sort=cf.signed_on')).slice(0, 3).join('')).toBe('BCA');

    // keyset pages of 2 over the custom sort give every row once, in order
    for (const order of ['asc', 'desc']) {
      const all = await names(`sort=cf.budget&order=${order}&limit=50`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { json: () => { items: { name: string }[]; nextCursor: string | null } } = await app.inject({
          method: 'GET',
          url: `/api/v1/accounts?sort=cf.budget&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: admin.headers,
        });
        const page = res.json();
        seen.push(...page.items.map((a) => a.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    }

    const bad = await app.inject({ method: 'GET', url: '/api/v1/accounts?cf.budget=lots', headers: admin.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('cf.budget');
    expect((await app.inject({ method: 'GET', url: '/api/v1/accounts?cf.nope=1', headers: admin.headers })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/accounts?sort=cf.tags', headers: admin.headers })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/accounts?filters=nope', headers: admin.headers })).statusCode).toBe(400);
  });

  it('never shows another organization a value: same key and value in org B match nothing of org A', async () => {
    const { database, app, admin, org } = await setup();
    const defA = await defineField(app, admin, { key: 'sector', type: 'text' });
    await createAccount(app, admin, { name: 'A1', customFields: { sector: 'secret' } });
    const orgB = await createTestOrg(database);
    const adminB = await signInAs(database, orgB.orgId, orgB.adminUserId);
    await defineField(app, adminB, { key: 'sector', type: 'text' });
    const list = await app.inject({ method: 'GET', url: '/api/v1/accounts?cf.sector=secret', headers: adminB.headers });
    expect(list.json().items).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `/api/v1/custom-fields/${defA.id}`, headers: adminB.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PATCH', url: `/api/v1/custom-fields/${defA.id}`, headers: adminB.headers, payload: { active: false, version: 1 } })).statusCode).toBe(404);
    // B's field definitions do not include A's, and unique checks are per organization
    await defineField(app, adminB, { key: 'tax_no', type: 'text', unique: true });
    await defineField(app, admin, { key: 'tax_no', type: 'text', unique: true });
    await createAccount(app, admin, { customFields: { tax_no: 'SAME' } });
    await createAccount(app, adminB, { customFields: { tax_no: 'SAME' } });
    // RLS: org B's transaction sees none of A's value rows
    const leaked = await database.withTenant(orgB.orgId, (tx) => tx.select().from(customFieldValues).where(eq(customFieldValues.orgId, org.orgId)));
    expect(leaked).toEqual([]);
  });

  it.runIf(testDatabaseKind() === 'postgres')('uses the typed indexes (EXPLAIN on PostgreSQL)', async () => {
    const { database, app, admin, org, clock } = await setup();
    await defineField(app, admin, { key: 'sector', type: 'text' });
    await defineField(app, admin, { key: 'budget', type: 'money' });
    await createAccount(app, admin, { customFields: { sector: 'it', budget: 100 } });
    const service = createCustomFieldsService({ database, clock });
    const plans = await database.withTenant(org.orgId, async (tx) => {
      const defs = await service.definitions(tx, org.orgId, 'accounts');
      // tiny test tables favour sequential scans; forbid them to prove the index fits the condition
      await tx.execute(sql`set local enable_seqscan = off`);
      const out: string[] = [];
      for (const filters of [[{ key: 'sector', op: 'eq' as const, value: 'it' }], [{ key: 'budget', op: 'gte' as const, value: 50 }]]) {
        const cond = service.listFilter(defs, 'accounts', filters, 'en');
        const res = (await tx.execute(sql`explain select ${accounts.id} from ${accounts} where ${accounts.orgId} = ${org.orgId} and ${cond}`)) as unknown as { rows: { 'QUERY PLAN': string }[] };
        out.push(res.rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
      return out;
    });
    // Without statistics (never analysed, tiny tables) the planner may pick any typed index on (org_id, field_id, …)
    // and filter the rest, so assert an index scan keyed by the field and never a sequential scan.
    for (const plan of plans) expect(plan).toMatch(/Index (Only )?Scan using custom_field_values_\w+_idx[^\n]*\n\s*Index Cond: [^\n]*field_id = /);
    for (const plan of plans) expect(plan).not.toContain('Seq Scan on custom_field_values');
  });
});

describe('OpenAPI document', () => {
  it("lists the signed-in caller's organization's custom fields as typed properties; anonymous callers get the generic one", async () => {
    const { database, app, admin } = await setup();
    await defineField(app, admin, { key: 'sector', type: 'single_select', options: { options: sectorOptions } });
    await defineField(app, admin, { key: 'budget', type: 'money' });
    await defineField(app, admin, { objectType: 'contacts', key: 'hobby', type: 'text' });
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: admin.headers })).json();
    const account = doc.paths['/api/v1/accounts/{id}'].get.responses['200'].content['application/json'].schema;
    expect(account.properties.customFields.properties.sector).toMatchObject({ enum: ['it', 'mfg', 'fin', null] });
    expect(account.properties.customFields.properties.budget).toMatchObject({ format: 'int64' });
    const createBody = doc.paths['/api/v1/accounts'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(createBody.properties.customFields.properties)).toEqual(['sector', 'budget']);

    const anonymous = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const generic = anonymous.paths['/api/v1/accounts/{id}'].get.responses['200'].content['application/json'].schema;
    expect(generic.properties.customFields.properties).toBeUndefined();

    const orgB = await createTestOrg(database);
    const adminB = await signInAs(database, orgB.orgId, orgB.adminUserId);
    const docB = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: adminB.headers })).json();
    expect(docB.paths['/api/v1/accounts/{id}'].get.responses['200'].content['application/json'].schema.properties.customFields.properties).toEqual({});
  });
});
