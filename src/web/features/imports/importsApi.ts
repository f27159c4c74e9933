/** Client of the imports API (multipart uploads need their own request: the shared client sends JSON). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import i18next, { getLanguage } from '../../lib/i18n';
import { ApiError, queryKeys, type Me, type Page } from '../../lib/api';
import { queryClient } from '../../app/queryClient';

export type DuplicatePolicy = 'skip' | 'update' | 'create';
export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface ImportJob {
  /** the server would resume it now (failed, or its run died) */
  resumable?: boolean;
  id: string;
  objectType: string;
  status: ImportStatus;
  dryRun: boolean;
  fileName: string;
  fileSize: number;
  format: string | null;
  encoding: string | null;
  mapping: Record<string, string>;
  duplicatePolicy: DuplicatePolicy;
  dateOrder: 'mdy' | 'dmy';
  headers: string[];
  totalRows: number | null;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  skippedRows: number;
  failedRows: number;
  committedRows: number;
  progress: number;
  error: { code: string; message: string } | null;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportPreview {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  headers: string[];
  rows: string[][];
  suggestedMapping: Record<string, string>;
  mappingSource: 'saved' | 'suggested';
  fields: { key: string; label: string; required: boolean; custom: boolean }[];
}

export interface ImportProblem {
  rowNumber: number;
  severity: 'error' | 'warning';
  problems: { field: string; code: string; message: string }[];
  raw: Record<string, string>;
}

export const isRunning = (s: ImportStatus) => s === 'uploaded' || s === 'running' || s === 'validating';

async function call<T>(method: string, path: string, body?: FormData | object): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLanguage() };
  const csrf = queryClient.getQueryData<Me | null>(queryKeys.me)?.csrfToken;
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  if (body !== undefined && !(body instanceof FormData)) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', i18next.t('errors.network'));
  }
  const data = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string; fields?: { field: string; message: string }[] } } | undefined;
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? i18next.t(res.status >= 500 ? 'errors.server' : 'errors.generic'), e?.fields ?? []);
  }
  return data as T;
}

export const importsApi = {
  preview: (objectType: string, file: File) => {
    const form = new FormData();
    form.append('objectType', objectType);
    form.append('file', file);
    return call<ImportPreview>('POST', `/imports/preview?objectType=${encodeURIComponent(objectType)}`, form);
  },
  start: (input: { objectType: string; file: File; mapping: Record<string, string>; dryRun: boolean; duplicatePolicy: DuplicatePolicy; dateOrder: 'mdy' | 'dmy' }) => {
    const form = new FormData();
    form.append('objectType', input.objectType);
    form.append('mapping', JSON.stringify(input.mapping));
    form.append('dryRun', String(input.dryRun));
    form.append('duplicatePolicy', input.duplicatePolicy);
    form.append('options', JSON.stringify({ dateOrder: input.dateOrder }));
    form.append('file', input.file);
    return call<ImportJob>('POST', '/imports', form);
  },
  get: (id: string) => call<ImportJob>('GET', `/imports/${encodeURIComponent(id)}`),
  list: (before?: string) => call<Page<ImportJob> & { nextBefore: string | null }>('GET', `/imports${before ? `?before=${encodeURIComponent(before)}` : ''}`),
  problems: (id: string) => call<{ items: ImportProblem[]; nextAfterRow: number | null }>('GET', `/imports/${encodeURIComponent(id)}/problems?limit=200`),
  run: (id: string, duplicatePolicy?: DuplicatePolicy) => call<ImportJob>('POST', `/imports/${encodeURIComponent(id)}/run`, duplicatePolicy ? { duplicatePolicy } : {}),
  resume: (id: string) => call<ImportJob>('POST', `/imports/${encodeURIComponent(id)}/resume`, {}),
  saveMapping: (input: { objectType: string; headers: string[]; mapping: Record<string, string> }) => call<unknown>('PUT', '/import-mappings', input),
};

export const importKeys = {
  all: ['imports'] as const,
  list: ['imports', 'list'] as const,
  one: (id: string) => ['imports', 'detail', id] as const,
  problems: (id: string) => ['imports', 'problems', id] as const,
};

/** One import, polled every second while it runs. */
export function useImport(id: string | undefined) {
  return useQuery({
    queryKey: importKeys.one(id ?? ''),
    queryFn: () => importsApi.get(id!),
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && isRunning(q.state.data.status) ? 1000 : false),
  });
}

export function useImportProblems(id: string | undefined, enabled: boolean) {
  return useQuery({ queryKey: importKeys.problems(id ?? ''), queryFn: () => importsApi.problems(id!), enabled: Boolean(id) && enabled });
}

export function useImports() {
  return useQuery({
    queryKey: importKeys.list,
    queryFn: () => importsApi.list(),
    refetchInterval: (q) => (q.state.data?.items.some((j) => isRunning(j.status)) ? 2000 : false),
  });
}

export function useRunImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, duplicatePolicy }: { id: string; duplicatePolicy?: DuplicatePolicy }) => importsApi.run(id, duplicatePolicy),
    onSuccess: (job) => {
      qc.setQueryData(importKeys.one(job.id), job);
      void qc.invalidateQueries({ queryKey: importKeys.all });
    },
  });
}
