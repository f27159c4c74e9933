/**
 * The default pipeline of a new organization (PRODUCT.md 4.3): 初步接触 → 需求确认 → 方案演示 → 报价谈判 →
 * 合同签署 → 赢单 / 输单, with the criteria the product names — effective follow-ups before 需求确认, budget and a
 * requirements list before 方案演示, a quote before 报价谈判. Admins change all of it in the UI.
 */
import type { Localized } from '../imports/rows.js';
import type { StageCriterion, StageType } from './criteria.js';

export type ForecastCategory = 'pipeline' | 'best_case' | 'commit' | 'closed' | 'omitted';

export interface StageDefinition {
  key: string;
  name: Localized;
  /** win probability, whole percent */
  probability: number;
  forecastCategory: ForecastCategory;
  type: StageType;
  expectedDays: number | null;
  /** a deal without an update for longer is rotting (PRODUCT.md 4.3; default 7) */
  rottingDays: number | null;
  entryCriteria: StageCriterion[];
  /** what leaving the stage should have produced (shown to the rep; not enforced) */
  exitOutputs: Localized[];
}

export const ATTACHMENT_KINDS = {
  requirements: { 'zh-CN': '需求清单', en: 'requirements list' },
  quote: { 'zh-CN': '报价单', en: 'quote' },
  contract: { 'zh-CN': '合同', en: 'contract' },
} as const satisfies Record<string, Localized>;

const stage = (s: Omit<StageDefinition, 'exitOutputs'> & { exitOutputs?: Localized[] }): StageDefinition => ({ exitOutputs: [], ...s });

export const DEFAULT_PIPELINE: { name: Localized; allowSkip: boolean; allowBackward: boolean; stages: StageDefinition[] } = {
  name: { 'zh-CN': '标准销售流程', en: 'Standard sales process' },
  allowSkip: false,
  allowBackward: true,
  stages: [
    stage({ key: 'initial_contact', name: { 'zh-CN': '初步接触', en: 'Initial contact' }, probability: 10, forecastCategory: 'pipeline', type: 'open', expectedDays: 14, rottingDays: 7, entryCriteria: [] }),
    stage({
      key: 'needs_confirmed',
      name: { 'zh-CN': '需求确认', en: 'Needs confirmed' },
      probability: 25,
      forecastCategory: 'pipeline',
      type: 'open',
      expectedDays: 14,
      rottingDays: 7,
      entryCriteria: [{ kind: 'min_effective_followups', count: 2 }],
      exitOutputs: [{ 'zh-CN': '需求清单', en: 'Requirements list' }],
    }),
    stage({
      key: 'solution_demo',
      name: { 'zh-CN': '方案演示', en: 'Solution demo' },
      probability: 50,
      forecastCategory: 'best_case',
      type: 'open',
      expectedDays: 21,
      rottingDays: 7,
      entryCriteria: [
        { kind: 'required_field', field: 'amount' },
        { kind: 'attachment', attachmentKind: 'requirements', label: ATTACHMENT_KINDS.requirements },
      ],
    }),
    stage({
      key: 'negotiation',
      name: { 'zh-CN': '报价谈判', en: 'Quote & negotiation' },
      probability: 70,
      forecastCategory: 'commit',
      type: 'open',
      expectedDays: 21,
      rottingDays: 7,
      entryCriteria: [
        { kind: 'required_field', field: 'expectedCloseDate' },
        { kind: 'attachment', attachmentKind: 'quote', label: ATTACHMENT_KINDS.quote },
      ],
    }),
    stage({ key: 'contract', name: { 'zh-CN': '合同签署', en: 'Contract' }, probability: 90, forecastCategory: 'commit', type: 'open', expectedDays: 14, rottingDays: 7, entryCriteria: [] }),
    stage({
      key: 'won',
      name: { 'zh-CN': '赢单', en: 'Won' },
      probability: 100,
      forecastCategory: 'closed',
      type: 'won',
      expectedDays: null,
      rottingDays: null,
      entryCriteria: [{ kind: 'attachment', attachmentKind: 'contract', label: ATTACHMENT_KINDS.contract }],
    }),
    stage({ key: 'lost', name: { 'zh-CN': '输单', en: 'Lost' }, probability: 0, forecastCategory: 'omitted', type: 'lost', expectedDays: null, rottingDays: null, entryCriteria: [] }),
  ],
};
