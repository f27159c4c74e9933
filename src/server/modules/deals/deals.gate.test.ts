/**
 * The stage gate (PRODUCT.md 4.3 准入条件): the same refusal whatever the path (PATCH via api or kanban, bulk,
 * creating in a later stage), in the request language; stage history with the time spent in each stage.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY, setupDeals, warmDeals } from './deals.testkit.js';

beforeAll(() => warmDeals().then(() => undefined), 240_000);

describe('stage gate', () => {
  it('needs_confirmed with fewer than 2 effective follow-ups is refused identically via api and kanban, in zh-CN and en; after 2 it moves', async () => {
    const { admin, call, deal, followUp, newUser } = await setupDeals();
    const rep = await newUser();
    const d = await deal(rep);
    expect(d.stageKey).toBe('initial_contact');
    await followUp(rep, d.id);

    const refusals = [];
    for (const via of ['api', 'kanban'] as const) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const res = await call(rep, 'PATCH', `/deals/${d.id}`, { version: d.version, stageKey: 'needs_confirmed', via }, locale);
        expect(res.statusCode, res.body).toBe(422);
        refusals.push({ via, locale, error: res.json().error });
      }
    }
    const [apiEn, apiZh, kanbanEn, kanbanZh] = refusals.map((r) => r.error);
    expect(apiEn).toEqual(kanbanEn);
    expect(apiZh).toEqual(kanbanZh);
    expect(apiEn.code).toBe('STAGE_CRITERIA_UNMET');
    expect(apiEn.details).toEqual({
      toStage: 'needs_confirmed',
      unmet: [{ kind: 'min_effective_followups', missing: 1, message: 'At least 2 effective follow-ups are required (1 logged, 1 more needed)' }],
    });
    expect(apiZh.details.unmet[0].message).toBe('需要至少 2 次有效跟进（已有 1 次，还差 1 次）');
    expect(apiZh.message).toContain('需求确认');

    await followUp(rep, d.id);
    const current = (await call(rep, 'GET', `/deals/${d.id}`)).json();
    expect(current.effectiveFollowUps).toBe(2);
    const ok = await call(rep, 'PATCH', `/deals/${d.id}`, { version: current.version, stageKey: 'needs_confirmed', via: 'kanban' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ stageKey: 'needs_confirmed', status: 'open', probability: 25, weightedAmount: 250_000 });
    expect(ok.json().stageHistory.map((h: { fromStage: string | null; toStage: string; via: string }) => [h.fromStage, h.toStage, h.via])).toEqual([
      [null, 'initial_contact', 'api'],
      ['initial_contact', 'needs_confirmed', 'kanban'],
    ]);
    // the admin sees the audit of the move
    const history = await call(admin, 'GET', `/deals/${d.id}`);
    expect(history.statusCode).toBe(200);
  });

  it('skipping a stage is refused when the pipeline does not allow it; fields sent with the move are checked with it', async () => {
    const { call, deal, followUp, newUser, upload } = await setupDeals();
    const rep = await newUser();
    const d = await deal(rep, { amount: null });
    const skip = await call(rep, 'PATCH', `/deals/${d.id}`, { version: d.version, stageKey: 'solution_demo' });
    expect(skip.statusCode).toBe(422);
    expect(skip.json().error).toMatchObject({ code: 'STAGE_MOVE_NOT_ALLOWED', details: { fromStage: 'initial_contact', toStage: 'solution_demo', reason: 'skip_not_allowed' } });

    await followUp(rep, d.id);
    await followUp(rep, d.id);
    let v = (await call(rep, 'PATCH', `/deals/${d.id}`, { version: d.version, stageKey: 'needs_confirmed' })).json().version;
    // solution_demo needs the amount and a requirements list
    const missing = await call(rep, 'PATCH', `/deals/${d.id}`, { version: v, stageKey: 'solution_demo' });
    expect(missing.json().error.details.unmet).toEqual([
      { kind: 'required_field', field: 'amount', message: 'Amount is required' },
      { kind: 'attachment', attachmentKind: 'requirements', message: 'A requirements list attachment is required' },
    ]);
    expect((await upload(rep, d.id, 'requirements')).statusCode).toBe(201);
    v = (await call(rep, 'GET', `/deals/${d.id}`)).json().version;
    // the kanban's "fill what is missing" form: field + stage in one PATCH
    const filled = await call(rep, 'PATCH', `/deals/${d.id}`, { version: v, amount: 500_000, stageKey: 'solution_demo', via: 'kanban' });
    expect(filled.statusCode, filled.body).toBe(200);
    expect(filled.json()).toMatchObject({ stageKey: 'solution_demo', amount: 500_000, attachmentKinds: ['requirements'] });
  });

  it('won needs a close reason and a contract; closing sets closedAt, reopening clears it; history keeps seconds in each stage', async () => {
    const { call, clock, deal, newUser, upload, placeIn } = await setupDeals();
    const rep = await newUser();
    const d = await deal(rep);
    await placeIn(d.id, 'contract');
    clock.advance(3 * DAY);
    const noReason = await call(rep, 'PATCH', `/deals/${d.id}`, { version: d.version, stageKey: 'won' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.code).toBe('STAGE_CRITERIA_UNMET');
    expect(noReason.json().error.details.unmet).toEqual([{ kind: 'attachment', attachmentKind: 'contract', message: 'A contract attachment is required' }]);
    expect((await upload(rep, d.id, 'contract')).statusCode).toBe(201);
    const v = (await call(rep, 'GET', `/deals/${d.id}`)).json().version;
    const reasonless = await call(rep, 'PATCH', `/deals/${d.id}`, { version: v, stageKey: 'won' });
    expect(reasonless.json().error).toMatchObject({ code: 'CLOSE_REASON_REQUIRED', fields: [{ field: 'closeReason' }] });

    const won = await call(rep, 'PATCH', `/deals/${d.id}`, { version: v, stageKey: 'won', closeReason: '价格优势' });
    expect(won.statusCode, won.body).toBe(200);
    expect(won.json()).toMatchObject({ status: 'won', closedAt: clock.now().toISOString(), closeReason: '价格优势' });
    expect(won.json().stageHistory[1]).toMatchObject({ fromStage: 'contract', toStage: 'won', secondsInPrevious: 3 * 86_400, via: 'api' });

    clock.advance(DAY / 2);
    const reopened = await call(rep, 'PATCH', `/deals/${d.id}`, { version: won.json().version, stageKey: 'contract' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'open', closedAt: null, closeReason: null });
    expect(reopened.json().stageHistory[2]).toMatchObject({ fromStage: 'won', toStage: 'contract', secondsInPrevious: 43_200 });
    // lost needs only a reason
    const lost = await call(rep, 'PATCH', `/deals/${d.id}`, { version: reopened.json().version, stageKey: 'lost', closeReason: '预算取消' });
    expect(lost.json()).toMatchObject({ status: 'lost' });

    const velocity = (await call(rep, 'GET', '/deals/velocity')).json();
    expect(velocity.stages.find((s: { stageKey: string }) => s.stageKey === 'contract')).toEqual({ stageKey: 'contract', movesOut: 2, averageDays: 1.5, medianDays: 1.5 });
    expect(velocity.stages.find((s: { stageKey: string }) => s.stageKey === 'won')).toEqual({ stageKey: 'won', movesOut: 1, averageDays: 0.5, medianDays: 0.5 });
  });

  it('creating a deal directly in a later stage goes through the gate from the first stage', async () => {
    const { call, newUser } = await setupDeals();
    const rep = await newUser();
    const refused = await call(rep, 'POST', '/deals', { name: '直接进入', stageKey: 'needs_confirmed' }, 'zh-CN');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('STAGE_CRITERIA_UNMET');
    expect((await call(rep, 'GET', '/deals')).json().items).toEqual([]);

    const lost = await call(rep, 'POST', '/deals', { name: '直接输单', stageKey: 'lost', closeReason: '没有预算' });
    expect(lost.statusCode, lost.body).toBe(201);
    expect(lost.json().stageHistory.map((h: { fromStage: string | null; toStage: string }) => [h.fromStage, h.toStage])).toEqual([
      [null, 'initial_contact'],
      ['initial_contact', 'lost'],
    ]);
  });

  it('bulk edit goes through the same gate, each deal on its own', async () => {
    const { call, deal, followUp, newUser } = await setupDeals();
    const rep = await newUser();
    const ready = await deal(rep, { name: '已跟进' });
    const notReady = await deal(rep, { name: '未跟进' });
    await followUp(rep, ready.id);
    await followUp(rep, ready.id);
    const res = await call(rep, 'POST', '/deals/bulk', { ids: [ready.id, notReady.id], set: { stageKey: 'needs_confirmed', source: '展会' } }, 'zh-CN');
    expect(res.statusCode, res.body).toBe(200);
    const [a, b] = res.json().results;
    expect(a).toEqual({ id: ready.id, ok: true });
    expect(b).toMatchObject({ id: notReady.id, ok: false, error: { code: 'STAGE_CRITERIA_UNMET', details: { toStage: 'needs_confirmed' } } });
    expect(b.error.details.unmet[0].message).toBe('需要至少 2 次有效跟进（已有 0 次，还差 2 次）');
    expect((await call(rep, 'GET', `/deals/${ready.id}`)).json()).toMatchObject({ stageKey: 'needs_confirmed', source: '展会' });
    expect((await call(rep, 'GET', `/deals/${notReady.id}`)).json()).toMatchObject({ stageKey: 'initial_contact', source: null });
    const hist = (await call(rep, 'GET', `/deals/${ready.id}`)).json().stageHistory;
    expect(hist[1].via).toBe('bulk');
  });
});
