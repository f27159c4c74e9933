import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../lib/api';
import { applyAccountChange } from '../accounts/invalidateAccount';
import { tiersApi } from './tiersApi';

/** Sets a manual tier on an account; `tier: null` hands it back to the tier rules. */
export function useSetAccountTier(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ tier, version }: { tier: string | null; version: number }) => tiersApi.setAccountTier(id, tier, version),
    onSuccess: (account) => applyAccountChange(qc, account, id),
    onError: (err) => {
      if (isApiError(err, 'VERSION_CONFLICT')) applyAccountChange(qc, null, id);
    },
  });
}
