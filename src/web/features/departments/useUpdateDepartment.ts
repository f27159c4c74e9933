import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useUpdateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      patch,
    }: {
      id: string;
      patch: { name?: string; parentId?: string | null; managerId?: string | null; version: number };
    }) => api.departments.update(id, patch),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.departments });
      // Department names appear on users and accounts.
      void qc.invalidateQueries({ queryKey: queryKeys.users });
    },
  });
}
