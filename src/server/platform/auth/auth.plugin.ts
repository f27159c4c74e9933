/**
 * Resolves who is calling (session cookie or `Authorization: Bearer` API token) once per request,
 * enforces CSRF on cookie-authenticated writes, and offers `authorize()` for routes.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasPermission, tokenScopeAllows, type Action } from '../../../core/access/catalog.js';
import type { AppDeps } from '../deps.js';
import { defineErrors, httpErrors } from '../http/errors.js';
import type { Actor } from './actor.js';
import { authRepository, type ActorRow } from './auth.repository.js';
import { SESSION_COOKIE, parseApiToken, parseSessionCookie, safeEqual, sha256 } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export const authErrors = defineErrors({
  INVALID_TOKEN: {
    kind: 'unauthenticated',
    'zh-CN': 'API 令牌无效、已过期或已吊销',
    en: 'The API token is invalid, expired or revoked',
  },
  TOKEN_SCOPE_MISSING: {
    kind: 'forbidden',
    'zh-CN': 'API 令牌缺少权限范围 {scope}',
    en: 'The API token lacks the scope {scope}',
  },
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function toActor(orgId: string, row: ActorRow, extra: Partial<Actor>): Actor {
  return {
    orgId,
    userId: row.userId,
    displayName: row.displayName,
    kind: 'user',
    roleId: row.roleId,
    roleKey: row.roleKey,
    roleName: row.roleName,
    dataScope: row.dataScope,
    permissions: row.permissions,
    fieldMasks: row.fieldMasks,
    departmentId: row.departmentId,
    ...extra,
  };
}

async function resolveActor(request: FastifyRequest, deps: AppDeps): Promise<Actor | null> {
  const now = deps.clock.now();
  const authorization = request.headers.authorization;
  if (authorization) {
    const m = /^Bearer\s+(.+)$/i.exec(authorization);
    const parsed = m ? parseApiToken(m[1]!.trim()) : null;
    if (!parsed) throw authErrors.INVALID_TOKEN();
    const tokenHash = sha256(parsed.secret);
    const row = await deps.database.withTenant(parsed.orgId, async (tx) => {
      const found = await authRepository.findActorByApiToken(tx, parsed.orgId, tokenHash, now);
      if (found) await authRepository.touchApiToken(tx, parsed.orgId, found.tokenId, now);
      return found;
    });
    if (!row || row.status !== 'active') throw authErrors.INVALID_TOKEN();
    return toActor(parsed.orgId, row, { kind: 'api_token', tokenScopes: row.scopes });
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const parsed = parseSessionCookie(cookie);
  if (!parsed) return null;
  const tokenHash = sha256(parsed.secret);
  const row = await deps.database.withTenant(parsed.orgId, (tx) =>
    authRepository.findActorBySession(tx, parsed.orgId, tokenHash, now),
  );
  if (!row || row.status !== 'active') return null;
  return toActor(parsed.orgId, row, { csrfToken: row.csrfToken, sessionTokenHash: tokenHash });
}

export const authPlugin = fp(async (app: FastifyInstance, deps: AppDeps) => {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    request.actor = await resolveActor(request, deps);
    const actor = request.actor;
    if (actor?.kind === 'user' && actor.csrfToken && !SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, actor.csrfToken)) throw httpErrors.CSRF_FAILED();
    }
  });
});

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw httpErrors.UNAUTHENTICATED();
  return request.actor;
}

/** The one permission check of routes: role permission, and for API tokens also the token's scope. */
export function authorize(request: FastifyRequest, object: string, action: Action): Actor {
  const actor = requireActor(request);
  if (actor.tokenScopes && !tokenScopeAllows(actor.tokenScopes, object, action)) {
    throw authErrors.TOKEN_SCOPE_MISSING({ scope: `${object}:${action === 'view' || action === 'export' ? 'read' : 'write'}` });
  }
  if (!hasPermission(actor.permissions, object, action)) throw httpErrors.FORBIDDEN();
  return actor;
}
