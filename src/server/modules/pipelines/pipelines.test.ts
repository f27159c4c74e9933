import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE } from '../../../core/pipelines/defaultPipeline.js';
import { auditEvents, deals, pipelines } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs, type TestSession } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { defaultPipelineId, loadPipeline } from './pipelines.service.js';
import type { PipelineDto } from './pipelines.schemas.js';

const T0 = new Date('2026-03-02T02:00:00.000Z');

async function setup() {
  const database = await getTestDatabase();
  const clock = new ManualClock(T0);
  const app = await buildTestApp(database, { clock });
  const org = await createTestOrg(database);
  const admin = await signInAs(database, org.orgId, org.adminUserId);
  const call = async (session: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...session.headers, 'accept-language': 'en' }, payload: payload as never });
  const list = async (session: TestSession = admin) => {
    const res = await call(session, 'GET', '/pipelines');
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as PipelineDto[];
  };
  const rep = async () => {
    const user = await createTestUser(database, org, { role: 'rep' });
    return { ...user, session: await signInAs(database, org.orgId, user.id) };
  };
  return { database, clock, app, org, admin, call, list, rep };
}

const stages = (p: PipelineDto) => p.stages.map((s) => ({ ...s }));

describe(`pipelines on ${testDatabaseKind()}`, () => {
  // opening (and migrating) the test database is not part of any one test's time
  beforeAll(async () => {
    await getTestDatabase();
  });

  it('creates the default pipeline once, even when the first requests come together', async () => {
    const { org, admin, call, list, rep, database } = await setup();
    const r = await rep();
    const results = await Promise.all([call(admin, 'GET', '/pipelines'), call(admin, 'GET', '/pipelines'), call(r.session, 'GET', '/pipelines')]);
    for (const res of results) expect(res.statusCode, res.body).toBe(200);
    const items = await list();
    expect(items).toHaveLength(1);
    const [p] = items;
    expect(p).toMatchObject({
      id: defaultPipelineId(org.orgId),
      name: DEFAULT_PIPELINE.name,
      isDefault: true,
      active: true,
      allowSkip: false,
      allowBackward: true,
      version: 1,
    });
    expect(p!.stages.map((s) => s.key)).toEqual(['initial_contact', 'needs_confirmed', 'solution_demo', 'negotiation', 'contract', 'won', 'lost']);
    // reps read it too; get by id; other modules load it inside their transaction
    expect((await call(r.session, 'GET', `/pipelines/${p!.id}`)).json()).toEqual(p);
    const loaded = await database.withTenant(org.orgId, (tx) => loadPipeline(tx, org.orgId, null));
    expect(loaded).toEqual(p);
    await expect(database.withTenant(org.orgId, (tx) => loadPipeline(tx, org.orgId, randomUUID()))).rejects.toMatchObject({ code: 'PIPELINE_NOT_FOUND' });
    expect((await call(admin, 'GET', `/pipelines/${randomUUID()}`)).statusCode).toBe(404);
    expect((await call(admin, 'GET', '/pipelines/not-a-uuid')).statusCode).toBe(404);
    // another organization gets its own default pipeline with another id
    const other = await createTestOrg(database);
    expect(defaultPipelineId(other.orgId)).not.toBe(p!.id);
    const otherAdmin = await signInAs(database, other.orgId, other.adminUserId);
    const otherItems = (await call(otherAdmin, 'GET', '/pipelines')).json().items as PipelineDto[];
    expect(otherItems.map((x) => x.id)).toEqual([defaultPipelineId(other.orgId)]);
  });

  it('lets an admin edit a stage’s criteria and read them back; audited; reps get 403', async () => {
    const { database, org, admin, call, list, rep } = await setup();
    // a deal custom field a criterion may require
    const cf = await call(admin, 'POST', '/custom-fields', { objectType: 'deals', key: 'budget_holder', labelZh: '预算负责人', labelEn: 'Budget holder', type: 'text' });
    expect(cf.statusCode, cf.body).toBe(201);

    const [p] = await list();
    const next = stages(p!);
    next[1] = {
      ...next[1]!,
      probability: 30,
      rottingDays: 5,
      entryCriteria: [
        { kind: 'min_effective_followups', count: 3 },
        { kind: 'required_field', field: 'cf.budget_holder' },
        { kind: 'attachment', attachmentKind: 'site_survey', label: { 'zh-CN': '现场勘查报告', en: 'site survey' } },
      ],
      exitOutputs: [{ 'zh-CN': '需求清单', en: 'Requirements list' }],
    };
    const res = await call(admin, 'PUT', `/pipelines/${p!.id}`, { version: p!.version, stages: next, allowSkip: true, name: { 'zh-CN': '直销流程', en: 'Direct sales' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, allowSkip: true, name: { 'zh-CN': '直销流程', en: 'Direct sales' } });

    const back = (await call(admin, 'GET', `/pipelines/${p!.id}`)).json() as PipelineDto;
    expect(back.stages[1]).toEqual(next[1]);
    expect(back.stages.map((s) => s.key)).toEqual(p!.stages.map((s) => s.key));

    const events = await database.withTenant(org.orgId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.objectType, 'pipelines'), eq(auditEvents.recordId, p!.id))),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'update', actorId: org.adminUserId });
    expect((events[0]!.changes as { field: string }[]).map((c) => c.field).sort()).toEqual(['allowSkip', 'name', 'stages']);

    // a change of one switch records only that switch (stored documents compare by content, not key order)
    const toggled = await call(admin, 'PUT', `/pipelines/${p!.id}`, { version: 2, allowBackward: false });
    expect(toggled.statusCode, toggled.body).toBe(200);
    const after = await database.withTenant(org.orgId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.objectType, 'pipelines'), eq(auditEvents.recordId, p!.id))),
    );
    expect(after).toHaveLength(2);
    expect(after.find((e) => e.id !== events[0]!.id)!.changes).toEqual([{ field: 'allowBackward', old: true, new: false }]);

    // reps may read but not change or create
    const r = await rep();
    expect((await call(r.session, 'GET', '/pipelines')).statusCode).toBe(200);
    expect((await call(r.session, 'PUT', `/pipelines/${p!.id}`, { version: 3, allowSkip: false })).statusCode).toBe(403);
    expect((await call(r.session, 'POST', '/pipelines', { name: { 'zh-CN': 'x', en: 'x' }, stages: next })).statusCode).toBe(403);
    expect((await list())[0]!.version).toBe(3);
  });

  it('refuses an invalid configuration naming the field, and loses nothing', async () => {
    const { admin, call, list } = await setup();
    const [p] = await list();
    const put = (body: Record<string, unknown>) => call(admin, 'PUT', `/pipelines/${p!.id}`, { version: p!.version, ...body });

    const badProbability = stages(p!);
    badProbability[2] = { ...badProbability[2]!, probability: 150 };
    let res = await put({ stages: badProbability });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['stages.2.probability']);

    // semantic rules from core: won stage before an open one, duplicate keys, unknown field
    const wonFirst = stages(p!);
    const won = wonFirst.splice(5, 1)[0]!;
    wonFirst.unshift(won);
    res = await put({ stages: wonFirst });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'PIPELINE_INVALID', fields: [{ field: 'stages.0.type' }] });

    const dupKey = stages(p!);
    dupKey[3] = { ...dupKey[3]!, key: 'initial_contact' };
    res = await put({ stages: dupKey });
    expect(res.json().error.fields).toEqual([{ field: 'stages.3.key', message: 'The stage key “initial_contact” is used twice' }]);

    const unknownField = stages(p!);
    unknownField[1] = { ...unknownField[1]!, entryCriteria: [{ kind: 'required_field', field: 'cf.nope' }] };
    res = await put({ stages: unknownField });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('stages.1.entryCriteria.0.field');

    const oneStage = [p!.stages[6]!];
    res = await put({ stages: oneStage });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain('stages');

    // nothing changed
    expect(await list()).toEqual([p]);
  });

  it('refuses to remove a stage that deals still use (409 naming the stage and count), and stale versions', async () => {
    const { database, org, admin, call, list } = await setup();
    const [p] = await list();
    await database.withTenant(org.orgId, async (tx) => {
      for (const status of ['open', 'open', 'lost'] as const) {
        await tx.insert(deals).values({
          orgId: org.orgId,
          id: randomUUID(),
          name: `deal ${status}`,
          pipelineId: p!.id,
          stageKey: status === 'open' ? 'negotiation' : 'lost',
          status,
          ownerId: org.adminUserId,
        });
      }
    });
    const withoutNegotiation = p!.stages.filter((s) => s.key !== 'negotiation');
    let res = await call(admin, 'PUT', `/pipelines/${p!.id}`, { version: p!.version, stages: withoutNegotiation });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'STAGE_IN_USE',
      message: expect.stringContaining('Quote & negotiation'),
      details: { stageKey: 'negotiation', count: 2 },
    });
    expect(res.json().error.message).toContain('2 deals');

    // nor may it turn into a closed stage while open deals sit in it (a deal's status mirrors its stage's type)
    const byKey = new Map(p!.stages.map((s) => [s.key, s]));
    const retyped = [
      ...['initial_contact', 'needs_confirmed', 'solution_demo'].map((k) => byKey.get(k)!),
      { ...byKey.get('lost')!, type: 'open', forecastCategory: 'pipeline' },
      { ...byKey.get('negotiation')!, type: 'lost' },
      byKey.get('won')!,
    ];
    res = await call(admin, 'PUT', `/pipelines/${p!.id}`, { version: p!.version, stages: retyped });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'STAGE_TYPE_IN_USE', details: { stageKey: 'negotiation', count: 2 } });

    // a stage without deals can go; renaming and reordering never touch deals
    const withoutContract = p!.stages.filter((s) => s.key !== 'contract');
    res = await call(admin, 'PUT', `/pipelines/${p!.id}`, { version: p!.version, stages: withoutContract });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stages.map((s: { key: string }) => s.key)).not.toContain('contract');

    // the version the first editor had is stale now
    res = await call(admin, 'PUT', `/pipelines/${p!.id}`, { version: p!.version, allowBackward: false });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('VERSION_CONFLICT');

    // the default pipeline cannot be deactivated
    res = await call(admin, 'PUT', `/pipelines/${p!.id}`, { version: 2, active: false });
    expect(res.statusCode).toBe(422);
  });

  it('creates another pipeline; making it the default moves the flag', async () => {
    const { app, database, org, admin, call, list } = await setup();
    const [p] = await list();
    const body = {
      name: { 'zh-CN': '渠道流程', en: 'Channel sales' },
      stages: [
        { key: 'lead_in', name: { 'zh-CN': '接洽', en: 'Lead in' }, probability: 20, forecastCategory: 'pipeline', type: 'open' },
        { key: 'won', name: { 'zh-CN': '赢单', en: 'Won' }, probability: 100, forecastCategory: 'closed', type: 'won' },
        { key: 'lost', name: { 'zh-CN': '输单', en: 'Lost' }, probability: 0, forecastCategory: 'omitted', type: 'lost' },
      ],
    };
    const res = await call(admin, 'POST', '/pipelines', body);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as PipelineDto;
    expect(created).toMatchObject({ isDefault: false, active: true, allowSkip: false, allowBackward: true, version: 1 });
    expect(created.stages[0]).toEqual({ ...body.stages[0], expectedDays: null, rottingDays: null, entryCriteria: [], exitOutputs: [] });
    expect((await list()).map((x) => x.id)).toEqual([p!.id, created.id]);

    const made = await call(admin, 'PUT', `/pipelines/${created.id}`, { version: 1, isDefault: true });
    expect(made.statusCode, made.body).toBe(200);
    const after = await list();
    expect(after.map((x) => [x.id, x.isDefault])).toEqual([
      [created.id, true],
      [p!.id, false],
    ]);
    // the lazily created default is not recreated once another pipeline is the default
    const loaded = await database.withTenant(org.orgId, (tx) => loadPipeline(tx, org.orgId, null));
    expect(loaded.id).toBe(created.id);
    const count = await database.withTenant(org.orgId, (tx) => tx.select().from(pipelines).where(eq(pipelines.orgId, org.orgId)));
    expect(count).toHaveLength(2);
    const created2 = await database.withTenant(org.orgId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.objectType, 'pipelines'), eq(auditEvents.recordId, created.id))),
    );
    expect(created2.map((e) => e.action).sort()).toEqual(['create', 'update']);

    // documented in the OpenAPI document
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const paths = Object.keys(doc.paths).filter((k) => k.includes('pipelines'));
    expect(paths.length).toBe(2);
    expect(Object.keys(doc.paths[paths.find((k) => k.endsWith('}'))!]!).sort()).toEqual(['get', 'put']);
  });
});
