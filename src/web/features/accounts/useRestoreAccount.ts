import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { applyAccountChange } from './invalidateAccount';

export function useRestoreAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.accounts.restore(id),
    onSuccess: (account, id) => applyAccountChange(qc, account, id),
  });
}
