import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Sets (or, given no value, removes) one search parameter of the current URL in place — list pages keep their
 * filters in the URL so that a reload, a shared link or a saved view shows the same list.
 */
export function useSetSearchParam(): (key: string, value: string | undefined) => void {
  const [, setParams] = useSearchParams();
  return useCallback(
    (key: string, value: string | undefined) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
}
