import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useAccountHistory(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.accountHistory(id ?? ''),
    queryFn: () => api.accounts.history(id as string),
    enabled: Boolean(id),
  });
}
