/**
 * Importing deals: the Maven CRM opportunities (sales_pipeline.csv) as a historical import by an admin — agents as
 * owners by name, accounts by name, GTXPro and GTX Pro as one product, stages by a stage map, dates and amounts from
 * the file, the criteria waiver recorded in stage history and audit; every row accounted for; a re-import creates
 * nothing. A normal import refuses a stage move exactly as PATCH /deals/:id does (same unmet criteria), and only
 * admins may import historically.
 *
 * The full 8,800 rows run on PostgreSQL; on PGlite (one in-process connection, every gate check a query) the
 * first 1,000 rows keep the file under a minute.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs, type TestOrg } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { HISTORICAL_CLOSE_REASON } from './imports.deals.js';
import { importAndWait, MAVEN_ACCOUNTS, multipart, startImport, waitForImport, type ImportJson } from './imports.testkit.js';

type Headers = Record<string, string>;

const MAVEN = path.dirname(MAVEN_ACCOUNTS);
const FULL = testDatabaseKind() === 'postgres';
const ROWS = FULL ? 8800 : 1000;

const MAVEN_DEAL_MAPPING = {
  opportunity_id: 'externalId',
  sales_agent: 'ownerName',
  product: 'product',
  account: 'accountName',
  deal_stage: 'stage',
  engage_date: 'createdDate',
  close_date: 'closeDate',
  close_value: 'amount',
};
const STAGE_MAP = { Prospecting: 'initial_contact', Engaging: 'needs_confirmed', Won: 'won', Lost: 'lost' };
const HISTORICAL = { historical: true, stageMap: STAGE_MAP, valueMap: { product: { GTXPro: 'GTX Pro' } }, currency: 'USD' };

interface PipelineRow {
  opportunity_id: string;
  sales_agent: string;
  product: string;
  account: string;
  deal_stage: string;
  engage_date: string;
  close_date: string;
  close_value: string;
}

/** The file's first `n` data rows (CRLF kept, as the export has it) and the same rows parsed. */
function pipelineFile(n: number): { data: Buffer; rows: PipelineRow[] } {
  const lines = fs.readFileSync(path.join(MAVEN, 'sales_pipeline.csv'), 'utf8').split('\r\n').filter(Boolean);
  const header = lines[0]!.split(',');
  const body = lines.slice(1, n + 1);
  const rows = body.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])) as unknown as PipelineRow);
  return { data: Buffer.from([lines[0], ...body].join('\r\n') + '\r\n'), rows };
}

async function q<T>(database: Database, orgId: string, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await database.withTenant(orgId, (tx) => tx.execute(query));
  return (result as unknown as { rows: T[] }).rows;
}

