import { useMutation, useQueryClient } from '@tanstack/react-query';
import { resetDeliberateSignOut } from './useSignOut';
import { api, queryKeys, setCsrfToken } from '../../lib/api';

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { identifier: string; password: string }) => api.auth.signIn(input),
    onSuccess: (me) => {
      resetDeliberateSignOut();
      setCsrfToken(me.csrfToken);
      // Start from a clean cache so nothing from a previous session leaks into this one.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'setup' });
      qc.setQueryData(queryKeys.me, me);
    },
  });
}
