import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, queryKeys, type UserListParams } from '../../lib/api';

export function useUsers(params: Omit<UserListParams, 'cursor' | 'limit'>) {
  return useInfiniteQuery({
    queryKey: queryKeys.usersList(params),
    queryFn: ({ pageParam }) => api.users.list({ ...params, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
