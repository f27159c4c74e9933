import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useSetupStatus() {
  return useQuery({ queryKey: queryKeys.setup, queryFn: api.setup.status, staleTime: Infinity });
}
