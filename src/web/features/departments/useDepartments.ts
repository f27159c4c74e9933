import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: queryKeys.departments,
    queryFn: api.departments.list,
    select: (data) => data.items,
    staleTime: 60_000,
    enabled,
  });
}
