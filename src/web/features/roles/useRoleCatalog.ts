import { useQuery } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useRoleCatalog() {
  return useQuery({ queryKey: queryKeys.roleCatalog, queryFn: api.roles.catalog, staleTime: Infinity });
}
