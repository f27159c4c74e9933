import { useMutation, useQueryClient } from '@tanstack/react-query';
import { activitiesApi, activityKeys, type ActivitySettings } from './activitiesApi';

export function useSaveActivitySettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ActivitySettings) => activitiesApi.saveSettings(input),
    onSuccess: (settings) => qc.setQueryData(activityKeys.settings, settings),
    onError: () => void qc.invalidateQueries({ queryKey: activityKeys.settings }),
  });
}
