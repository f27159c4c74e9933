import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskKeys, tasksApi, type TaskInput } from './tasksApi';

export function useCreateTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TaskInput) => tasksApi.create(input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: taskKeys.all });
      void qc.invalidateQueries({ queryKey: ['timeline'] });
    },
  });
}
