import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isApiError } from '../../lib/api';
import { contactKeys, contactsApi, type Contact, type ContactInput, type ContactListParams, type ContactPatch } from './contactsApi';

export const CONTACTS_PAGE_SIZE = 20;

/** Cursor-paginated contact list ("load more"); with accountId, the contacts of that account. */
export function useContacts(params: Omit<ContactListParams, 'cursor' | 'limit'>) {
  return useInfiniteQuery({
    queryKey: params.accountId ? contactKeys.ofAccount(params.accountId, params) : contactKeys.list(params),
    queryFn: ({ pageParam }) => {
      const { accountId, ...rest } = params;
      const page = { ...rest, cursor: pageParam, limit: CONTACTS_PAGE_SIZE };
      return accountId ? contactsApi.listForAccount(accountId, page) : contactsApi.list(page);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: string | undefined) {
  return useQuery({ queryKey: contactKeys.detail(id ?? ''), queryFn: () => contactsApi.get(id as string), enabled: Boolean(id) });
}

export function useContactHistory(id: string | undefined) {
  return useQuery({ queryKey: contactKeys.history(id ?? ''), queryFn: () => contactsApi.history(id as string), enabled: Boolean(id) });
}

/** After any contact write: store the fresh record, refresh lists (incl. account cards) and its history. */
export function applyContactChange(qc: QueryClient, contact: Contact | null, id: string) {
  if (contact) qc.setQueryData(contactKeys.detail(id), contact);
  else void qc.invalidateQueries({ queryKey: contactKeys.detail(id) });
  void qc.invalidateQueries({ queryKey: ['contacts', 'list'] });
  void qc.invalidateQueries({ queryKey: contactKeys.history(id) });
}

export function useCreateContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ContactInput) => contactsApi.create(input),
    onSuccess: (contact) => applyContactChange(qc, contact, contact.id),
  });
}

export function useUpdateContact(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: ContactPatch) => contactsApi.update(id, patch),
    onSuccess: (contact) => applyContactChange(qc, contact, id),
    onError: (err) => {
      if (isApiError(err, 'VERSION_CONFLICT')) applyContactChange(qc, null, id);
    },
  });
}

export function useDeleteContact() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => contactsApi.remove(id), onSuccess: (_d, id) => applyContactChange(qc, null, id) });
}

export function useRestoreContact() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => contactsApi.restore(id), onSuccess: (contact, id) => applyContactChange(qc, contact, id) });
}

export function useTransferContact(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { ownerId: string; version: number }) => contactsApi.transfer(id, input),
    onSuccess: (contact) => applyContactChange(qc, contact, id),
    onError: (err) => {
      if (isApiError(err, 'VERSION_CONFLICT')) applyContactChange(qc, null, id);
    },
  });
}
