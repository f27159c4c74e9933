import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../lib/api';
import { tagKeys, tagsApi } from './tagsApi';

/** Delete a tag everywhere (roles.edit). */
export function useDeleteTag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => tagsApi.remove(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tagKeys.all });
      void qc.invalidateQueries({ queryKey: queryKeys.accounts });
    },
  });
}
