import { useQuery } from '@tanstack/react-query';
import { duplicateKeys, duplicatesApi } from './duplicatesApi';

/** The organization's duplicate rules. */
export function useDuplicateSettings() {
  return useQuery({ queryKey: duplicateKeys.settings, queryFn: duplicatesApi.getSettings });
}
