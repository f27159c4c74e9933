import { useMutation, useQueryClient } from '@tanstack/react-query';
import { tagKeys, tagsApi } from './tagsApi';

/** Rename or recolour a tag (organization-wide; roles.edit). */
export function useUpdateTag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; name?: string; color?: string | null }) => tagsApi.update(id, input),
    // every record showing the tag changes too
    onSuccess: () => void qc.invalidateQueries({ queryKey: tagKeys.all }),
  });
}
