import { useQuery } from '@tanstack/react-query';
import { http } from '../../lib/api';
import type { StageDefinition } from '../../../core/pipelines/defaultPipeline';

type StageNames = Record<string, Record<string, StageDefinition['name']>>;

/** Names of every pipeline's stages (pipeline id, stage key), to describe stage moves. */
export function useStageNames(enabled: boolean) {
  return useQuery({
    queryKey: ['pipelines', 'stage-names'],
    queryFn: async (): Promise<StageNames> => {
      const { items } = await http.get<{ items: { id: string; stages: StageDefinition[] }[] }>('/pipelines');
      return Object.fromEntries(items.map((p) => [p.id, Object.fromEntries(p.stages.map((s) => [s.key, s.name]))]));
    },
    staleTime: 5 * 60_000,
    enabled,
  });
}
