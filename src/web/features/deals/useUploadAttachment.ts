import { useMutation, useQueryClient } from '@tanstack/react-query';
import { dealKeys, dealsApi } from './dealsApi';
import { applyDealChange } from './invalidateDeals';

/** Upload a file of a kind to a record; a deal's attachment counts as an update and can meet a criterion. */
export function useUploadAttachment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { objectType: string; recordId: string; kind: string; file: File }) => dealsApi.upload(input),
    onSuccess: (_a, input) => {
      void qc.invalidateQueries({ queryKey: dealKeys.attachments(input.objectType, input.recordId) });
      if (input.objectType === 'deals') applyDealChange(qc, null, input.recordId);
    },
  });
}
