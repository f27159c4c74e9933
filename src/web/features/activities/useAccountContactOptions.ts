import { useQuery } from '@tanstack/react-query';
import { contactKeys, contactsApi } from '../contacts/contactsApi';

/** The contacts of an account, as picker options. */
export function useAccountContactOptions(accountId: string | null | undefined, enabled: boolean) {
  return useQuery({
    queryKey: contactKeys.ofAccount(accountId ?? '', { limit: 100, options: true }),
    queryFn: async () => (await contactsApi.listForAccount(accountId as string, { limit: 100 })).items.map((c) => ({ value: c.id, label: c.title ? `${c.name} · ${c.title}` : c.name })),
    enabled: enabled && Boolean(accountId),
    staleTime: 60_000,
  });
}
