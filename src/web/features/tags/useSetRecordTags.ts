import { useMutation, useQueryClient } from '@tanstack/react-query';
import { tagKeys, tagsApi, type TaggableObjectType } from './tagsApi';

/** Replaces the tags of a record; refreshes its tags, tag usage, filtered lists and its history. */
export function useSetRecordTags(objectType: TaggableObjectType, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tagIds: string[]) => tagsApi.setRecordTags(objectType, id, tagIds),
    onSuccess: (res) => {
      qc.setQueryData(tagKeys.record(objectType, id), res.items);
      void qc.invalidateQueries({ queryKey: tagKeys.list });
      void qc.invalidateQueries({ queryKey: [objectType, 'list'] });
      void qc.invalidateQueries({ queryKey: [objectType, 'history', id] });
    },
  });
}
