import { http, type HistoryEvent, type Id, type Page } from '../../lib/api';

export interface Contact {
  id: Id;
  accountId: Id | null;
  accountName: string | null;
  name: string;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  notes: string | null;
  isPrimary: boolean;
  ownerId: Id | null;
  ownerName: string | null;
  departmentId: Id | null;
  departmentName: string | null;
  externalId: string | null;
  customFields: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  version: number;
}

export const CONTACT_TEXT_FIELDS = ['name', 'title', 'mobile', 'phone', 'email', 'wechat', 'notes', 'externalId'] as const;
export type ContactTextField = (typeof CONTACT_TEXT_FIELDS)[number];

export type ContactInput = { name: string } & Partial<Record<Exclude<ContactTextField, 'name'>, string>> & {
    accountId?: Id | null;
    ownerId?: Id;
    isPrimary?: boolean;
    customFields?: Record<string, unknown>;
    acknowledgeDuplicates?: boolean;
  };
export type ContactPatch = Partial<Record<ContactTextField, string | null>> & {
  accountId?: Id | null;
  isPrimary?: boolean;
  customFields?: Record<string, unknown>;
  acknowledgeDuplicates?: boolean;
  version: number;
};
export type ContactSort = 'name' | 'createdAt' | 'updatedAt';
export interface ContactListParams {
  q?: string;
  accountId?: string;
  ownerId?: string;
  departmentId?: string;
  sort?: ContactSort;
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
  deleted?: boolean;
}

const { get, post, patch, del, enc } = http;

export const contactsApi = {
  list: (params: ContactListParams = {}) => get<Page<Contact>>('/contacts', { ...params }),
  listForAccount: (accountId: Id, params: Omit<ContactListParams, 'accountId'> = {}) =>
    get<Page<Contact>>(`/accounts/${enc(accountId)}/contacts`, { ...params }),
  get: (id: Id) => get<Contact>(`/contacts/${enc(id)}`),
  create: (input: ContactInput) => post<Contact>('/contacts', input),
  update: (id: Id, input: ContactPatch) => patch<Contact>(`/contacts/${enc(id)}`, input),
  remove: (id: Id) => del(`/contacts/${enc(id)}`),
  restore: (id: Id) => post<Contact>(`/contacts/${enc(id)}/restore`),
  transfer: (id: Id, input: { ownerId: Id; version: number }) => post<Contact>(`/contacts/${enc(id)}/owner`, input),
  history: (id: Id) => get<{ items: HistoryEvent[] }>(`/contacts/${enc(id)}/history`),
};

export const contactKeys = {
  all: ['contacts'] as const,
  list: (params: ContactListParams) => ['contacts', 'list', params] as const,
  ofAccount: (accountId: Id, params: object = {}) => ['contacts', 'list', 'account', accountId, params] as const,
  detail: (id: Id) => ['contacts', 'detail', id] as const,
  history: (id: Id) => ['contacts', 'history', id] as const,
};
