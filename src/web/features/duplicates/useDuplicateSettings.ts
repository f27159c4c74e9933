import { useQuery } from '@tanstack/react-query';
import { duplicateKeys, duplicatesApi } from './duplicatesApi';

/** The organization's duplicate rules (查重规则). */
export function useDuplicateSettings() {
  return useQuery({ queryKey: duplicateKeys.settings, queryFn: duplicatesApi.getSettings });
}
