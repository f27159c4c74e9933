import { useMutation, useQueryClient } from '@tanstack/react-query';
import { dealsApi, type DealChanges } from './dealsApi';
import { applyDealChange } from './invalidateDeals';

/** Bulk edit: one result per deal (the same stage gate applies to each). */
export function useBulkUpdateDeals() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, set }: { ids: string[]; set: DealChanges }) => dealsApi.bulk(ids, set),
    onSettled: () => {
      applyDealChange(qc, null);
      void qc.invalidateQueries({ queryKey: ['deals', 'detail'] });
    },
  });
}
