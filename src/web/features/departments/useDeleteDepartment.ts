import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys } from '../../lib/api';

export function useDeleteDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.departments.remove(id),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.departments }),
  });
}
