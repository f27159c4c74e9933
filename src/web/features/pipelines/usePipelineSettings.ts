import { useQuery } from '@tanstack/react-query';
import { pipelineKeys, pipelinesApi } from './pipelinesApi';

/** Every pipeline of the organization with its stages, for the settings page. */
export function usePipelineSettings() {
  return useQuery({ queryKey: pipelineKeys.settings, queryFn: async () => (await pipelinesApi.list()).items });
}
