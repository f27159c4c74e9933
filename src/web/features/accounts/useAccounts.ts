import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, queryKeys, type AccountListParams } from '../../lib/api';

export const ACCOUNTS_PAGE_SIZE = 20;

/** Cursor-paginated account list ("load more"). */
export function useAccounts(params: Omit<AccountListParams, 'cursor' | 'limit'>) {
  return useInfiniteQuery({
    queryKey: queryKeys.accountsList(params),
    queryFn: ({ pageParam }) => api.accounts.list({ ...params, cursor: pageParam, limit: ACCOUNTS_PAGE_SIZE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
