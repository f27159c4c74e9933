import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isApiError } from '../../lib/api';
import { leadKeys, leadsApi, type ConvertLeadInput, type Lead, type LeadInput, type LeadListParams, type LeadPatch } from './leadsApi';

export const LEADS_PAGE_SIZE = 20;

export function useLeads(params: Omit<LeadListParams, 'cursor' | 'limit'>) {
  return useInfiniteQuery({
    queryKey: leadKeys.list(params),
    queryFn: ({ pageParam }) => leadsApi.list({ ...params, cursor: pageParam, limit: LEADS_PAGE_SIZE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useLead(id: string | undefined) {
  return useQuery({ queryKey: leadKeys.detail(id ?? ''), queryFn: () => leadsApi.get(id as string), enabled: Boolean(id) });
}

export function useLeadHistory(id: string | undefined) {
  return useQuery({ queryKey: leadKeys.history(id ?? ''), queryFn: () => leadsApi.history(id as string), enabled: Boolean(id) });
}

export function applyLeadChange(qc: QueryClient, lead: Lead | null, id: string) {
  if (lead) qc.setQueryData(leadKeys.detail(id), lead);
  else void qc.invalidateQueries({ queryKey: leadKeys.detail(id) });
  void qc.invalidateQueries({ queryKey: ['leads', 'list'] });
  void qc.invalidateQueries({ queryKey: leadKeys.history(id) });
}

const onConflict = (qc: QueryClient, id: string) => (err: unknown) => {
  if (isApiError(err, 'VERSION_CONFLICT') || isApiError(err, 'LEAD_CONVERTED')) applyLeadChange(qc, null, id);
};

export function useCreateLead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (input: LeadInput) => leadsApi.create(input), onSuccess: (lead) => applyLeadChange(qc, lead, lead.id) });
}

export function useUpdateLead(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (patch: LeadPatch) => leadsApi.update(id, patch), onSuccess: (lead) => applyLeadChange(qc, lead, id), onError: onConflict(qc, id) });
}

export function useDeleteLead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => leadsApi.remove(id), onSuccess: (_d, id) => applyLeadChange(qc, null, id) });
}

export function useRestoreLead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => leadsApi.restore(id), onSuccess: (lead, id) => applyLeadChange(qc, lead, id) });
}

export function useTransferLead(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { ownerId: string; version: number }) => leadsApi.transfer(id, input),
    onSuccess: (lead) => applyLeadChange(qc, lead, id),
    onError: onConflict(qc, id),
  });
}

export function useConvertLead(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ConvertLeadInput) => leadsApi.convert(id, input),
    onSuccess: (result) => {
      applyLeadChange(qc, result.lead, id);
      void qc.invalidateQueries({ queryKey: ['accounts', 'list'] });
      void qc.invalidateQueries({ queryKey: ['contacts', 'list'] });
    },
    onError: onConflict(qc, id),
  });
}
