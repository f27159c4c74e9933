import { useQuery } from '@tanstack/react-query';
import { activitiesApi, activityKeys } from './activitiesApi';

/** The organization's follow-up types and effective-follow-up rule. */
export function useActivitySettings(enabled = true) {
  return useQuery({ queryKey: activityKeys.settings, queryFn: activitiesApi.settings, staleTime: 5 * 60_000, enabled });
}
