import type { DataScope, MaskMode, Permissions } from '../../../core/access/catalog.js';
import type { Locale } from '../i18n/locale.js';

/** Who is making a request, resolved once per request by the auth plugin. */
export interface Actor {
  orgId: string;
  userId: string;
  displayName: string;
  kind: 'user' | 'api_token';
  /** scopes of the API token; undefined for a signed-in user */
  tokenScopes?: readonly string[];
  roleId: string;
  roleKey: string | null;
  roleName: string;
  dataScope: DataScope;
  permissions: Permissions;
  fieldMasks: Record<string, MaskMode>;
  departmentId: string | null;
  /** the session's CSRF token (cookie sessions only) */
  csrfToken?: string;
  /** hash of the session token (cookie sessions only), for sign-out */
  sessionTokenHash?: string;
}
