/**
 * Client of the deals, pipelines and attachments API, kept beside the feature. Deal writes need the error's
 * `details` (the unmet stage criteria of a 422 STAGE_CRITERIA_UNMET) and attachments are multipart uploads, so
 * this module has its own request function; it behaves like the shared client otherwise.
 */
import type { StageDefinition } from '../../../core/pipelines/defaultPipeline';
import { queryClient } from '../../app/queryClient';
import { ApiError, queryKeys, type FieldError, type Id, type Me, type Page } from '../../lib/api';
import i18next, { getLanguage } from '../../lib/i18n';

export type Localized = { 'zh-CN': string; en: string };
export type DealStatus = 'open' | 'won' | 'lost';
/** minor units, or the masked text the server sends instead */
export type Amount = number | string | null;

export interface PipelineDto {
  id: Id;
  name: Localized;
  allowSkip: boolean;
  allowBackward: boolean;
  isDefault: boolean;
  active: boolean;
  version: number;
  stages: StageDefinition[];
}

/** A deal as lists and the kanban show it. */
export interface DealCard {
  id: Id;
  name: string;
  accountId: Id | null;
  accountName: string | null;
  ownerId: Id | null;
  ownerName: string | null;
  departmentId?: Id | null;
  pipelineId: Id;
  stageKey: string;
  status: DealStatus;
  /** minor units (fen); a masked text ('***') for roles that may not see amounts */
  amount: Amount;
  currency: string;
  expectedCloseDate: string | null;
  lastUpdateAt: string;
  rotting: boolean;
  idleDays: number;
  version: number;
  probability?: number;
  weightedAmount?: Amount;
  closeReason?: string | null;
  closedAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface StageHistoryEntry {
  id?: Id;
  fromStage: string | null;
  toStage: string;
  movedAt: string;
  movedBy: Id | null;
  movedByName?: string | null;
  secondsInPrevious: number | null;
  via?: string;
}

export interface DealTeamMember {
  userId: Id;
  userName?: string | null;
  role: string;
  creditPercent: number;
}

export interface Deal extends DealCard {
  contactIds: Id[];
  product: string | null;
  source: string | null;
  description: string | null;
  customFields: Record<string, unknown>;
  stageEnteredAt?: string;
  stageHistory?: StageHistoryEntry[];
  effectiveFollowUps?: number;
  attachmentKinds?: string[];
  team?: DealTeamMember[];
}

export interface DealInput {
  name: string;
  accountId?: Id | null;
  amount?: number | null;
  currency?: string;
  expectedCloseDate?: string | null;
  pipelineId?: Id;
  stageKey?: string;
  ownerId?: Id;
  product?: string | null;
  source?: string | null;
  description?: string | null;
  contactIds?: Id[];
  customFields?: Record<string, unknown>;
}

/** The fields a PATCH (and bulk `set`) may carry besides `version`. */
export interface DealChanges {
  name?: string;
  amount?: number | null;
  currency?: string;
  expectedCloseDate?: string | null;
  accountId?: Id | null;
  contactIds?: Id[];
  ownerId?: Id;
  product?: string | null;
  source?: string | null;
  description?: string | null;
  customFields?: Record<string, unknown>;
  stageKey?: string;
  closeReason?: string;
}

export type DealPatch = DealChanges & { version: number; via?: 'api' | 'kanban' };

export interface DealFilters {
  pipelineId?: string;
  ownerId?: string;
  departmentId?: string;
  /** YYYY-MM of the expected close date */
  closeMonth?: string;
  q?: string;
}

export interface DealListParams extends DealFilters {
  accountId?: string;
  stageKey?: string;
  status?: DealStatus;
  rotting?: boolean;
  sort?: 'updatedAt' | 'createdAt' | 'lastUpdateAt';
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
}

export interface DealTotals {
  count: number;
  amount: Amount;
  weightedAmount: Amount;
}

export type DealPage = Page<DealCard> & { totals?: DealTotals };

export interface BoardColumn {
  stageKey: string;
  count: number;
  amount: Amount;
  weightedAmount: Amount;
  deals: DealCard[];
  hasMore: boolean;
}

export interface Board {
  pipeline: PipelineDto;
  columns: BoardColumn[];
  /** won/lost columns show the deals closed in [closedFrom, closedTo) */
  closedFrom?: string;
  closedTo?: string;
}

export interface UnmetDetail {
  kind: 'required_field' | 'attachment' | 'min_effective_followups';
  field?: string;
  attachmentKind?: string;
  missing?: number;
  message: string;
}

export interface BulkResult {
  id: Id;
  ok: boolean;
  error?: { code: string; message: string; details?: { toStage?: string; unmet?: UnmetDetail[] } & Record<string, unknown> };
}

export interface Attachment {
  id: Id;
  objectType: string;
  recordId: Id;
  kind: string;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: string;
  createdBy?: Id | null;
  createdByName?: string | null;
}

/** An API error with the server's structured `details` (e.g. `{ toStage, unmet }`). */
export class DealApiError extends ApiError {
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, fields: FieldError[], details: Record<string, unknown>) {
    super(status, code, message, fields);
    this.details = details;
  }
}

