import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { apiTokenListResponse, apiTokenParams, createApiTokenBody, createApiTokenResponse } from './api-tokens.schemas.js';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.service.js';

export async function apiTokensRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['api-tokens'];

  r.get(
    '/api-tokens',
    {
      schema: { tags, summary: 'My API tokens (user administrators: everyone’s)', response: { 200: apiTokenListResponse } },
    },
    async (request) => ({ items: await listApiTokens(deps, authorize(request, 'api_tokens', 'view')) }),
  );

  r.post(
    '/api-tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token (the token is returned once)',
        body: createApiTokenBody,
        response: { 201: createApiTokenResponse },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'api_tokens', 'create');
      const created = await createApiToken(deps, actor, request.body, auditContextOf(actor, request));
      return reply.status(201).send(created);
    },
  );

  r.delete(
    '/api-tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: apiTokenParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = authorize(request, 'api_tokens', 'delete');
      await revokeApiToken(deps, actor, request.params.id, auditContextOf(actor, request));
      return reply.status(204).send(null);
    },
  );
}
