/**
 * What can be granted: objects, their actions and their maskable fields. Roles store
 * `permissions: { [object]: action[] }`, `dataScope` and `fieldMasks: { "object.field": MaskMode }`.
 */
export const ACTIONS = ['view', 'create', 'edit', 'delete', 'export', 'import', 'transfer'] as const;
export type Action = (typeof ACTIONS)[number];

export const DATA_SCOPES = ['own', 'own_and_subordinates', 'department', 'department_and_children', 'all'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export const MASK_MODES = ['none', 'list', 'all'] as const;
export type MaskMode = (typeof MASK_MODES)[number];

export type MaskKind = 'phone' | 'amount' | 'text' | 'email';

export interface ObjectCatalogEntry {
  key: string;
  actions: readonly Action[];
  fields: readonly { key: string; maskKind: MaskKind }[];
}

export const OBJECT_CATALOG: readonly ObjectCatalogEntry[] = [
  {
    key: 'accounts',
    actions: ACTIONS,
    fields: [
      { key: 'phone', maskKind: 'phone' },
      { key: 'email', maskKind: 'email' },
      { key: 'creditCode', maskKind: 'text' },
      { key: 'address', maskKind: 'text' },
    ],
  },
  {
    key: 'contacts',
    actions: ACTIONS,
    fields: [
      { key: 'mobile', maskKind: 'phone' },
      { key: 'phone', maskKind: 'phone' },
      { key: 'email', maskKind: 'email' },
    ],
  },
  {
    key: 'leads',
    actions: ACTIONS,
    fields: [
      { key: 'mobile', maskKind: 'phone' },
      { key: 'phone', maskKind: 'phone' },
      { key: 'email', maskKind: 'email' },
    ],
  },
  { key: 'deals', actions: ACTIONS, fields: [{ key: 'amount', maskKind: 'amount' }] },
  { key: 'activities', actions: ['view', 'create', 'edit', 'delete', 'export', 'import'], fields: [] },
  { key: 'pipelines', actions: ['view', 'edit'], fields: [] },
  { key: 'users', actions: ['view', 'create', 'edit', 'delete'], fields: [{ key: 'mobile', maskKind: 'phone' }, { key: 'email', maskKind: 'email' }] },
  { key: 'departments', actions: ['view', 'create', 'edit', 'delete'], fields: [] },
  { key: 'roles', actions: ['view', 'create', 'edit', 'delete'], fields: [] },
  { key: 'api_tokens', actions: ['view', 'create', 'delete'], fields: [] },
];

export const API_TOKEN_SCOPES = [
  'accounts:read',
  'accounts:write',
  'contacts:read',
  'contacts:write',
  'leads:read',
  'leads:write',
  'deals:read',
  'deals:write',
  'activities:read',
  'activities:write',
  'users:read',
  'users:write',
] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export type Permissions = Record<string, readonly string[]>;

export function hasPermission(permissions: Permissions, object: string, action: Action): boolean {
  return permissions[object]?.includes(action) ?? false;
}

/** An API token may only do what its scopes allow, and never more than its user may. */
export function tokenScopeAllows(scopes: readonly string[], object: string, action: Action): boolean {
  const needed = action === 'view' || action === 'export' ? `${object}:read` : `${object}:write`;
  return scopes.includes(needed);
}

export function maskModeFor(fieldMasks: Record<string, MaskMode>, object: string, field: string): MaskMode {
  return fieldMasks[`${object}.${field}`] ?? 'none';
}
