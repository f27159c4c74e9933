import { useQuery } from '@tanstack/react-query';
import { savedViewKeys, savedViewsApi, type ViewObjectType } from './savedViewsApi';

/** My saved views of a list, then the ones others shared. */
export function useSavedViews(objectType: ViewObjectType) {
  return useQuery({ queryKey: savedViewKeys.list(objectType), queryFn: async () => (await savedViewsApi.list(objectType)).items, staleTime: 60_000 });
}
