import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, queryKeys, type AccountPatch } from '../../lib/api';
import { applyAccountChange } from './invalidateAccount';

export function useUpdateAccount(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: AccountPatch) => api.accounts.update(id, patch),
    onSuccess: (account) => applyAccountChange(qc, account, id),
    onError: (err) => {
      // Stale version: reload the record so the user sees what changed.
      if (isApiError(err, 'VERSION_CONFLICT')) applyAccountChange(qc, null, id);
      else void qc.invalidateQueries({ queryKey: queryKeys.account(id) });
    },
  });
}
