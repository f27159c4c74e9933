/**
 * The accounts list's state ↔ a saved view. The list keeps its state in URL search parameters:
 *   q, owner, dept, tier, tag, cff (custom-field filters JSON), sort (`field:order`), cols (custom-field
 *   columns), hide (hidden standard columns), view (the applied saved view's id), deleted (recycle bin).
 * A view stores filters under the list API's names (q, ownerId, departmentId, tier, tagId, filters), visible
 * columns (standard keys, then `cf.<key>`) and sort `{ field, order }`.
 */
import type { SavedViewContent, ViewFilterValue, ViewSort } from './savedViewsApi';

/** Standard columns the user may hide (the name column always shows). */
export const ACCOUNT_COLUMNS = ['owner', 'department', 'phone', 'industry', 'tier', 'tags', 'updatedAt'] as const;
export type AccountColumn = (typeof ACCOUNT_COLUMNS)[number];

/** URL parameter → view filter name. */
const FILTER_PARAMS: [string, string][] = [
  ['q', 'q'],
  ['owner', 'ownerId'],
  ['dept', 'departmentId'],
  ['tier', 'tier'],
  ['tag', 'tagId'],
  ['cff', 'filters'],
];
const DEFAULT_SORT = 'updatedAt:desc';

export const hiddenColumnsOf = (params: URLSearchParams): string[] => (params.get('hide') ?? '').split(',').filter(Boolean);

/** The current list state as view content. `q`: the search text as typed (it reaches the URL on blur). */
export function viewFromParams(params: URLSearchParams, q?: string): SavedViewContent {
  const filters: Record<string, ViewFilterValue> = {};
  for (const [param, name] of FILTER_PARAMS) {
    const v = param === 'q' && q !== undefined ? q.trim() : params.get(param);
    if (v) filters[name] = v;
  }
  const hidden = hiddenColumnsOf(params);
  const cfCols = (params.get('cols') ?? '').split(',').filter(Boolean);
  const columns = [...ACCOUNT_COLUMNS.filter((c) => !hidden.includes(c)), ...cfCols.map((k) => `cf.${k}`)];
  const [field, order] = (params.get('sort') || DEFAULT_SORT).split(':');
  const sort: ViewSort = field && (order === 'asc' || order === 'desc') ? { field, order } : {};
  return { filters, columns, sort };
}

/** The URL parameters that show a view (the recycle bin is left). */
export function paramsFromView(view: { id?: string; filters: Record<string, unknown>; columns: string[]; sort: Record<string, unknown> }): URLSearchParams {
  const next = new URLSearchParams();
  for (const [param, name] of FILTER_PARAMS) {
    const v = view.filters[name];
    if (typeof v === 'string' && v) next.set(param, v);
    else if (typeof v === 'number') next.set(param, String(v));
  }
  const { field, order } = view.sort as { field?: unknown; order?: unknown };
  if (typeof field === 'string' && (order === 'asc' || order === 'desc') && `${field}:${order}` !== DEFAULT_SORT) next.set('sort', `${field}:${order}`);
  // no columns saved: the default columns
  if (view.columns.length) {
    const hidden = ACCOUNT_COLUMNS.filter((c) => !view.columns.includes(c));
    if (hidden.length) next.set('hide', hidden.join(','));
    const cf = view.columns.filter((c) => c.startsWith('cf.')).map((c) => c.slice(3));
    if (cf.length) next.set('cols', cf.join(','));
  }
  if (view.id) next.set('view', view.id);
  return next;
}

/** Whether the list shows exactly what the view saved. */
export function sameView(a: SavedViewContent, b: { filters: Record<string, unknown>; columns: string[]; sort: Record<string, unknown> }): boolean {
  const norm = (v: { filters: Record<string, unknown>; columns: string[]; sort: Record<string, unknown> }) =>
    JSON.stringify(viewFromParams(paramsFromView({ filters: v.filters, columns: v.columns, sort: v.sort })));
  return norm(a) === norm(b);
}

/** Table columns minus the hidden standard ones (matched by column `key`, or by `dataIndex` for the built-in ones). */
const KEY_OF_INDEX: Record<string, AccountColumn> = { ownerName: 'owner', departmentName: 'department', phone: 'phone', industry: 'industry', updatedAt: 'updatedAt' };
export function withoutHiddenColumns<C extends { key?: unknown; dataIndex?: unknown }>(columns: C[], hidden: readonly string[]): C[] {
  if (hidden.length === 0) return columns;
  return columns.filter((c) => {
    const key = typeof c.key === 'string' ? c.key : typeof c.dataIndex === 'string' ? KEY_OF_INDEX[c.dataIndex] : undefined;
    return !key || !hidden.includes(key);
  });
}
