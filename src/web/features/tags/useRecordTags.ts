import { useQuery } from '@tanstack/react-query';
import { tagKeys, tagsApi, type TaggableObjectType } from './tagsApi';

/** The tags of one record. */
export function useRecordTags(objectType: TaggableObjectType, id: string, enabled = true) {
  return useQuery({
    queryKey: tagKeys.record(objectType, id),
    queryFn: async () => (await tagsApi.recordTags(objectType, id)).items,
    staleTime: 60_000,
    enabled: enabled && Boolean(id),
  });
}
