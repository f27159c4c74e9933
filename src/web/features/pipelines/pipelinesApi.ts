/** Endpoints of pipeline settings (`/pipelines`), kept beside the feature. */
import type { StageCriterion } from '../../../core/pipelines/criteria';
import type { ForecastCategory, StageDefinition } from '../../../core/pipelines/defaultPipeline';
import { http, type Id } from '../../lib/api';

export type { ForecastCategory, StageCriterion, StageDefinition };

export interface Localized {
  'zh-CN': string;
  en: string;
}

export interface Pipeline {
  id: Id;
  name: Localized;
  allowSkip: boolean;
  allowBackward: boolean;
  isDefault: boolean;
  active: boolean;
  version: number;
  stages: StageDefinition[];
}

export type PipelineInput = Omit<Pipeline, 'id' | 'version'>;

export const pipelinesApi = {
  list: () => http.get<{ items: Pipeline[] }>('/pipelines'),
  create: (input: PipelineInput) => http.post<Pipeline>('/pipelines', input),
  update: (id: Id, input: Partial<PipelineInput> & { version: number }) => http.put<Pipeline>(`/pipelines/${http.enc(id)}`, input),
};

/** Under the `pipelines` prefix the deals board and the timeline also use: saving refreshes them all. */
export const pipelineKeys = {
  all: ['pipelines'] as const,
  settings: ['pipelines', 'settings'] as const,
};
