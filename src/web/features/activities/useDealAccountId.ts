import { useQuery } from '@tanstack/react-query';
import { http } from '../../lib/api';

/** The account of a deal (for the quick-log's contact picker), when only the deal is known. */
export function useDealAccountId(dealId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['deals', 'quicklog-account', dealId ?? ''],
    queryFn: async () => (await http.get<{ accountId: string | null }>(`/deals/${http.enc(dealId as string)}`)).accountId ?? null,
    enabled: enabled && Boolean(dealId),
    staleTime: 60_000,
  });
}
