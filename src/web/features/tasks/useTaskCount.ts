import { useQuery } from '@tanstack/react-query';
import { COUNT_LIMIT, taskKeys, tasksApi, type TaskView } from './tasksApi';

/** How many tasks a view holds (up to COUNT_LIMIT; `more` when there are further ones). */
export function useTaskCount(view: TaskView, assignee: string, enabled = true) {
  return useQuery({
    queryKey: taskKeys.count(view, assignee),
    queryFn: async () => {
      const page = await tasksApi.list({ view, assignee, limit: COUNT_LIMIT });
      return { count: page.items.length, more: page.nextCursor !== null };
    },
    staleTime: 60_000,
    enabled,
  });
}
