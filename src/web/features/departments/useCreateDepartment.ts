import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useCreateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; parentId?: string | null; managerId?: string | null }) =>
      api.departments.create(input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.departments }),
  });
}
