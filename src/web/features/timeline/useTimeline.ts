import { useInfiniteQuery } from '@tanstack/react-query';
import { timelineApi, timelineKeys, type TimelineObjectType } from './timelineApi';

/** A record's timeline, newest first, page by page. */
export function useTimeline(objectType: TimelineObjectType, recordId: string) {
  return useInfiniteQuery({
    queryKey: timelineKeys.record(objectType, recordId),
    queryFn: ({ pageParam }) => timelineApi.list(objectType, recordId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(recordId),
  });
}
