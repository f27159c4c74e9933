import type { QueryClient } from '@tanstack/react-query';
import { queryKeys, type Account } from '../../lib/api';

/** After any account write: store the fresh record, refresh lists and its history. */
export function applyAccountChange(qc: QueryClient, account: Account | null, id: string) {
  if (account) qc.setQueryData(queryKeys.account(id), account);
  else void qc.invalidateQueries({ queryKey: queryKeys.account(id) });
  void qc.invalidateQueries({ queryKey: ['accounts', 'list'] });
  void qc.invalidateQueries({ queryKey: queryKeys.accountHistory(id) });
}
