import { useMutation, useQueryClient } from '@tanstack/react-query';
import { dealsApi, type DealInput } from './dealsApi';
import { applyDealChange } from './invalidateDeals';

export function useCreateDeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DealInput) => dealsApi.create(input),
    onSuccess: (deal) => applyDealChange(qc, deal),
  });
}
