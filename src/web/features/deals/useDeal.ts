import { useQuery } from '@tanstack/react-query';
import { dealKeys, dealsApi } from './dealsApi';

/** One deal with its stage history, effective follow-ups, attachment kinds and team. */
export function useDeal(id: string | undefined) {
  return useQuery({
    queryKey: dealKeys.detail(id ?? ''),
    queryFn: () => dealsApi.get(id as string),
    enabled: Boolean(id),
  });
}
