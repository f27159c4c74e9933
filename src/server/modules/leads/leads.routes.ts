import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { customerDataPorts } from '../contacts/wiring.js';
import {
  convertLeadBody,
  convertResultSchema,
  createLeadBody,
  emptyBody,
  historyPageSchema,
  historyQuery,
  leadIdParams,
  leadPageSchema,
  leadSchema,
  listLeadsQuery,
  transferLeadBody,
  updateLeadBody,
} from './leads.schemas.js';
import { createLeadsService } from './leads.service.js';

const tags = ['leads'];

export async function leadsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createLeadsService({ database: deps.database, clock: deps.clock, ...customerDataPorts(deps) });
  const ctx = (request: Parameters<typeof authorize>[0], actor: ReturnType<typeof authorize>) => ({
    actor,
    audit: auditContextOf(actor, request),
    locale: request.locale,
  });

  api.get(
    '/leads',
    { schema: { tags, summary: 'List leads (线索)', querystring: listLeadsQuery, response: { 200: leadPageSchema } } },
    async (request) => {
      const actor = authorize(request, 'leads', 'view');
      if (request.query.deleted === 'true') authorize(request, 'leads', 'delete');
      return service.list(actor, request.query, request.locale);
    },
  );

  api.post(
    '/leads',
    { schema: { tags, summary: 'Create a lead', body: createLeadBody, response: { 201: leadSchema } } },
    async (request, reply) => {
      const lead = await service.create(ctx(request, authorize(request, 'leads', 'create')), request.body);
      return reply.status(201).send(lead);
    },
  );

  api.get(
    '/leads/:id',
    { schema: { tags, summary: 'Get a lead', params: leadIdParams, response: { 200: leadSchema } } },
    async (request) => service.get(authorize(request, 'leads', 'view'), request.params.id),
  );

  api.patch(
    '/leads/:id',
    { schema: { tags, summary: 'Update a lead (not once converted)', params: leadIdParams, body: updateLeadBody, response: { 200: leadSchema } } },
    async (request) => service.update(ctx(request, authorize(request, 'leads', 'edit')), request.params.id, request.body),
  );

  api.delete(
    '/leads/:id',
    { schema: { tags, summary: 'Move a lead to the recycle bin', params: leadIdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.remove(ctx(request, authorize(request, 'leads', 'delete')), request.params.id);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/leads/:id/restore',
    { schema: { tags, summary: 'Restore a lead from the recycle bin', params: leadIdParams, body: emptyBody, response: { 200: leadSchema } } },
    async (request) => service.restore(ctx(request, authorize(request, 'leads', 'delete')), request.params.id),
  );

  api.post(
    '/leads/:id/owner',
    { schema: { tags, summary: 'Transfer a lead to another owner', params: leadIdParams, body: transferLeadBody, response: { 200: leadSchema } } },
    async (request) => service.transfer(ctx(request, authorize(request, 'leads', 'transfer')), request.params.id, request.body),
  );

  api.post(
    '/leads/:id/convert',
    {
      schema: {
        tags,
        summary: 'Convert a lead into an account (new or existing) and a contact, in one transaction',
        params: leadIdParams,
        body: convertLeadBody,
        response: { 200: convertResultSchema },
      },
    },
    async (request) => service.convert(ctx(request, authorize(request, 'leads', 'edit')), request.params.id, request.body),
  );

  api.get(
    '/leads/:id/history',
    { schema: { tags, summary: 'Change history of a lead', params: leadIdParams, querystring: historyQuery, response: { 200: historyPageSchema } } },
    async (request) => service.history(authorize(request, 'leads', 'view'), request.params.id, request.query),
  );
}
