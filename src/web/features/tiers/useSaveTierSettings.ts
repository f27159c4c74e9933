import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../lib/api';
import { tierKeys, tiersApi, type TierDefinition, type TierRule } from './tiersApi';

/** Saves tiers and rules (optimistic concurrency on `version`; a conflict reloads the settings). */
export function useSaveTierSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { tiers: TierDefinition[]; rules: TierRule[]; version: number }) => tiersApi.put(input),
    onSuccess: (saved) => qc.setQueryData(tierKeys.settings, saved),
    onError: (err) => {
      if (isApiError(err, 'VERSION_CONFLICT')) void qc.invalidateQueries({ queryKey: tierKeys.settings });
    },
  });
}
