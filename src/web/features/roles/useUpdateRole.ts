import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys, type RoleInput } from '../../lib/api';

export function useUpdateRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<RoleInput> & { version: number } }) => api.roles.update(id, patch),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.roles, exact: true });
      // Role names show on users, and the signed-in user's own permissions may have changed.
      void qc.invalidateQueries({ queryKey: queryKeys.users });
      void qc.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
}
