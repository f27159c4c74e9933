import { useMutation, useQueryClient } from '@tanstack/react-query';
import { savedViewKeys, savedViewsApi } from './savedViewsApi';

export function useDeleteSavedView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => savedViewsApi.remove(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: savedViewKeys.all }),
  });
}
