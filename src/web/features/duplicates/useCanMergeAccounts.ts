import { usePermission } from '../auth/usePermission';

/** Merging keeps one account and deletes the others: it needs accounts.edit and accounts.delete (UI hint; the server enforces). */
export function useCanMergeAccounts(): boolean {
  const can = usePermission();
  return can('accounts', 'edit') && can('accounts', 'delete');
}
