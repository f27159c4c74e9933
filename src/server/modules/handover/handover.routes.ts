import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/auth/actor.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import {
  createHandoverBody,
  handoverListSchema,
  handoverSchema,
  holdingsSchema,
  listHandoversQuery,
  userIdParams,
} from './handover.schemas.js';
import { createHandoverService } from './handover.service.js';

const tags = ['handover'];

/** users.edit, or else accounts.transfer (the service then checks the user is within the actor's data scope). */
function authorizeHandover(request: FastifyRequest): Actor {
  try {
    return authorize(request, 'users', 'edit');
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 403) throw err;
    return authorize(request, 'accounts', 'transfer');
  }
}

export async function handoverRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createHandoverService({ database: deps.database, clock: deps.clock });

  api.post(
    '/handovers',
    {
      schema: {
        tags,
        summary: 'Hand over a user’s customers (with contacts), leads … to one or more receivers, in one transaction (users.edit, or accounts.transfer within scope)',
        body: createHandoverBody,
        response: { 201: handoverSchema },
      },
    },
    async (request, reply) => {
      const actor = authorizeHandover(request);
      const dto = await service.create({ actor, audit: auditContextOf(actor, request), locale: request.locale }, request.body);
      return reply.status(201).send(dto);
    },
  );

  api.get(
    '/handovers',
    { schema: { tags, summary: 'Handover history, newest first', querystring: listHandoversQuery, response: { 200: handoverListSchema } } },
    async (request) => ({ items: await service.list(authorizeHandover(request), request.query) }),
  );

  api.get(
    '/users/:id/holdings',
    { schema: { tags: ['users', ...tags], summary: 'What a user owns, per record type (before a handover)', params: userIdParams, response: { 200: holdingsSchema } } },
    async (request) => service.holdings(authorize(request, 'users', 'view'), request.params.id),
  );
}
