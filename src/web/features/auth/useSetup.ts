import { useMutation, useQueryClient } from '@tanstack/react-query';
import { resetDeliberateSignOut } from './useSignOut';
import { api, queryKeys, setCsrfToken, type SetupInput } from '../../lib/api';

export function useSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SetupInput) => api.setup.run(input),
    onSuccess: (result) => {
      resetDeliberateSignOut();
      setCsrfToken(result.csrfToken);
      const { demoCredentials: _omit, ...me } = result;
      qc.setQueryData(queryKeys.me, me);
      qc.setQueryData(queryKeys.setup, { needsSetup: false });
    },
  });
}