async function allProblems(app: FastifyInstance, headers: Headers, id: string) {
  const out: { rowNumber: number; severity: string; problems: { field: string; code: string; message: string }[] }[] = [];
  let after = 0;
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}/problems?afterRow=${after}&limit=500`, headers });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: typeof out; nextAfterRow: number | null };
    out.push(...page.items);
    if (page.nextAfterRow === null) return out;
    after = page.nextAfterRow;
  }
}

/** The historical import of (a prefix of) sales_pipeline.csv, waited for as long as the full file may take. */
async function importDeals(app: FastifyInstance, headers: Headers, data: Buffer): Promise<ImportJson> {
  const res = await startImport(app, headers, { name: 'sales_pipeline.csv', data }, { objectType: 'deals', mapping: MAVEN_DEAL_MAPPING, options: HISTORICAL });
  expect(res.statusCode, res.body).toBe(202);
  return waitForImport(app, headers, (res.json() as ImportJson).id, 540_000);
}

/** An org with the 35 Maven agents as users and the 85 Maven accounts imported through the account import. */
async function mavenOrg(database: Database) {
  const app = await buildTestApp(database);
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const headers = { ...admin.headers, 'accept-language': 'en' };
  const agents = fs.readFileSync(path.join(MAVEN, 'sales_teams.csv'), 'utf8').split(/\r?\n/).slice(1).filter(Boolean).map((l) => l.split(',')[0]!);
  for (const name of agents) await createTestUser(database, org, { role: 'rep', displayName: name });
  const accounts = await importAndWait(app, headers, { name: 'accounts.csv', data: fs.readFileSync(MAVEN_ACCOUNTS) }, { mapping: { account: 'name', sector: 'industry' } });
  expect(accounts).toMatchObject({ status: 'completed', createdRows: 85, failedRows: 0 });
  return { app, org, headers, agents };
}

describe('importing deals', () => {
  it(`imports the Maven CRM opportunities historically (${ROWS} rows): owners, accounts, one product spelling, stages, dates, amounts; waiver recorded; re-import creates none`, async () => {
    const database = await getTestDatabase();
    const { app, org, headers } = await mavenOrg(database);
    const { data, rows } = pipelineFile(ROWS);

    const t0 = Date.now();
    const job = await importDeals(app, headers, data);
    const seconds = (Date.now() - t0) / 1000;
    console.log(`deal import (${testDatabaseKind()}): ${ROWS} rows in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s)`);
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    // every row accounted for
    expect(job.createdRows + job.skippedRows + job.failedRows).toBe(ROWS);
    expect(job.totalRows).toBe(ROWS);
    expect(job).toMatchObject({ createdRows: ROWS, skippedRows: 0, failedRows: 0 });

    // blank accounts: imported without an account, each with a warning
    const problems = await allProblems(app, headers, job.id);
    const blankAccount = rows.filter((r) => r.account === '').length;
    expect(problems.filter((p) => p.severity === 'warning' && p.problems[0]!.code === 'no_account')).toHaveLength(blankAccount);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);

    const byStage = await q<{ stage_key: string; status: string; n: number; no_account: number; amount: string | null; closed: number; reasons: number }>(
      database,
      org.orgId,
      sql`select stage_key, status, count(*)::int as n, count(*) filter (where account_id is null)::int as no_account,
                 sum(amount)::text as amount, count(closed_at)::int as closed, count(*) filter (where close_reason = ${HISTORICAL_CLOSE_REASON})::int as reasons
            from deals where org_id = ${org.orgId}::uuid group by stage_key, status order by stage_key`,
    );
    const count = (stage: string) => rows.filter((r) => r.deal_stage === stage).length;
    const cents = (stage: string) => rows.filter((r) => r.deal_stage === stage).reduce((s, r) => s + Number(r.close_value || 0) * 100, 0);
    const expected = [
      { stage_key: 'initial_contact', status: 'open', n: count('Prospecting'), closed: 0, reasons: 0 },
      { stage_key: 'lost', status: 'lost', n: count('Lost'), closed: count('Lost'), reasons: count('Lost'), amount: String(cents('Lost')) },
      { stage_key: 'needs_confirmed', status: 'open', n: count('Engaging'), closed: 0, reasons: 0 },
      { stage_key: 'won', status: 'won', n: count('Won'), closed: count('Won'), reasons: count('Won'), amount: String(cents('Won')) },
    ].filter((e) => e.n > 0);
    expect(byStage.map(({ no_account: _, amount, ...r }) => ({ ...r, ...(r.status !== 'open' ? { amount } : {}) }))).toEqual(expected);

    // GTXPro and GTX Pro end as one product, spelled as products.csv spells it; amounts in USD minor units
    const products = await q<{ product: string; currency: string }>(database, org.orgId, sql`select distinct product, currency from deals where org_id = ${org.orgId}::uuid order by product`);
    const catalog = fs.readFileSync(path.join(MAVEN, 'products.csv'), 'utf8').split(/\r?\n/).slice(1).filter(Boolean).map((l) => l.split(',')[0]!);
    expect(products.every((p) => p.currency === 'USD')).toBe(true);
    expect(products.map((p) => p.product).every((p) => catalog.includes(p))).toBe(true);
    expect(products.map((p) => p.product)).not.toContain('GTXPro');

    // one deal in detail: owner by name, account by name, dates from the file (Beijing days), history with the waiver
    const won = rows.find((r) => r.deal_stage === 'Won' && r.account)!;
    const [deal] = await q<{ id: string; name: string; owner: string; account: string; created_at: string; closed_at: string; expected_close_date: string; amount: number }>(
      database,
      org.orgId,
      sql`select d.id::text, d.name, u.display_name as owner, a.name as account, to_char(d.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as created_at,
                 to_char(d.closed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as closed_at, d.expected_close_date, d.amount::int as amount
            from deals d join users u on u.org_id = d.org_id and u.id = d.owner_id left join accounts a on a.org_id = d.org_id and a.id = d.account_id
           where d.org_id = ${org.orgId}::uuid and d.external_id = ${won.opportunity_id}`,
    );
    expect(deal).toMatchObject({
      name: `${won.account} · ${won.product === 'GTXPro' ? 'GTX Pro' : won.product}`,
      owner: won.sales_agent,
      account: won.account,
      created_at: won.engage_date,
      closed_at: won.close_date,
      expected_close_date: won.close_date,
      amount: Number(won.close_value) * 100,
    });
    const history = await q<{ from_stage: string | null; to_stage: string; via: string; criteria_waived: number; moved: string }>(
      database,
      org.orgId,
      sql`select from_stage, to_stage, via, criteria_waived, to_char(moved_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as moved
            from deal_stage_history where org_id = ${org.orgId}::uuid and deal_id = ${deal!.id}::uuid order by moved_at, from_stage nulls first`,
    );
    expect(history).toEqual([
      { from_stage: null, to_stage: 'initial_contact', via: 'import', criteria_waived: 0, moved: won.engage_date },
      { from_stage: 'initial_contact', to_stage: 'won', via: 'import', criteria_waived: 1, moved: won.close_date },
    ]);

    // the waiver: every Engaging and Won row (their stages have criteria), none of the Lost ones, in history and audit alike
    const waived = count('Engaging') + count('Won');
    const [w] = await q<{ history: number; audit: number; lost_waived: number }>(
      database,
      org.orgId,
      sql`select (select count(*)::int from deal_stage_history where org_id = ${org.orgId}::uuid and criteria_waived = 1) as history,
                 (select count(*)::int from audit_events where org_id = ${org.orgId}::uuid and object_type = 'deals' and action = 'stage'
                     and changes @> '[{"field":"criteriaWaived","new":true}]'::jsonb) as audit,
                 (select count(*)::int from deal_stage_history where org_id = ${org.orgId}::uuid and to_stage = 'lost' and criteria_waived = 1) as lost_waived`,
    );
    expect(w).toEqual({ history: waived, audit: waived, lost_waived: 0 });

    // idempotent: the same file again creates nothing, every row is skipped as already imported
    const again = await importDeals(app, headers, data);
    expect(again).toMatchObject({ status: 'completed', createdRows: 0, skippedRows: ROWS, failedRows: 0 });
    const [total] = await q<{ n: number }>(database, org.orgId, sql`select count(*)::int as n from deals where org_id = ${org.orgId}::uuid`);
    expect(total!.n).toBe(ROWS);
    await app.close();
  }, 600_000);

  it('a normal import refuses a stage move exactly as PATCH /deals/:id does; unknown agents and accounts are row problems; the rest is imported', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    const headers = { ...(await signInAs(database, org.orgId, org.adminUserId)).headers, 'accept-language': 'en' };
    await createTestUser(database, org, { role: 'rep', displayName: 'Moses Frase' });
    const acc = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers, payload: { name: 'Cancity' } });
    expect(acc.statusCode, acc.body).toBe(201);

    // the API's refusal of 初步接触 → 需求确认 for a fresh deal
    const created = await app.inject({ method: 'POST', url: '/api/v1/deals', headers, payload: { name: 'API deal' } });
    expect(created.statusCode, created.body).toBe(201);
    const patch = await app.inject({ method: 'PATCH', url: `/api/v1/deals/${created.json().id}`, headers, payload: { version: created.json().version, stageKey: 'needs_confirmed' } });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().error.code).toBe('STAGE_CRITERIA_UNMET');
    const apiUnmet = (patch.json().error.details.unmet as { message: string }[]).map((u) => u.message);
    expect(apiUnmet.length).toBeGreaterThan(0);

    const data = Buffer.from(
      [
        'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value',
        'N-1,Moses Frase,GTXPro,Cancity,Prospecting,,,',
        'N-2,Moses Frase,GTX Basic,Cancity,Engaging,2016-10-20,,',
        'N-3,Moses Frase,GTX Basic,Cancity,Won,2016-10-20,2017-03-01,1054',
        'N-4,Moses Frase,MG Special,Cancity,Lost,2016-10-20,2017-03-02,0',
        'N-5,Nobody Here,GTX Basic,Cancity,Prospecting,,,',
        'N-6,Moses Frase,GTX Basic,No Such Co,Prospecting,,,',
        'N-7,Moses Frase,GTX Basic,Cancity,Negotiating,,,',
        'N-8,Moses Frase,GTX Basic,,Prospecting,,,',
      ].join('\r\n'),
    );
    const job = await importAndWait(app, headers, { name: 'deals.csv', data }, { objectType: 'deals', mapping: MAVEN_DEAL_MAPPING, options: { stageMap: STAGE_MAP, currency: 'USD' } });
    expect(job).toMatchObject({ status: 'completed', createdRows: 2, skippedRows: 0, failedRows: 6 });
    expect(job.createdRows + job.skippedRows + job.failedRows).toBe(8);
    const problems = await allProblems(app, headers, job.id);
    const of = (row: number, severity = 'error') => problems.find((p) => p.rowNumber === row && p.severity === severity)?.problems ?? [];
    // Engaging: the very messages the API gave, as the row's problems
    expect(of(3).map((p) => p.code)).toEqual(apiUnmet.map(() => 'STAGE_CRITERIA_UNMET'));
    for (const m of apiUnmet) expect(of(3).some((p) => p.message.endsWith(m))).toBe(true);
    expect(of(3)[0]!.message).toMatch(/^Stage "Needs confirmed": /);
    // Won: the contract (and the stages passed on the way) are missing
    expect(of(4).every((p) => p.code === 'STAGE_CRITERIA_UNMET')).toBe(true);
    expect(of(4).some((p) => /contract/i.test(p.message))).toBe(true);
    // Lost without a reason: the close reason the API also requires
    expect(of(5).map((p) => p.code)).toEqual(['CLOSE_REASON_REQUIRED']);
    expect(of(6)[0]).toMatchObject({ field: 'ownerName', code: 'unknown_owner' });
    expect(of(7)[0]).toMatchObject({ field: 'accountName', code: 'unknown_account' });
    expect(of(8)[0]).toMatchObject({ field: 'stage', code: 'unknown_stage' });
    expect(of(9, 'warning')[0]).toMatchObject({ field: 'accountName', code: 'no_account' });

    const deals = await q<{ external_id: string; stage_key: string; product: string }>(
      database,
      org.orgId,
      sql`select external_id, stage_key, product from deals where org_id = ${org.orgId}::uuid and external_id is not null order by external_id`,
    );
    expect(deals).toEqual([
      { external_id: 'N-1', stage_key: 'initial_contact', product: 'GTXPro' },
      { external_id: 'N-8', stage_key: 'initial_contact', product: 'GTX Basic' },
    ]);
    await app.close();
  }, 120_000);

  it('historical imports are for admins; options are checked when the import is created', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org: TestOrg = await createTestOrg(database);
    const manager = await createTestUser(database, org, { role: 'director' });
    const managerHeaders = (await signInAs(database, org.orgId, manager.id)).headers;
    const adminHeaders = { ...(await signInAs(database, org.orgId, org.adminUserId)).headers, 'accept-language': 'en' };
    const file = { name: 'deals.csv', data: Buffer.from('opportunity_id,deal_stage\r\nH-1,Won\r\n') };
    const mapping = { opportunity_id: 'externalId', deal_stage: 'stage' };

    const forbidden = await startImport(app, managerHeaders, file, { objectType: 'deals', mapping, options: { historical: true, stageMap: STAGE_MAP } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('CRITERIA_WAIVER_FORBIDDEN');

    const badStage = await startImport(app, adminHeaders, file, { objectType: 'deals', mapping, options: { stageMap: { Won: 'signed' } } });
    expect(badStage.statusCode).toBe(400);
    expect(badStage.json().error.fields).toEqual([{ field: 'options.stageMap.Won', message: 'is not a stage of the pipeline: signed' }]);

    const badOption = await startImport(app, adminHeaders, file, { objectType: 'deals', mapping, options: { currency: 'dollars' } });
    expect(badOption.statusCode).toBe(400);
    expect(badOption.json().error.fields[0].field).toBe('options.currency');

    // the Maven export's headers are recognised
    const preview = multipart({ objectType: 'deals' }, { name: 'sales_pipeline.csv', data: pipelineFile(5).data });
    const suggested = await app.inject({ method: 'POST', url: '/api/v1/imports/preview', headers: { ...adminHeaders, ...preview.headers }, payload: preview.payload });
    expect(suggested.statusCode, suggested.body).toBe(200);
    expect(suggested.json().suggestedMapping).toEqual(MAVEN_DEAL_MAPPING);

    // the admin's historical import of the same row passes, with the waiver
    const ok = (await importAndWait(app, adminHeaders, file, { objectType: 'deals', mapping, options: { historical: true, stageMap: STAGE_MAP } })) as ImportJson;
    expect(ok).toMatchObject({ status: 'completed', createdRows: 1, failedRows: 0 });
    const [h] = await q<{ n: number }>(database, org.orgId, sql`select count(*)::int as n from deal_stage_history where org_id = ${org.orgId}::uuid and criteria_waived = 1`);
    expect(h!.n).toBe(1);
    await app.close();
  }, 60_000);
});
