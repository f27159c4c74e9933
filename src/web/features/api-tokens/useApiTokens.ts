import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useApiTokens() {
  return useQuery({ queryKey: queryKeys.apiTokens, queryFn: api.apiTokens.list, select: (d) => d.items });
}
