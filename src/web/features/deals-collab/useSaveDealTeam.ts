import { useMutation, useQueryClient } from '@tanstack/react-query';
import { collabApi, collabKeys, type TeamMember } from './collabApi';

/** Replaces the deal team; refreshes the deal (its `team`) and its timeline. */
export function useSaveDealTeam(dealId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (members: Omit<TeamMember, 'userName'>[]) => collabApi.saveTeam(dealId, members),
    onSuccess: (team) => {
      qc.setQueryData(collabKeys.team(dealId), team);
      void qc.invalidateQueries({ queryKey: ['deals', 'detail', dealId] });
      void qc.invalidateQueries({ queryKey: ['timeline', 'deals', dealId] });
    },
  });
}
