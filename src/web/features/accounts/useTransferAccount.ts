import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../lib/api';
import { applyAccountChange } from './invalidateAccount';

export function useTransferAccount(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { ownerId: string; version: number }) => api.accounts.transfer(id, input),
    onSuccess: (account) => applyAccountChange(qc, account, id),
    onError: (err) => {
      if (isApiError(err, 'VERSION_CONFLICT')) applyAccountChange(qc, null, id);
    },
  });
}
