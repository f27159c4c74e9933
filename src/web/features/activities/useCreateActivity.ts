import { useMutation, useQueryClient } from '@tanstack/react-query';
import { activitiesApi, type ActivityInput } from './activitiesApi';

/** Logs a follow-up; refreshes everything it changes (deal, account, timelines, tasks, pools). */
export function useCreateActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ActivityInput) => activitiesApi.create(input),
    onSuccess: (activity) => {
      for (const key of [['activities'], ['timeline'], ['tasks'], ['deals'], ['pools']]) void qc.invalidateQueries({ queryKey: key });
      if (activity.accountId) {
        void qc.invalidateQueries({ queryKey: ['accounts', 'detail', activity.accountId] });
        void qc.invalidateQueries({ queryKey: ['accounts', 'list'] });
      }
    },
  });
}
