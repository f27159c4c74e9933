import { describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE } from '../../../core/pipelines/defaultPipeline';
import { amountInputText, clientUnmet, criterionKey, formatAmount, gateChanges, parseAmountInput, toUnmetDetail, weighted } from './dealHelpers';
import type { Deal, PipelineDto } from './dealsApi';

const pipeline: PipelineDto = { id: 'p1', isDefault: true, active: true, version: 1, ...DEFAULT_PIPELINE };

const deal = (over: Partial<Deal> = {}): Deal => ({
  id: 'd1',
  name: 'Deal',
  accountId: 'a1',
  accountName: 'Acme',
  ownerId: 'u1',
  ownerName: 'Wang',
  pipelineId: 'p1',
  stageKey: 'needs_confirmed',
  status: 'open',
  amount: null,
  currency: 'CNY',
  expectedCloseDate: null,
  lastUpdateAt: '2026-01-01T00:00:00.000Z',
  rotting: false,
  idleDays: 0,
  version: 1,
  contactIds: [],
  product: null,
  source: null,
  description: null,
  customFields: {},
  effectiveFollowUps: 2,
  attachmentKinds: [],
  ...over,
});

describe('deal money in the web', () => {
  it('shows minor units with the currency and zh-CN grouping', () => {
    expect(formatAmount(123456789, 'CNY')).toBe('¥1,234,567.89');
    expect(formatAmount(null)).toBe('—');
  });
  it('reads typed yuan as fen exactly, and refuses what is not an amount', () => {
    expect(parseAmountInput('1,932.5')).toBe(193250);
    expect(parseAmountInput('0.1')).toBe(10);
    expect(parseAmountInput('')).toBeNull();
    expect(parseAmountInput('1.234')).toBeUndefined();
    expect(parseAmountInput('abc')).toBeUndefined();
    expect(amountInputText(193250)).toBe('1932.50');
  });
  it('weights in integer math', () => {
    expect(weighted(1001, 25)).toBe(250);
    expect(weighted(null, 50)).toBe(0);
  });
});

describe('stage gate form', () => {
  it('turns the typed values into one PATCH body (amount in fen, custom fields nested, blanks dropped)', () => {
    expect(gateChanges({ amount: '12,000', expectedCloseDate: '2026-03-31', 'cf.budget': 'yes', product: '  ' })).toEqual({
      amount: 1200000,
      expectedCloseDate: '2026-03-31',
      customFields: { budget: 'yes' },
    });
  });

  it('types custom fields by their definition (money typed in yuan is sent in fen)', () => {
    const defs = [{ key: 'budget', type: 'money' as const, options: {}, validation: {} }];
    expect(gateChanges({ 'cf.budget': '1,500' }, defs, 'en')).toEqual({ customFields: { budget: 150000 } });
    expect(gateChanges({ 'cf.budget': 'lots' }, defs, 'en')).toEqual({});
  });

  it('re-evaluates with the shared core: what is still missing after the form and uploads', () => {
    const d = deal();
    const before = clientUnmet(pipeline, d, 'solution_demo', {});
    expect(before?.map((u) => criterionKey(toUnmetDetail(u, 'en')))).toEqual(['required_field:amount', 'attachment:requirements']);
    expect(clientUnmet(pipeline, d, 'solution_demo', gateChanges({ amount: '100' }))?.map((u) => u.criterion.kind)).toEqual(['attachment']);
    expect(clientUnmet(pipeline, d, 'solution_demo', gateChanges({ amount: '100' }), ['requirements'])).toEqual([]);
  });

  it('counts missing follow-ups and leaves non-criteria refusals to the server', () => {
    const u = clientUnmet(pipeline, deal({ stageKey: 'initial_contact', effectiveFollowUps: 1 }), 'needs_confirmed', {});
    expect(u?.map((x) => toUnmetDetail(x, 'en'))).toMatchObject([{ kind: 'min_effective_followups', missing: 1 }]);
    // skipping stages is refused by the pipeline setting, not by criteria
    expect(clientUnmet(pipeline, deal({ stageKey: 'initial_contact' }), 'negotiation', {})).toBeNull();
  });
});
