import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys, type UserCreateInput } from '../../lib/api';

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UserCreateInput) => api.users.create(input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.users });
      // Member counts on the department tree change too.
      void qc.invalidateQueries({ queryKey: queryKeys.departments });
    },
  });
}
