import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys, type RoleInput } from '../../lib/api';

export function useCreateRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RoleInput) => api.roles.create(input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.roles, exact: true }),
  });
}
