import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

/** First page of users matching `q`, for pickers. */
export function useUserOptions(q: string, enabled = true) {
  const params = { q: q || undefined, limit: 20 };
  return useQuery({
    queryKey: [...queryKeys.usersList(params), 'options'],
    queryFn: () => api.users.list(params),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 60_000,
  });
}
