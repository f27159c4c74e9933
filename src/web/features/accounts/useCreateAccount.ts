import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys, type AccountInput } from '../../lib/api';

export function useCreateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AccountInput) => api.accounts.create(input),
    onSuccess: (account) => {
      qc.setQueryData(queryKeys.account(account.id), account);
      void qc.invalidateQueries({ queryKey: ['accounts', 'list'] });
    },
  });
}
