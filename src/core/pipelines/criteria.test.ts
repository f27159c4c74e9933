import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStageMove, isFilled, unmetCriteria, type DealFacts, type PipelineMoveRules, type StageCriterion } from './criteria.js';
import { DEFAULT_PIPELINE } from './defaultPipeline.js';

const facts = (over: Partial<DealFacts> = {}): DealFacts => ({ fields: {}, attachmentKinds: [], effectiveFollowUps: 0, ...over });
const rules: PipelineMoveRules = DEFAULT_PIPELINE;
const LABELS = { amount: { 'zh-CN': '金额', en: 'Amount' } };

describe('isFilled', () => {
  it('treats null, undefined, blank text and empty lists as empty; zero and false as values', () => {
    for (const v of [null, undefined, '', '   ', []]) expect(isFilled(v)).toBe(false);
    for (const v of [0, false, 'x', ['a'], { amount: 0 }]) expect(isFilled(v)).toBe(true);
  });
});

describe('unmetCriteria', () => {
  const criteria: StageCriterion[] = [
    { kind: 'required_field', field: 'amount' },
    { kind: 'required_field', field: 'cf.decision_chain' },
    { kind: 'attachment', attachmentKind: 'quote', label: { 'zh-CN': '报价单', en: 'quote' } },
    { kind: 'min_effective_followups', count: 2 },
  ];

  it('lists every unmet criterion in order, in both languages, with what to fill', () => {
    const out = unmetCriteria(criteria, facts({ effectiveFollowUps: 1 }), LABELS);
    expect(out.map((u) => u.criterion.kind)).toEqual(['required_field', 'required_field', 'attachment', 'min_effective_followups']);
    expect(out[0]).toMatchObject({ field: 'amount', message: { 'zh-CN': '请填写「金额」', en: 'Amount is required' } });
    expect(out[1]).toMatchObject({ field: 'cf.decision_chain' });
    expect(out[2]!.message['zh-CN']).toBe('需要上传「报价单」');
    expect(out[3]).toMatchObject({ missing: 1 });
    expect(out[3]!.message['zh-CN']).toContain('还差 1 次');
  });

  it('is empty once everything is there', () => {
    const done = facts({ fields: { amount: 0, 'cf.decision_chain': '张总 → 李总' }, attachmentKinds: ['quote', 'other'], effectiveFollowUps: 2 });
    expect(unmetCriteria(criteria, done)).toEqual([]);
  });

  it('property: a criterion is unmet exactly when its fact is missing', () => {
    fc.assert(
      fc.property(fc.nat(10), fc.nat(10), fc.boolean(), fc.option(fc.string(), { nil: null }), (count, logged, hasQuote, amount) => {
        const c: StageCriterion[] = [
          { kind: 'min_effective_followups', count },
          { kind: 'attachment', attachmentKind: 'quote', label: { 'zh-CN': '报价单', en: 'quote' } },
          { kind: 'required_field', field: 'amount' },
        ];
        const out = unmetCriteria(c, facts({ effectiveFollowUps: logged, attachmentKinds: hasQuote ? ['quote'] : [], fields: { amount } }));
        expect(out.some((u) => u.criterion.kind === 'min_effective_followups')).toBe(logged < count);
        expect(out.find((u) => u.criterion.kind === 'min_effective_followups')?.missing ?? 0).toBe(Math.max(count - logged, 0));
        expect(out.some((u) => u.criterion.kind === 'attachment')).toBe(!hasQuote);
        expect(out.some((u) => u.criterion.kind === 'required_field')).toBe(!isFilled(amount));
      }),
    );
  });
});

describe('checkStageMove on the default pipeline', () => {
  it('refuses 需求确认 with fewer than 2 effective follow-ups and allows it after them', () => {
    const refused = checkStageMove(rules, 'initial_contact', 'needs_confirmed', facts({ effectiveFollowUps: 1 }));
    expect(refused).toMatchObject({ allowed: false, reason: 'criteria_unmet' });
    expect(refused.unmet.map((u) => u.missing)).toEqual([1]);
    expect(checkStageMove(rules, 'initial_contact', 'needs_confirmed', facts({ effectiveFollowUps: 2 }))).toEqual({ allowed: true, unmet: [] });
  });

  it('refuses skipping a stage (the pipeline forbids it); moving back is allowed and checks nothing', () => {
    expect(checkStageMove(rules, 'initial_contact', 'solution_demo', facts({ effectiveFollowUps: 5 }))).toMatchObject({ allowed: false, reason: 'skip_not_allowed' });
    expect(checkStageMove(rules, 'negotiation', 'initial_contact', facts())).toEqual({ allowed: true, unmet: [] });
    expect(checkStageMove({ ...rules, allowBackward: false }, 'negotiation', 'initial_contact', facts())).toMatchObject({ allowed: false, reason: 'backward_not_allowed' });
  });

  it('when skipping is allowed, the skipped stages’ criteria still apply (skipping never bypasses one)', () => {
    const skipping = { ...rules, allowSkip: true };
    const out = checkStageMove(skipping, 'initial_contact', 'negotiation', facts(), LABELS);
    expect(out).toMatchObject({ allowed: false, reason: 'criteria_unmet' });
    expect(out.unmet.map((u) => u.criterion.kind)).toEqual(['min_effective_followups', 'required_field', 'attachment', 'required_field', 'attachment']);
  });

  it('closing as won needs every open stage not yet passed and the won criteria; lost needs none; unknown stages are refused', () => {
    const atContract = facts({ effectiveFollowUps: 2, fields: { amount: 100_00, expectedCloseDate: '2026-12-31' }, attachmentKinds: ['requirements', 'quote'] });
    expect(checkStageMove(rules, 'contract', 'won', atContract).unmet.map((u) => u.criterion)).toEqual([expect.objectContaining({ attachmentKind: 'contract' })]);
    expect(checkStageMove(rules, 'contract', 'won', { ...atContract, attachmentKinds: ['requirements', 'quote', 'contract'] })).toEqual({ allowed: true, unmet: [] });
    // won straight from the first stage: everything in between is asked for
    expect(checkStageMove(rules, 'initial_contact', 'won', facts()).unmet).toHaveLength(6);
    expect(checkStageMove(rules, 'initial_contact', 'lost', facts())).toEqual({ allowed: true, unmet: [] });
    expect(checkStageMove(rules, 'initial_contact', 'nowhere', facts())).toMatchObject({ allowed: false, reason: 'unknown_stage' });
    expect(checkStageMove(rules, 'won', 'won', facts())).toMatchObject({ allowed: false, reason: 'same_stage' });
  });

  it('the default pipeline has the product’s stages in order, probabilities rising, rotting default 7', () => {
    expect(DEFAULT_PIPELINE.stages.map((s) => s.name['zh-CN'])).toEqual(['初步接触', '需求确认', '方案演示', '报价谈判', '合同签署', '赢单', '输单']);
    const open = DEFAULT_PIPELINE.stages.filter((s) => s.type === 'open');
    expect(open.map((s) => s.probability)).toEqual([...open.map((s) => s.probability)].sort((a, b) => a - b));
    expect(open.every((s) => s.rottingDays === 7)).toBe(true);
  });
});
