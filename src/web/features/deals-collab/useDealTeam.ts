import { useQuery } from '@tanstack/react-query';
import { collabApi, collabKeys } from './collabApi';

export function useDealTeam(dealId: string) {
  return useQuery({ queryKey: collabKeys.team(dealId), queryFn: () => collabApi.team(dealId), enabled: Boolean(dealId) });
}
