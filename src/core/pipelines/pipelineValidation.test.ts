import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StageCriterion } from './criteria.js';
import { DEFAULT_PIPELINE, type StageDefinition } from './defaultPipeline.js';
import { blankStage, MAX_STAGES, STANDARD_DEAL_FIELD_KEYS, validatePipeline, type PipelineDraft } from './pipelineValidation.js';

const ctx = { dealCustomFieldKeys: ['budget_holder'] };
const base: PipelineDraft = { ...DEFAULT_PIPELINE, stages: DEFAULT_PIPELINE.stages };
const withStages = (stages: StageDefinition[]): PipelineDraft => ({ ...base, stages });
const fields = (d: PipelineDraft) => validatePipeline(d, ctx).map((i) => i.field);
const edit = (i: number, patch: Partial<StageDefinition>) => withStages(base.stages.map((s, j) => (j === i ? { ...s, ...patch } : s)));
const named = (key: string, type: StageDefinition['type'] = 'open'): StageDefinition => ({
  ...blankStage(key),
  name: { 'zh-CN': key, en: key },
  type,
});

describe('validatePipeline', () => {
  it('accepts the default pipeline', () => {
    expect(validatePipeline(base, ctx)).toEqual([]);
  });

  it('names the field of each problem', () => {
    expect(fields(edit(2, { probability: 101 }))).toEqual(['stages.2.probability']);
    expect(fields(edit(2, { probability: 12.5 }))).toEqual(['stages.2.probability']);
    expect(fields(edit(0, { rottingDays: 366 }))).toEqual(['stages.0.rottingDays']);
    expect(fields(edit(0, { expectedDays: -1 }))).toEqual(['stages.0.expectedDays']);
    expect(fields(edit(0, { rottingDays: null, expectedDays: 0 }))).toEqual([]);
    expect(fields(edit(1, { key: 'Needs Confirmed' }))).toEqual(['stages.1.key']);
    expect(fields(edit(1, { key: 'initial_contact' }))).toEqual(['stages.1.key']);
    expect(fields(edit(1, { name: { 'zh-CN': ' ', en: 'x' } }))).toEqual(['stages.1.name.zh-CN']);
    expect(fields(edit(1, { forecastCategory: 'maybe' as never }))).toEqual(['stages.1.forecastCategory']);
    expect(fields({ ...base, name: { 'zh-CN': '流程', en: '' } })).toEqual(['name.en']);
  });

  it('requires 2–12 stages, one open, exactly one won and one lost after the open ones', () => {
    expect(fields(withStages([named('won', 'won')]))).toEqual(expect.arrayContaining(['stages']));
    expect(validatePipeline(withStages([named('won', 'won'), named('lost', 'lost')]), ctx).map((i) => i.code)).toEqual(['no_open_stage']);
    expect(validatePipeline(withStages([named('a'), named('lost', 'lost')]), ctx).map((i) => i.code)).toEqual(['won_count']);
    expect(validatePipeline(withStages([named('a'), named('w1', 'won'), named('w2', 'won'), named('lost', 'lost')]), ctx)).toMatchObject([
      { code: 'won_count', field: 'stages.2.type' },
    ]);
    expect(validatePipeline(withStages([named('a'), named('lost', 'lost'), named('b'), named('won', 'won')]), ctx)).toMatchObject([
      { code: 'closed_not_last', field: 'stages.1.type' },
    ]);
    // won and lost in either order after the open stages
    expect(validatePipeline(withStages([named('a'), named('lost', 'lost'), named('won', 'won')]), ctx)).toEqual([]);
    const many = Array.from({ length: MAX_STAGES - 1 }, (_, i) => named(`s${i}`)).concat([named('won', 'won'), named('lost', 'lost')]);
    expect(validatePipeline(withStages(many), ctx).map((i) => i.code)).toEqual(['stage_count']);
  });

  it('checks entry criteria: known deal fields, attachment kinds, follow-up counts, no duplicates', () => {
    const crit = (entryCriteria: StageCriterion[]) => fields(edit(1, { entryCriteria }));
    for (const f of STANDARD_DEAL_FIELD_KEYS) expect(crit([{ kind: 'required_field', field: f }])).toEqual([]);
    expect(crit([{ kind: 'required_field', field: 'cf.budget_holder' }])).toEqual([]);
    expect(crit([{ kind: 'required_field', field: 'cf.unknown' }])).toEqual(['stages.1.entryCriteria.0.field']);
    expect(crit([{ kind: 'required_field', field: 'budget_holder' }])).toEqual(['stages.1.entryCriteria.0.field']);
    expect(crit([{ kind: 'required_field', field: 'ownerId' }])).toEqual(['stages.1.entryCriteria.0.field']);
    expect(crit([{ kind: 'attachment', attachmentKind: 'quote', label: { 'zh-CN': '报价单', en: 'quote' } }])).toEqual([]);
    expect(crit([{ kind: 'attachment', attachmentKind: 'site_survey', label: { 'zh-CN': '勘查报告', en: 'site survey' } }])).toEqual([]);
    expect(crit([{ kind: 'attachment', attachmentKind: 'site_survey', label: { 'zh-CN': '', en: 'x' } }])).toEqual(['stages.1.entryCriteria.0.label.zh-CN']);
    expect(crit([{ kind: 'attachment', attachmentKind: 'Bad Kind', label: { 'zh-CN': 'x', en: 'x' } }])).toEqual(['stages.1.entryCriteria.0.attachmentKind']);
    expect(crit([{ kind: 'min_effective_followups', count: 0 }])).toEqual(['stages.1.entryCriteria.0.count']);
    expect(crit([{ kind: 'min_effective_followups', count: 51 }])).toEqual(['stages.1.entryCriteria.0.count']);
    expect(crit([{ kind: 'min_effective_followups', count: 50 }])).toEqual([]);
    expect(crit([{ kind: 'bogus' } as never])).toEqual(['stages.1.entryCriteria.0.kind']);
    expect(
      crit([
        { kind: 'required_field', field: 'amount' },
        { kind: 'required_field', field: 'amount' },
      ]),
    ).toEqual(['stages.1.entryCriteria.1']);
  });

  it('gives every message in both languages', () => {
    const issues = validatePipeline(withStages([{ ...named('X'), probability: -1, rottingDays: 999 }]), ctx);
    expect(issues.length).toBeGreaterThan(3);
    for (const i of issues) {
      expect(i.message['zh-CN']).not.toBe('');
      expect(i.message.en).not.toBe('');
    }
  });
});

