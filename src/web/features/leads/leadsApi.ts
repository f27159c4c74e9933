import { http, type HistoryEvent, type Id, type Page } from '../../lib/api';
import type { Contact } from '../contacts/contactsApi';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'disqualified'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** statuses a user may pick; "converted" is set only by conversion */
export const EDITABLE_LEAD_STATUSES = ['new', 'contacted', 'qualified', 'disqualified'] as const;
export const LEAD_STATUS_COLORS: Record<LeadStatus, string> = {
  new: 'blue',
  contacted: 'cyan',
  qualified: 'green',
  converted: 'gold',
  disqualified: 'default',
};

export interface Lead {
  id: Id;
  name: string;
  companyName: string | null;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  source: string | null;
  status: LeadStatus;
  notes: string | null;
  convertedAccountId: Id | null;
  convertedContactId: Id | null;
  convertedAt: string | null;
  convertedBy: Id | null;
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

export const LEAD_TEXT_FIELDS = ['name', 'companyName', 'title', 'mobile', 'phone', 'email', 'source', 'notes', 'externalId'] as const;
export type LeadTextField = (typeof LEAD_TEXT_FIELDS)[number];
export type EditableLeadStatus = (typeof EDITABLE_LEAD_STATUSES)[number];

export type LeadInput = { name: string } & Partial<Record<Exclude<LeadTextField, 'name'>, string>> & {
    status?: EditableLeadStatus;
    ownerId?: Id;
    customFields?: Record<string, unknown>;
    acknowledgeDuplicates?: boolean;
  };
export type LeadPatch = Partial<Record<LeadTextField, string | null>> & {
  status?: EditableLeadStatus;
  customFields?: Record<string, unknown>;
  acknowledgeDuplicates?: boolean;
  version: number;
};
export type LeadSort = 'name' | 'companyName' | 'createdAt' | 'updatedAt';
export interface LeadListParams {
  q?: string;
  status?: LeadStatus;
  ownerId?: string;
  sort?: LeadSort;
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
  deleted?: boolean;
}

export interface ConvertLeadInput {
  account:
    | { mode: 'create'; name?: string; phone?: string; email?: string; industry?: string; ownerId?: Id }
    | { mode: 'existing'; accountId: Id };
  createContact: boolean;
  acknowledgeDuplicates?: boolean;
  version?: number;
}
export interface ConvertLeadResult {
  lead: Lead;
  account: { id: Id; name: string; created: boolean };
  contact: Contact | null;
}

const { get, post, patch, del, enc } = http;

export const leadsApi = {
  list: (params: LeadListParams = {}) => get<Page<Lead>>('/leads', { ...params }),
  get: (id: Id) => get<Lead>(`/leads/${enc(id)}`),
  create: (input: LeadInput) => post<Lead>('/leads', input),
  update: (id: Id, input: LeadPatch) => patch<Lead>(`/leads/${enc(id)}`, input),
  remove: (id: Id) => del(`/leads/${enc(id)}`),
  restore: (id: Id) => post<Lead>(`/leads/${enc(id)}/restore`),
  transfer: (id: Id, input: { ownerId: Id; version: number }) => post<Lead>(`/leads/${enc(id)}/owner`, input),
  convert: (id: Id, input: ConvertLeadInput) => post<ConvertLeadResult>(`/leads/${enc(id)}/convert`, input),
  history: (id: Id) => get<{ items: HistoryEvent[] }>(`/leads/${enc(id)}/history`),
};

export const leadKeys = {
  list: (params: LeadListParams) => ['leads', 'list', params] as const,
  detail: (id: Id) => ['leads', 'detail', id] as const,
  history: (id: Id) => ['leads', 'history', id] as const,
};
