import { useInfiniteQuery } from '@tanstack/react-query';
import { collabApi, collabKeys } from './collabApi';

/** Comments on a record, newest first, page by page. */
export function useComments(objectType: 'deals' | 'accounts', recordId: string) {
  return useInfiniteQuery({
    queryKey: collabKeys.comments(objectType, recordId),
    queryFn: ({ pageParam }) => collabApi.comments(objectType, recordId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(recordId),
  });
}
