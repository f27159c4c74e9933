import { useMutation, useQueryClient } from '@tanstack/react-query';
import { collabApi, collabKeys, type CommentInput } from './collabApi';

export function useAddComment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CommentInput) => collabApi.addComment(input),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: collabKeys.comments(c.objectType, c.recordId) });
      void qc.invalidateQueries({ queryKey: ['timeline', c.objectType, c.recordId] });
    },
  });
}
