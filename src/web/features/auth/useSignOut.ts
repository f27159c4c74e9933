import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, queryKeys, setCsrfToken } from '../../lib/api';

let deliberateSignOut = false;

/** True after the user signed out on purpose (the guard then doesn't add a `next` redirect). */
export function signedOutDeliberately(): boolean {
  return deliberateSignOut;
}

/** Called on every new session. */
export function resetDeliberateSignOut(): void {
  deliberateSignOut = false;
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.auth.signOut(),
    onSettled: () => {
      deliberateSignOut = true;
      setCsrfToken(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'setup' && q.queryKey[0] !== 'me' });
      qc.setQueryData(queryKeys.me, null);
    },
  });
}
