import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { applyAccountChange } from './invalidateAccount';

export function useDeleteAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.accounts.remove(id),
    onSuccess: (_data, id) => applyAccountChange(qc, null, id),
  });
}
