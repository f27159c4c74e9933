import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dealKeys, dealsApi, type DealFilters } from './dealsApi';

/** The kanban: one column per stage with totals over every matching deal and the most idle cards first. */
export function useDealBoard(filters: DealFilters) {
  return useQuery({
    queryKey: dealKeys.board(filters),
    queryFn: () => dealsApi.board(filters),
    placeholderData: keepPreviousData,
  });
}
