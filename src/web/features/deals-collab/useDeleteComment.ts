import { useMutation, useQueryClient } from '@tanstack/react-query';
import { collabApi, collabKeys } from './collabApi';

export function useDeleteComment(objectType: 'deals' | 'accounts', recordId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => collabApi.removeComment(id),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: collabKeys.comments(objectType, recordId) });
      void qc.invalidateQueries({ queryKey: ['timeline', objectType, recordId] });
    },
  });
}
