import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scopes: string[]; expiresInDays?: number }) => api.apiTokens.create(input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.apiTokens }),
  });
}
