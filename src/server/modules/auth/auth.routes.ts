import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/auth.plugin.js';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../../platform/auth/tokens.js';
import type { Config } from '../../platform/config.js';
import type { AppDeps } from '../../platform/deps.js';
import { changePasswordBody, emptyBody, meResponse, signInBody } from './auth.schemas.js';
import { changePassword, getMe, signIn, signOut } from './auth.service.js';

const cookieOptions = (config: Pick<Config, 'secureCookies'>) =>
  ({ httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies }) as const;

/** Sets the session cookie (sign-in and first-run setup). */
export function setSessionCookie(reply: FastifyReply, config: Pick<Config, 'secureCookies'>, value: string): void {
  reply.setCookie(SESSION_COOKIE, value, { ...cookieOptions(config), maxAge: Math.floor(SESSION_TTL_MS / 1000) });
}

export async function authRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/auth/sign-in',
    { schema: { tags, summary: 'Sign in with email or mobile and password', body: signInBody, response: { 200: meResponse } } },
    async (request, reply) => {
      const signedIn = await signIn(deps, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] });
      setSessionCookie(reply, deps.config, signedIn.cookieValue);
      return signedIn.me;
    },
  );

  r.post(
    '/auth/sign-out',
    { schema: { tags, summary: 'Sign out (ends this session)', body: emptyBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await signOut(deps, request.actor);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(deps.config));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/auth/me',
    { schema: { tags, summary: 'The signed-in user, organization and CSRF token', response: { 200: meResponse } } },
    async (request) => getMe(deps, requireActor(request)),
  );

  r.post(
    '/auth/password',
    { schema: { tags, summary: 'Change my password (ends my other sessions)', body: changePasswordBody, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request);
      await changePassword(deps, actor, request.body, { audit: auditContextOf(actor, request), locale: request.locale });
      return reply.status(204).send(null);
    },
  );
}
