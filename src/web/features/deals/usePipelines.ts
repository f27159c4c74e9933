import { useQuery } from '@tanstack/react-query';
import { dealKeys, dealsApi } from './dealsApi';

/** The organization's pipelines (the server creates the default one on first read). */
export function usePipelines() {
  return useQuery({
    queryKey: dealKeys.pipelines,
    queryFn: async () => (await dealsApi.pipelines()).items,
    staleTime: 60_000,
  });
}
