import { useQuery } from '@tanstack/react-query';
import { tagKeys, tagsApi } from './tagsApi';

/** All tags of the organization (with usage counts), by name. */
export function useTags(enabled = true) {
  return useQuery({ queryKey: tagKeys.list, queryFn: async () => (await tagsApi.list()).items, staleTime: 60_000, enabled });
}
