import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps.js';
import { setSessionCookie } from '../auth/auth.routes.js';
import { setupBody, setupResponse, setupStatusResponse } from './setup.schemas.js';
import { needsSetup, runSetup } from './setup.service.js';

export async function setupRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['setup'];

  r.get(
    '/setup',
    { schema: { tags, summary: 'Whether first-run setup is still needed', response: { 200: setupStatusResponse } } },
    async () => ({ needsSetup: await needsSetup(deps.database) }),
  );

  r.post(
    '/setup',
    {
      schema: {
        tags,
        summary: 'First-run setup: create the first organization (or the demo) and sign in as its admin',
        body: setupBody,
        response: { 200: setupResponse },
      },
    },
    async (request, reply) => {
      const result = await runSetup(deps, request.body, {
        locale: request.locale,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(reply, deps.config, result.cookieValue);
      return { ...result.me, ...(result.demoCredentials ? { demoCredentials: result.demoCredentials } : {}) };
    },
  );
}
