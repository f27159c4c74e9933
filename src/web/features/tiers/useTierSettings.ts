import { useQuery } from '@tanstack/react-query';
import { tierKeys, tiersApi } from './tiersApi';

/** The organization's tiers (A/B/C…) and tier rules. */
export function useTierSettings(enabled = true) {
  return useQuery({ queryKey: tierKeys.settings, queryFn: tiersApi.get, staleTime: 60_000, enabled });
}
