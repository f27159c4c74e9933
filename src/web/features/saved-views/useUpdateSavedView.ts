import { useMutation, useQueryClient } from '@tanstack/react-query';
import { savedViewKeys, savedViewsApi, type SavedViewContent } from './savedViewsApi';

/** Changes one of my views (name, content, shared); a version conflict reloads the list. */
export function useUpdateSavedView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: Partial<SavedViewContent> & { id: string; name?: string; shared?: boolean; version: number }) => savedViewsApi.update(id, input),
    onSettled: () => void qc.invalidateQueries({ queryKey: savedViewKeys.all }),
  });
}
