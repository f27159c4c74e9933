import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import {
  boardQuery,
  boardSchema,
  bulkDealsBody,
  bulkResultSchema,
  createDealBody,
  dealDetailSchema,
  dealIdParams,
  dealPageSchema,
  emptyBody,
  listDealsQuery,
  updateDealBody,
  velocityQuery,
  velocitySchema,
} from './deals.schemas.js';
import { createDealsService } from './deals.service.js';

const tags = ['deals'];

export async function dealsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createDealsService({ database: deps.database, clock: deps.clock });
  const ctx = (request: Parameters<typeof authorize>[0], actor: ReturnType<typeof authorize>) => ({
    actor,
    audit: auditContextOf(actor, request),
    locale: request.locale,
  });

  api.get(
    '/deals',
    { schema: { tags, summary: 'List deals (商机) with totals (count, amount, weighted amount)', querystring: listDealsQuery, response: { 200: dealPageSchema } } },
    async (request) => {
      const actor = authorize(request, 'deals', 'view');
      if (request.query.deleted === 'true') authorize(request, 'deals', 'delete');
      return service.list(actor, request.query, request.locale);
    },
  );

  api.get(
    '/deals/board',
    { schema: { tags, summary: 'Kanban of a pipeline: columns with totals and the most idle cards', querystring: boardQuery, response: { 200: boardSchema } } },
    async (request) => service.board(authorize(request, 'deals', 'view'), request.query),
  );

  api.get(
    '/deals/velocity',
    { schema: { tags, summary: 'Pipeline velocity: moves out of and days spent in each stage', querystring: velocityQuery, response: { 200: velocitySchema } } },
    async (request) => service.velocity(authorize(request, 'deals', 'view'), request.query.pipelineId),
  );

  api.post(
    '/deals/bulk',
    { schema: { tags, summary: 'Edit several deals (each through the stage gate; per-deal results)', body: bulkDealsBody, response: { 200: bulkResultSchema } } },
    async (request) => {
      const actor = authorize(request, 'deals', 'edit');
      return service.bulk(ctx(request, actor), request.body);
    },
  );

  api.post(
    '/deals',
    { schema: { tags, summary: 'Create a deal', body: createDealBody, response: { 201: dealDetailSchema } } },
    async (request, reply) => {
      const actor = authorize(request, 'deals', 'create');
      return reply.status(201).send(await service.create(ctx(request, actor), request.body));
    },
  );

  api.get(
    '/deals/:id',
    { schema: { tags, summary: 'Get a deal with its stage history, follow-ups count, attachment kinds and team', params: dealIdParams, response: { 200: dealDetailSchema } } },
    async (request) => service.get(authorize(request, 'deals', 'view'), request.params.id),
  );

  api.patch(
    '/deals/:id',
    { schema: { tags, summary: 'Update a deal; a stageKey change goes through the stage gate', params: dealIdParams, body: updateDealBody, response: { 200: dealDetailSchema } } },
    async (request) => {
      const actor = authorize(request, 'deals', 'edit');
      return service.update(ctx(request, actor), request.params.id, request.body);
    },
  );

  api.delete(
    '/deals/:id',
    { schema: { tags, summary: 'Move a deal to the recycle bin', params: dealIdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = authorize(request, 'deals', 'delete');
      await service.remove(ctx(request, actor), request.params.id);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/deals/:id/restore',
    { schema: { tags, summary: 'Restore a deal from the recycle bin', params: dealIdParams, body: emptyBody, response: { 200: dealDetailSchema } } },
    async (request) => {
      const actor = authorize(request, 'deals', 'delete');
      return service.restore(ctx(request, actor), request.params.id);
    },
  );
}
