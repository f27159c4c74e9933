import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys, type UserPatchInput } from '../../lib/api';

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UserPatchInput }) => api.users.update(id, patch),
    onSuccess: (user) => {
      qc.setQueryData(queryKeys.user(user.id), user);
      void qc.invalidateQueries({ queryKey: queryKeys.users });
      void qc.invalidateQueries({ queryKey: queryKeys.departments });
      void qc.invalidateQueries({ queryKey: queryKeys.me });
    },
    onError: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.users });
    },
  });
}
