import { useQuery } from '@tanstack/react-query';
import { api, isApiError, queryKeys, setCsrfToken, type Me } from '../../lib/api';

/** The signed-in user, or `null` when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.auth.me();
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (isApiError(err) && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 5 * 60_000 });
}
