import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { dealKeys, dealsApi, type DealListParams } from './dealsApi';

export const DEALS_PAGE_SIZE = 50;

/** Cursor-paginated deal list ("load more"); `enabled: false` waits until asked. */
export function useDeals(params: Omit<DealListParams, 'cursor' | 'limit'>, options: { enabled?: boolean; pageSize?: number } = {}) {
  const limit = options.pageSize ?? DEALS_PAGE_SIZE;
  return useInfiniteQuery({
    queryKey: [...dealKeys.list(params), limit],
    queryFn: ({ pageParam }) => dealsApi.list({ ...params, cursor: pageParam, limit }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
