import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Id } from '../../lib/api';
import { pipelineKeys, pipelinesApi, type PipelineInput } from './pipelinesApi';

/** Creates (no id) or changes (id + version) a pipeline; everything reading pipelines is refreshed. */
export function useSavePipeline() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: Id | null; version: number; pipeline: PipelineInput }) =>
      input.id ? pipelinesApi.update(input.id, { ...input.pipeline, version: input.version }) : pipelinesApi.create(input.pipeline),
    onSettled: () => qc.invalidateQueries({ queryKey: pipelineKeys.all }),
  });
}
