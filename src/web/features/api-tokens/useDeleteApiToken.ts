import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useDeleteApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.apiTokens.remove(id),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.apiTokens }),
  });
}
