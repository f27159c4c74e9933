import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useAccount(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.account(id ?? ''),
    queryFn: () => api.accounts.get(id as string),
    enabled: Boolean(id),
  });
}
