import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../lib/api';
import { tiersApi } from './tiersApi';

/** Recomputes the rule tier of every account whose tier is not manual. */
export function useApplyTiers() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => tiersApi.apply(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.accounts }),
  });
}
