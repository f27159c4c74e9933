import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import { createViewBody, listViewsQuery, savedViewSchema, updateViewBody, viewIdParams } from './saved-views.schemas.js';
import { createSavedViewsService } from './saved-views.service.js';

const tags = ['saved-views'];

/** A user's views need `view` on the object type; views are personal (or shared read-only), so no other permission. */
export async function savedViewsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createSavedViewsService({ database: deps.database, clock: deps.clock });

  api.get(
    '/saved-views',
    { schema: { tags, summary: 'My saved views of a list, then those others shared', querystring: listViewsQuery, response: { 200: z.object({ items: z.array(savedViewSchema) }) } } },
    async (request) => ({ items: await service.list(authorize(request, request.query.objectType, 'view'), request.query.objectType) }),
  );

  api.get('/saved-views/:id', { schema: { tags, summary: 'One saved view', params: viewIdParams, response: { 200: savedViewSchema } } }, async (request) =>
    service.get(requireActor(request), request.params.id),
  );

  api.post('/saved-views', { schema: { tags, summary: 'Save a view', body: createViewBody, response: { 201: savedViewSchema } } }, async (request, reply) =>
    reply.status(201).send(await service.create(authorize(request, request.body.objectType, 'view'), request.body)),
  );

  api.patch(
    '/saved-views/:id',
    { schema: { tags, summary: 'Change my saved view (name, filters, columns, sort, shared)', params: viewIdParams, body: updateViewBody, response: { 200: savedViewSchema } } },
    async (request) => service.update(requireActor(request), request.params.id, request.body),
  );

  api.delete('/saved-views/:id', { schema: { tags, summary: 'Delete my saved view', params: viewIdParams, response: { 204: z.null() } } }, async (request, reply) => {
    await service.remove(requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });
}
