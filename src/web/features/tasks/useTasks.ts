import { useInfiniteQuery } from '@tanstack/react-query';
import { taskKeys, tasksApi, type TaskView } from './tasksApi';

/** One view of an assignee's tasks, page by page. */
export function useTasks(view: TaskView, assignee: string) {
  return useInfiniteQuery({
    queryKey: taskKeys.list(view, assignee),
    queryFn: ({ pageParam }) => tasksApi.list({ view, assignee, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
