import { useQuery } from '@tanstack/react-query';
import { dealKeys, dealsApi } from './dealsApi';

export function useAttachments(objectType: string, recordId: string | undefined) {
  return useQuery({
    queryKey: dealKeys.attachments(objectType, recordId ?? ''),
    queryFn: async () => (await dealsApi.attachments(objectType, recordId as string)).items,
    enabled: Boolean(recordId),
  });
}
