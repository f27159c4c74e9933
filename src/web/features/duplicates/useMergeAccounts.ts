import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../lib/api';
import { duplicatesApi, type MergeAccountsInput } from './duplicatesApi';

/** Merges accounts into the kept one; every account query (lists, details, history) is refreshed. */
export function useMergeAccounts() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: MergeAccountsInput) => duplicatesApi.mergeAccounts(input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.accounts });
      // contacts, leads … of the merged accounts now point to the kept one
      void qc.invalidateQueries({ queryKey: ['contacts'] });
      void qc.invalidateQueries({ queryKey: ['leads'] });
      void qc.invalidateQueries({ queryKey: ['duplicates', 'check'] });
    },
  });
}
