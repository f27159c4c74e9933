import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../lib/api';
import { duplicateKeys, duplicatesApi, type DuplicateRules } from './duplicatesApi';

/** Saves the duplicate rules against the version that was read (409 VERSION_CONFLICT reloads them). */
export function useUpdateDuplicateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DuplicateRules & { version: number }) => duplicatesApi.putSettings(input),
    onSuccess: (saved) => {
      qc.setQueryData(duplicateKeys.settings, saved);
      // live checks answered under the old rules
      qc.removeQueries({ queryKey: ['duplicates', 'check'] });
    },
    onError: (err) => {
      if (isApiError(err, 'VERSION_CONFLICT')) void qc.invalidateQueries({ queryKey: duplicateKeys.settings });
    },
  });
}