/** The unmet criteria of a refused stage move, or null when the error is something else. */
export function unmetOf(err: unknown): { toStage: string | null; unmet: UnmetDetail[] } | null {
  if (!(err instanceof DealApiError) || err.code !== 'STAGE_CRITERIA_UNMET') return null;
  const unmet = Array.isArray(err.details.unmet) ? (err.details.unmet as UnmetDetail[]) : [];
  return { toStage: typeof err.details.toStage === 'string' ? err.details.toStage : null, unmet };
}

type Query = Record<string, string | number | boolean | null | undefined>;

function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

async function call<T>(method: string, path: string, body?: FormData | object, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLanguage() };
  const csrf = queryClient.getQueryData<Me | null>(queryKeys.me)?.csrfToken;
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  if (body !== undefined && !(body instanceof FormData)) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', i18next.t('errors.network'));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; fields?: FieldError[]; details?: Record<string, unknown> } } | undefined)?.error;
    if (e?.code) throw new DealApiError(res.status, e.code, e.message || i18next.t('errors.generic'), e.fields ?? [], e.details ?? {});
    throw new ApiError(res.status, `HTTP_${res.status}`, i18next.t(res.status >= 500 ? 'errors.server' : 'errors.generic'));
  }
  return data as T;
}

const enc = encodeURIComponent;

export const dealsApi = {
  pipelines: () => call<{ items: PipelineDto[] }>('GET', '/pipelines'),
  board: (filters: DealFilters) => call<Board>('GET', '/deals/board', undefined, { ...filters }),
  list: (params: DealListParams) => call<DealPage>('GET', '/deals', undefined, { ...params }),
  get: (id: Id) => call<Deal>('GET', `/deals/${enc(id)}`),
  create: (input: DealInput) => call<Deal>('POST', '/deals', input),
  update: (id: Id, patch: DealPatch) => call<Deal>('PATCH', `/deals/${enc(id)}`, patch),
  remove: (id: Id) => call<void>('DELETE', `/deals/${enc(id)}`),
  bulk: (ids: Id[], set: DealChanges) => call<{ results: BulkResult[] }>('POST', '/deals/bulk', { ids, set }),
  attachments: (objectType: string, recordId: Id) => call<{ items: Attachment[] }>('GET', '/attachments', undefined, { objectType, recordId }),
  upload: (input: { objectType: string; recordId: Id; kind: string; file: File }) => {
    const form = new FormData();
    form.append('objectType', input.objectType);
    form.append('recordId', input.recordId);
    form.append('kind', input.kind);
    form.append('file', input.file);
    return call<Attachment>('POST', '/attachments', form);
  },
  removeAttachment: (id: Id) => call<void>('DELETE', `/attachments/${enc(id)}`),
  attachmentUrl: (id: Id) => `/api/v1/attachments/${enc(id)}/content`,
};

export const dealKeys = {
  all: ['deals'] as const,
  pipelines: ['pipelines'] as const,
  board: (filters: DealFilters) => ['deals', 'board', filters] as const,
  list: (params: DealListParams) => ['deals', 'list', params] as const,
  detail: (id: Id) => ['deals', 'detail', id] as const,
  attachments: (objectType: string, recordId: Id) => ['attachments', objectType, recordId] as const,
};
