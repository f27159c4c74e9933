import { useMutation, useQueryClient } from '@tanstack/react-query';
import { savedViewKeys, savedViewsApi } from './savedViewsApi';

export function useCreateSavedView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: savedViewsApi.create,
    onSuccess: () => void qc.invalidateQueries({ queryKey: savedViewKeys.all }),
  });
}