describe('validatePipeline properties', () => {
  const key = fc.stringMatching(/^[a-z0-9_]{1,12}$/);
  const localized = fc.record({ 'zh-CN': fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== ''), en: fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== '') });
  const criterion: fc.Arbitrary<StageCriterion> = fc.oneof(
    fc.record({ kind: fc.constant('required_field' as const), field: fc.constantFrom(...STANDARD_DEAL_FIELD_KEYS, 'cf.budget_holder') }),
    fc.record({ kind: fc.constant('attachment' as const), attachmentKind: fc.constantFrom('requirements', 'quote', 'contract'), label: localized }),
    fc.record({ kind: fc.constant('min_effective_followups' as const), count: fc.integer({ min: 1, max: 50 }) }),
  );
  const days = fc.option(fc.integer({ min: 0, max: 365 }), { nil: null });
  const stageOf = (k: string, type: StageDefinition['type']) =>
    fc.record({
      key: fc.constant(k),
      name: localized,
      probability: fc.integer({ min: 0, max: 100 }),
      forecastCategory: fc.constantFrom('pipeline', 'best_case', 'commit', 'closed', 'omitted' as const),
      type: fc.constant(type),
      expectedDays: days,
      rottingDays: days,
      entryCriteria: fc.uniqueArray(criterion, { maxLength: 3, selector: (c) => (c.kind === 'required_field' ? c.field : c.kind === 'attachment' ? c.attachmentKind : 'n') }),
      exitOutputs: fc.array(localized, { maxLength: 2 }),
    });
  /** a valid pipeline: 1–10 open stages, then won and lost in either order */
  const valid = fc
    .tuple(fc.uniqueArray(key, { minLength: 3, maxLength: 12 }), fc.boolean())
    .chain(([keys, lostFirst]) => {
      const openKeys = keys.slice(0, keys.length - 2);
      const closed = lostFirst ? ([[keys.at(-2)!, 'lost'], [keys.at(-1)!, 'won']] as const) : ([[keys.at(-2)!, 'won'], [keys.at(-1)!, 'lost']] as const);
      return fc.tuple(...openKeys.map((k) => stageOf(k, 'open')), ...closed.map(([k, t]) => stageOf(k, t)));
    })
    .map((stages) => ({ name: { 'zh-CN': '流程', en: 'Pipeline' }, allowSkip: false, allowBackward: true, stages: stages as StageDefinition[] }));

  it('accepts every well-formed pipeline', () => {
    fc.assert(fc.property(valid, (d) => validatePipeline(d, ctx).length === 0));
  });

  it('a bad probability is reported on exactly that stage', () => {
    fc.assert(
      fc.property(valid, fc.nat(), fc.oneof(fc.integer({ min: 101, max: 10_000 }), fc.integer({ min: -10_000, max: -1 }), fc.double({ min: 0.01, max: 99.99, noInteger: true })), (d, n, p) => {
        const i = n % d.stages.length;
        const stages = d.stages.map((s, j) => (j === i ? { ...s, probability: p } : s));
        expect(validatePipeline({ ...d, stages }, ctx).map((x) => x.field)).toEqual([`stages.${i}.probability`]);
      }),
    );
  });

  it('moving a closed stage before an open one is always refused', () => {
    fc.assert(
      fc.property(valid, fc.nat(), (d, n) => {
        const stages = [...d.stages];
        const closedIndex = stages.length - 1 - (n % 2);
        const [closed] = stages.splice(closedIndex, 1);
        stages.splice(0, 0, closed!);
        const codes = validatePipeline({ ...d, stages }, ctx).map((x) => x.code);
        expect(codes).toContain('closed_not_last');
      }),
    );
  });

  it('duplicating any stage key is refused at the later stage', () => {
    fc.assert(
      fc.property(valid, fc.nat(), fc.nat(), (d, a, b) => {
        const i = a % d.stages.length;
        const j = b % d.stages.length;
        fc.pre(i !== j);
        const [lo, hi] = i < j ? [i, j] : [j, i];
        const stages = d.stages.map((s, k) => (k === hi ? { ...s, key: d.stages[lo]!.key } : s));
        expect(validatePipeline({ ...d, stages }, ctx)).toContainEqual(expect.objectContaining({ field: `stages.${hi}.key`, code: 'key_duplicate' }));
      }),
    );
  });
});
