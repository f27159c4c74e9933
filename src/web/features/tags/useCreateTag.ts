import { useMutation, useQueryClient } from '@tanstack/react-query';
import { tagKeys, tagsApi } from './tagsApi';

export function useCreateTag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; color?: string | null }) => tagsApi.create(input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: tagKeys.list }),
  });
}
