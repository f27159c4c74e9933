import { describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE } from '../../../core/pipelines/defaultPipeline';
import { validatePipeline } from '../../../core/pipelines/pipelineValidation';
import { draftOf, freshKey, inputOf, insertIndex, newDraft, newStage } from './pipelineDraft';

const ctx = { dealCustomFieldKeys: [] };

describe('pipeline draft', () => {
  it('round-trips a pipeline without the editor bookkeeping', () => {
    const p = { id: 'p1', version: 3, isDefault: true, active: true, ...DEFAULT_PIPELINE };
    const d = draftOf(p);
    expect(d.stages.every((s) => !s.isNew && s.uid)).toBe(true);
    expect(inputOf(d)).toEqual({ name: p.name, allowSkip: p.allowSkip, allowBackward: p.allowBackward, isDefault: true, active: true, stages: p.stages });
    // the draft is a copy: editing it leaves the source alone
    d.stages[0]!.name['zh-CN'] = 'x';
    expect(p.stages[0]!.name['zh-CN']).not.toBe('x');
  });

  it('adds stages after the open ones with a fresh key, and trims names', () => {
    const d = newDraft();
    expect(d.stages.every((s) => s.isNew)).toBe(true);
    const at = insertIndex(d.stages);
    expect(d.stages[at]!.type).not.toBe('open');
    expect(at).toBe(5);
    const s = newStage(d.stages);
    expect(s.key).toBe('stage_8');
    expect(freshKey([{ ...s, key: 'stage_2' }, { ...s, key: 'stage_3' }])).toBe('stage_4');
    d.stages.splice(at, 0, { ...s, name: { 'zh-CN': ' 复核 ', en: ' Review ' } });
    d.name = { 'zh-CN': ' 新流程 ', en: 'New ' };
    const input = inputOf(d);
    expect(input.name).toEqual({ 'zh-CN': '新流程', en: 'New' });
    expect(input.stages[5]).toMatchObject({ key: 'stage_8', name: { 'zh-CN': '复核', en: 'Review' } });
    expect(validatePipeline(input, ctx)).toEqual([]);
  });
});
