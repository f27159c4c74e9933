import { http, type Id } from '../../lib/api';

export interface Holdings {
  userId: Id;
  /** live records per type: accounts, contacts, leads (later deals, tasks …) */
  counts: Record<string, number>;
  total: number;
}
export interface HandoverReceiverInput {
  userId: Id;
  accountIds?: Id[];
  all?: true;
}
export interface HandoverInput {
  fromUserId: Id;
  to: HandoverReceiverInput[];
  includeContacts: boolean;
  includeLeads: boolean;
  reason?: string;
}
export interface Handover {
  id: Id;
  fromUserId: Id;
  fromUserName: string | null;
  reason: string | null;
  counts: Record<string, number>;
  byReceiver: { userId: Id; userName: string | null; counts: Record<string, number> }[];
  createdAt: string;
  createdBy: Id | null;
  createdByName: string | null;
  durationMs?: number;
}

export const handoverApi = {
  holdings: (userId: Id) => http.get<Holdings>(`/users/${http.enc(userId)}/holdings`),
  create: (input: HandoverInput) => http.post<Handover>('/handovers', input),
  list: (fromUserId?: Id) => http.get<{ items: Handover[] }>('/handovers', { fromUserId }),
};

export const handoverKeys = {
  holdings: (userId: Id) => ['handover', 'holdings', userId] as const,
  list: (fromUserId?: Id) => ['handover', 'list', fromUserId ?? 'all'] as const,
};

/** Record types in display order (unknown later types follow). */
export const RECORD_TYPES = ['accounts', 'contacts', 'leads'];
