import { useCallback } from 'react';
import { useMe } from './useMe';

/** `can('accounts', 'create')` — checks the signed-in user's role permissions (UI hint only; the server enforces). */
export function usePermission() {
  const { data: me } = useMe();
  return useCallback(
    (objectKey: string, action: string) => Boolean(me?.user.permissions[objectKey]?.includes(action)),
    [me],
  );
}
