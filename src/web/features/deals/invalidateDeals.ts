import type { QueryClient } from '@tanstack/react-query';
import { dealKeys, type Deal } from './dealsApi';

/** After any deal write: store the fresh record and refresh the boards, lists, timelines and account cards. */
export function applyDealChange(qc: QueryClient, deal: Deal | null, id?: string) {
  if (deal) qc.setQueryData(dealKeys.detail(deal.id), (old: Deal | undefined) => ({ ...old, ...deal }));
  if (id || deal) void qc.invalidateQueries({ queryKey: dealKeys.detail(id ?? deal!.id) });
  void qc.invalidateQueries({ queryKey: ['deals', 'board'] });
  void qc.invalidateQueries({ queryKey: ['deals', 'list'] });
  void qc.invalidateQueries({ queryKey: ['timeline'] });
}
