/**
 * The one typed client for the Luodi HTTP API (`/api/v1`).
 *
 * - Sends cookies (`credentials: 'same-origin'`) and `Accept-Language` on every request.
 * - Sends `x-csrf-token` on every write; the token comes from `/auth/me`, sign-in or setup.
 * - Turns every non-2xx response into an {@link ApiError} carrying the server's localized message.
 */
import i18next, { getLanguage } from './i18n';

const BASE = '/api/v1';

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

export type Id = string;
export type Permissions = Record<string, string[]>;
export type DataScope = 'own' | 'own_and_subordinates' | 'department' | 'department_and_children' | 'all';
export const DATA_SCOPES: DataScope[] = ['own', 'own_and_subordinates', 'department', 'department_and_children', 'all'];
export type FieldMask = 'none' | 'list' | 'all';
export const FIELD_MASKS: FieldMask[] = ['none', 'list', 'all'];

export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[] };
}

export interface Me {
  user: {
    id: Id;
    displayName: string;
    email: string | null;
    mobile: string | null;
    departmentId: Id | null;
    roleId: Id;
    roleName: string;
    dataScope: DataScope;
    permissions: Permissions;
  };
  organization: { id: Id; name: string };
  csrfToken: string;
}

export interface SetupResult extends Me {
  demoCredentials?: { identifier: string; password: string };
}

export type SetupInput =
  | { mode: 'create'; organizationName: string; adminName: string; email: string; mobile?: string; password: string }
  | { mode: 'demo' };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ApiTokenItem {
  id: Id;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}
export const API_TOKEN_SCOPES = [
  'accounts:read',
  'accounts:write',
  'contacts:read',
  'contacts:write',
  'leads:read',
  'leads:write',
  'users:read',
  'users:write',
] as const;

export interface Department {
  id: Id;
  name: string;
  parentId: Id | null;
  managerId: Id | null;
  managerName: string | null;
  memberCount: number;
  version: number;
}

export type UserStatus = 'active' | 'inactive';
export interface User {
  id: Id;
  displayName: string;
  email: string | null;
  mobile: string | null;
  departmentId: Id | null;
  departmentName: string | null;
  roleId: Id;
  roleName: string;
  status: UserStatus;
  createdAt: string;
  version: number;
}
export interface UserListParams {
  q?: string;
  departmentId?: string;
  cursor?: string;
  limit?: number;
}
export interface UserCreateInput {
  displayName: string;
  email?: string;
  mobile?: string;
  password: string;
  departmentId: Id;
  roleId: Id;
}
export interface UserPatchInput {
  displayName?: string;
  email?: string;
  mobile?: string;
  departmentId?: Id;
  roleId?: Id;
  status?: UserStatus;
  version: number;
}

export interface Role {
  id: Id;
  key: string;
  name: string;
  dataScope: DataScope;
  permissions: Permissions;
  fieldMasks: Record<string, FieldMask>;
  isSystem: boolean;
  version: number;
}
export interface RoleCatalog {
  objects: { key: string; actions: string[]; fields: { key: string; maskKind: 'phone' | 'amount' | 'text' }[] }[];
}
export interface RoleInput {
  name: string;
  dataScope: DataScope;
  permissions: Permissions;
  fieldMasks: Record<string, FieldMask>;
}

export interface Account {
  id: Id;
  name: string;
  creditCode: string | null;
  phone: string | null;
  email: string | null;
  industry: string | null;
  address: string | null;
  website: string | null;
  notes: string | null;
  ownerId: Id | null;
  ownerName: string | null;
  departmentId: Id | null;
  departmentName: string | null;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  version: number;
  /** custom fields { key: value } (features/custom-fields) */
  customFields: Record<string, unknown>;
  /** public pool (features/pools): when the pool's rules reclaim it (null: never / not owned) */
  reclaimDueAt?: string | null;
  poolId?: Id | null;
  poolName?: string | null;
  inPool?: boolean;
  /** tier (features/tiers): by hand ('manual') or by the tier rules ('rule') */
  tier?: string | null;
  tierSource?: 'manual' | 'rule' | null;
  /** tags (features/tags); list items carry them */
  tags?: { id: Id; name: string; color: string | null }[];
}
export const ACCOUNT_EDITABLE_FIELDS = [
  'name',
  'creditCode',
  'phone',
  'email',
  'industry',
  'address',
  'website',
  'notes',
  'externalId',
] as const;
export type AccountEditableField = (typeof ACCOUNT_EDITABLE_FIELDS)[number];
export type AccountInput = { name: string } & Partial<Record<Exclude<AccountEditableField, 'name'>, string>> & {
    ownerId?: Id;
    customFields?: Record<string, unknown>;
  };
export type AccountPatch = Partial<Record<AccountEditableField, string | null>> & { version: number; customFields?: Record<string, unknown> };
/** a column, or `cf.<key>` to sort by a custom field */
export type AccountSort = 'name' | 'createdAt' | 'updatedAt' | `cf.${string}`;
export interface AccountListParams {
  q?: string;
  ownerId?: string;
  departmentId?: string;
  sort?: AccountSort;
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
  deleted?: boolean;
  /** custom-field filters, JSON: [{ key, op: 'eq' | 'in' | 'gte' | 'lte' | 'contains', value }] */
  filters?: string;
}
export type HistoryAction = 'create' | 'update' | 'delete' | 'restore' | 'transfer';
export interface HistoryEvent {
  id: Id;
  occurredAt: string;
  actorId: Id | null;
  actorName: string | null;
  action: HistoryAction;
  /** oldLabel/newLabel: names of the users or departments a reference field points to */
  changes: { field: string; old: unknown; new: unknown; oldLabel?: string | null; newLabel?: string | null }[];
}

