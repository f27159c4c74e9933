import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskKeys, tasksApi, type TaskPatch } from './tasksApi';

/** Edits or completes a task (optimistic version); refreshes task lists and timelines either way. */
export function useUpdateTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: TaskPatch }) => tasksApi.update(id, patch),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: taskKeys.all });
      void qc.invalidateQueries({ queryKey: ['timeline'] });
    },
  });
}
