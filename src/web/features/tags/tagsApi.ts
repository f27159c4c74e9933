/** Endpoints of tags: organization-wide labels on accounts, contacts and leads. */
import { http, type Id } from '../../lib/api';

export interface TagItem {
  id: Id;
  name: string;
  color: string | null;
  /** how many records carry it (list only) */
  usage?: number;
}
export type TaggableObjectType = 'accounts' | 'contacts' | 'leads';

export const tagsApi = {
  list: () => http.get<{ items: TagItem[] }>('/tags'),
  create: (input: { name: string; color?: string | null }) => http.post<TagItem>('/tags', input),
  update: (id: Id, input: { name?: string; color?: string | null }) => http.patch<TagItem>(`/tags/${http.enc(id)}`, input),
  remove: (id: Id) => http.del(`/tags/${http.enc(id)}`),
  recordTags: (objectType: TaggableObjectType, id: Id) => http.get<{ items: TagItem[] }>(`/records/${objectType}/${http.enc(id)}/tags`),
  setRecordTags: (objectType: TaggableObjectType, id: Id, tagIds: Id[]) => http.put<{ items: TagItem[] }>(`/records/${objectType}/${http.enc(id)}/tags`, { tagIds }),
};

export const tagKeys = {
  all: ['tags'] as const,
  list: ['tags', 'list'] as const,
  record: (objectType: TaggableObjectType, id: Id) => ['tags', 'record', objectType, id] as const,
};

/** Colours offered for tags (antd preset tag colours). */
export const TAG_COLORS = ['blue', 'green', 'orange', 'red', 'purple', 'cyan', 'magenta', 'gold', 'geekblue', 'lime', 'volcano'] as const;
export const tagColor = (c: string | null | undefined) => (c && c !== 'default' ? c : undefined);
