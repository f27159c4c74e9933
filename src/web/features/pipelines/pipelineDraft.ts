/** The editor's working copy of a pipeline: stages carry a stable React id and whether their key is still editable. */
import { DEFAULT_PIPELINE } from '../../../core/pipelines/defaultPipeline';
import type { Pipeline, PipelineInput, StageDefinition } from './pipelinesApi';

export interface DraftStage extends StageDefinition {
  uid: string;
  /** added in this editing session: its key may still be chosen */
  isNew: boolean;
}

export interface PipelineDraft extends Omit<PipelineInput, 'stages'> {
  id: string | null;
  version: number;
  stages: DraftStage[];
}

let counter = 0;
const uid = () => `s${++counter}`;

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function draftOf(p: Pipeline): PipelineDraft {
  return { ...clone(p), stages: clone(p.stages).map((s) => ({ ...s, uid: uid(), isNew: false })) };
}

/** A new pipeline starts from the standard stages (keys still editable). */
export function newDraft(): PipelineDraft {
  return {
    id: null,
    version: 0,
    name: { 'zh-CN': '', en: '' },
    allowSkip: DEFAULT_PIPELINE.allowSkip,
    allowBackward: DEFAULT_PIPELINE.allowBackward,
    isDefault: false,
    active: true,
    stages: clone(DEFAULT_PIPELINE.stages).map((s) => ({ ...s, uid: uid(), isNew: true })),
  };
}

/** An unused key `stage_<n>` for an added stage. */
export function freshKey(stages: readonly StageDefinition[]): string {
  const used = new Set(stages.map((s) => s.key));
  for (let n = stages.length + 1; ; n++) if (!used.has(`stage_${n}`)) return `stage_${n}`;
}

export function newStage(stages: readonly StageDefinition[]): DraftStage {
  return {
    key: freshKey(stages),
    name: { 'zh-CN': '', en: '' },
    probability: 0,
    forecastCategory: 'pipeline',
    type: 'open',
    expectedDays: null,
    rottingDays: 7,
    entryCriteria: [],
    exitOutputs: [],
    uid: uid(),
    isNew: true,
  };
}

const trimmed = (l: { 'zh-CN': string; en: string }) => ({ 'zh-CN': l['zh-CN'].trim(), en: l.en.trim() });

/** What is sent to the server. */
export function inputOf(d: PipelineDraft): PipelineInput {
  return {
    name: trimmed(d.name),
    allowSkip: d.allowSkip,
    allowBackward: d.allowBackward,
    isDefault: d.isDefault,
    active: d.active,
    stages: d.stages.map(({ uid: _uid, isNew: _isNew, ...s }) => ({
      ...s,
      key: s.key.trim(),
      name: trimmed(s.name),
      exitOutputs: s.exitOutputs.map(trimmed),
      entryCriteria: s.entryCriteria.map((c) => (c.kind === 'attachment' ? { ...c, label: trimmed(c.label) } : c)),
    })),
  };
}

/** Where a new stage goes: after the last open stage (won and lost stay last). */
export function insertIndex(stages: readonly StageDefinition[]): number {
  let last = -1;
  stages.forEach((s, i) => {
    if (s.type === 'open') last = i;
  });
  return last + 1;
}
