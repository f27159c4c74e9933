/** Endpoints of saved views: a list's filters + columns + sort, per user, optionally shared. */
import { http, type Id } from '../../lib/api';

export type ViewObjectType = 'accounts' | 'contacts' | 'leads';
export type ViewFilterValue = string | number | boolean | null | string[];
export type ViewSort = { field: string; order: 'asc' | 'desc' } | Record<string, never>;

export interface SavedView {
  id: Id;
  objectType: ViewObjectType;
  name: string;
  filters: Record<string, unknown>;
  columns: string[];
  sort: Record<string, unknown>;
  shared: boolean;
  ownerId: Id;
  ownerName: string | null;
  /** the user's own view (editable); others' shared views are read-only */
  mine: boolean;
  updatedAt: string;
  version: number;
}

export interface SavedViewContent {
  filters: Record<string, ViewFilterValue>;
  columns: string[];
  sort: ViewSort;
}

export const savedViewsApi = {
  list: (objectType: ViewObjectType) => http.get<{ items: SavedView[] }>('/saved-views', { objectType }),
  create: (input: SavedViewContent & { objectType: ViewObjectType; name: string; shared: boolean }) => http.post<SavedView>('/saved-views', input),
  update: (id: Id, input: Partial<SavedViewContent> & { name?: string; shared?: boolean; version: number }) => http.patch<SavedView>(`/saved-views/${http.enc(id)}`, input),
  remove: (id: Id) => http.del(`/saved-views/${http.enc(id)}`),
};

export const savedViewKeys = {
  all: ['saved-views'] as const,
  list: (objectType: ViewObjectType) => ['saved-views', objectType] as const,
};
