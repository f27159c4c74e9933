import { useMutation, useQueryClient } from '@tanstack/react-query';
import { dealKeys, dealsApi } from './dealsApi';
import { applyDealChange } from './invalidateDeals';

export function useDeleteAttachment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; objectType: string; recordId: string }) => dealsApi.removeAttachment(input.id),
    onSuccess: (_r, input) => {
      void qc.invalidateQueries({ queryKey: dealKeys.attachments(input.objectType, input.recordId) });
      if (input.objectType === 'deals') applyDealChange(qc, null, input.recordId);
    },
  });
}
