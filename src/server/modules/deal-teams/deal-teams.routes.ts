import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { dealIdParams, dealTeamSchema, putDealTeamBody } from './deal-teams.schemas.js';
import { createDealTeamsService } from './deal-teams.service.js';

const tags = ['deals'];

export async function dealTeamsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createDealTeamsService({ database: deps.database, clock: deps.clock });

  api.get(
    '/deals/:id/team',
    { schema: { tags, summary: 'The deal team (团队) with roles and credit split', params: dealIdParams, response: { 200: dealTeamSchema } } },
    async (request) => service.get(authorize(request, 'deals', 'view'), request.params.id),
  );

  api.put(
    '/deals/:id/team',
    {
      schema: {
        tags,
        summary: 'Replace the deal team; credit splits are whole percents summing to 100',
        params: dealIdParams,
        body: putDealTeamBody,
        response: { 200: dealTeamSchema },
      },
    },
    async (request) => {
      const actor = authorize(request, 'deals', 'edit');
      return service.replace({ actor, audit: auditContextOf(actor, request), locale: request.locale }, request.params.id, request.body);
    },
  );
}