export interface ServerNotification {
  id: Id;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
}

// ---------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];

  constructor(status: number, code: string, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | null = null;
/** Called when an authenticated request gets 401 (session expired / signed out elsewhere). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}
/** Paths whose 401 is an expected answer, not an expired session. */
const NO_REDIRECT_ON_401 = ['/auth/me', '/auth/sign-in', '/auth/password', '/setup'];

type Query = Record<string, string | number | boolean | null | undefined>;

function buildUrl(path: string, query?: Query): string {
  let url = BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '' || value === false) continue;
      params.set(key, String(value));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  return url;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': getLanguage(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', i18next.t('errors.network'));
  }

  if (res.status === 204) return undefined as T;

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const err = (data as Partial<ErrorBody> | undefined)?.error;
    const apiError = err?.code
      ? new ApiError(res.status, err.code, err.message || i18next.t('errors.generic'), err.fields ?? [])
      : new ApiError(res.status, `HTTP_${res.status}`, i18next.t(res.status >= 500 ? 'errors.server' : 'errors.generic'));
    if (res.status === 401 && !NO_REDIRECT_ON_401.some((p) => path.startsWith(p))) {
      onUnauthorized?.();
    }
    throw apiError;
  }
  return data as T;
}

const get = <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query);
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
const del = <T = void>(path: string) => request<T>('DELETE', path);

const enc = encodeURIComponent;

/** The transport for feature modules that keep their endpoints beside their pages (contacts, leads, …). */
export const http = { get, post, put, patch, del, enc };

// ---------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------

export const api = {
  setup: {
    status: () => get<{ needsSetup: boolean }>('/setup'),
    run: (input: SetupInput) => post<SetupResult>('/setup', input),
  },
  auth: {
    me: () => get<Me>('/auth/me'),
    signIn: (input: { identifier: string; password: string }) => post<Me>('/auth/sign-in', input),
    signOut: () => post<void>('/auth/sign-out'),
    changePassword: (input: { currentPassword: string; newPassword: string }) => post<void>('/auth/password', input),
  },
  apiTokens: {
    list: () => get<{ items: ApiTokenItem[] }>('/api-tokens'),
    create: (input: { name: string; scopes: string[]; expiresInDays?: number }) =>
      post<{ token: string; item: ApiTokenItem }>('/api-tokens', input),
    remove: (id: Id) => del(`/api-tokens/${enc(id)}`),
  },
  departments: {
    list: () => get<{ items: Department[] }>('/departments'),
    create: (input: { name: string; parentId?: Id | null; managerId?: Id | null }) =>
      post<Department>('/departments', input),
    update: (id: Id, input: { name?: string; parentId?: Id | null; managerId?: Id | null; version: number }) =>
      patch<Department>(`/departments/${enc(id)}`, input),
    remove: (id: Id) => del(`/departments/${enc(id)}`),
  },
  users: {
    list: (params: UserListParams = {}) => get<Page<User>>('/users', { ...params }),
    get: (id: Id) => get<User>(`/users/${enc(id)}`),
    create: (input: UserCreateInput) => post<User>('/users', input),
    update: (id: Id, input: UserPatchInput) => patch<User>(`/users/${enc(id)}`, input),
  },
  roles: {
    list: () => get<{ items: Role[] }>('/roles'),
    catalog: () => get<RoleCatalog>('/roles/catalog'),
    create: (input: RoleInput) => post<Role>('/roles', input),
    update: (id: Id, input: Partial<RoleInput> & { version: number }) => patch<Role>(`/roles/${enc(id)}`, input),
  },
  accounts: {
    list: (params: AccountListParams = {}) => get<Page<Account>>('/accounts', { ...params }),
    get: (id: Id) => get<Account>(`/accounts/${enc(id)}`),
    create: (input: AccountInput) => post<Account>('/accounts', input),
    update: (id: Id, input: AccountPatch) => patch<Account>(`/accounts/${enc(id)}`, input),
    remove: (id: Id) => del(`/accounts/${enc(id)}`),
    restore: (id: Id) => post<Account>(`/accounts/${enc(id)}/restore`),
    transfer: (id: Id, input: { ownerId: Id; version: number }) => post<Account>(`/accounts/${enc(id)}/owner`, input),
    history: (id: Id) => get<{ items: HistoryEvent[] }>(`/accounts/${enc(id)}/history`),
  },
  events: {
    streamUrl: () => `${BASE}/events/stream`,
  },
};

/** Query keys, kept in one place so mutations invalidate exactly what they change. */
export const queryKeys = {
  me: ['me'] as const,
  setup: ['setup'] as const,
  apiTokens: ['api-tokens'] as const,
  departments: ['departments'] as const,
  users: ['users'] as const,
  usersList: (params: UserListParams) => ['users', 'list', params] as const,
  user: (id: Id) => ['users', 'detail', id] as const,
  roles: ['roles'] as const,
  roleCatalog: ['roles', 'catalog'] as const,
  accounts: ['accounts'] as const,
  accountsList: (params: AccountListParams) => ['accounts', 'list', params] as const,
  account: (id: Id) => ['accounts', 'detail', id] as const,
  accountHistory: (id: Id) => ['accounts', 'history', id] as const,
};
