import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tokenScopeAllows } from '../../../core/access/catalog.js';
import { authorize, requireActor } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import { commentIdParams, commentPageSchema, commentSchema, createCommentBody, listCommentsQuery } from './comments.schemas.js';
import { createCommentsService } from './comments.service.js';

const tags = ['comments'];

export async function commentsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createCommentsService({ database: deps.database, clock: deps.clock });

  api.get(
    '/comments',
    { schema: { tags, summary: 'Comments on a deal or account, newest first', querystring: listCommentsQuery, response: { 200: commentPageSchema } } },
    async (request) => service.list(authorize(request, request.query.objectType, 'view'), request.query, request.locale),
  );

  api.post(
    '/comments',
    { schema: { tags, summary: 'Comment on a deal or account; @[Name](userId) tokens and `mentions` notify people', body: createCommentBody, response: { 201: commentSchema } } },
    async (request, reply) => {
      // anyone who sees the record may comment on it; an API token needs the write scope of the record type
      const actor = authorize(request, request.body.objectType, 'view');
      if (actor.tokenScopes && !tokenScopeAllows(actor.tokenScopes, request.body.objectType, 'edit')) throw httpErrors.FORBIDDEN();
      return reply.status(201).send(await service.create(actor, request.body, request.locale));
    },
  );

  api.delete(
    '/comments/:id',
    { schema: { tags, summary: 'Delete your own comment', params: commentIdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.remove(requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
