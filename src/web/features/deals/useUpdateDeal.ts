import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../lib/api';
import { dealsApi, type DealPatch } from './dealsApi';
import { applyDealChange } from './invalidateDeals';

/** PATCH a deal (fields and/or a stage move); a stale version reloads it. */
export function useUpdateDeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: DealPatch }) => dealsApi.update(id, patch),
    onSuccess: (deal, { id }) => applyDealChange(qc, deal, id),
    onError: (err, { id }) => {
      if (isApiError(err, 'VERSION_CONFLICT')) applyDealChange(qc, null, id);
    },
  });
}
