import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: queryKeys.roles,
    queryFn: api.roles.list,
    select: (data) => data.items,
    staleTime: 60_000,
    enabled,
  });
}
