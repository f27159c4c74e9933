import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Action } from '../../../core/access/catalog.js';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import { accountIdParams } from '../accounts/accounts.schemas.js';
import {
  createTagBody,
  recordTagParams,
  recordTagsSchema,
  setRecordTagsBody,
  tagIdParams,
  tagListSchema,
  tagSchema,
  updateTagBody,
} from './tags.schemas.js';
import { createTagsService } from './tags.service.js';

const tags = ['tags'];
const TAGGABLE = ['accounts', 'contacts', 'leads'] as const;

/**
 * Permissions: list tags — `view` on any taggable type; create — `edit` on any of them (reps tag their
 * records); rename/delete (organization-wide) — `roles.edit`; a record's tags — `view` / `edit` on its type
 * plus the record visible to the actor.
 */
export async function tagsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createTagsService({ database: deps.database, clock: deps.clock });
  const anyOf = (request: FastifyRequest, action: Action) => {
    for (const object of TAGGABLE) {
      try {
        return authorize(request, object, action);
      } catch (err) {
        if (object === TAGGABLE[TAGGABLE.length - 1]) throw err;
      }
    }
    throw httpErrors.FORBIDDEN();
  };
  const ctx = (request: FastifyRequest, actor: ReturnType<typeof authorize>) => ({ actor, audit: auditContextOf(actor, request), locale: request.locale });

  api.get('/tags', { schema: { tags, summary: 'Tags of the organization', response: { 200: tagListSchema } } }, async (request) => ({
    items: await service.list(anyOf(request, 'view')),
  }));

  api.post('/tags', { schema: { tags, summary: 'Create a tag', body: createTagBody, response: { 201: tagSchema } } }, async (request, reply) => {
    const actor = anyOf(request, 'edit');
    return reply.status(201).send(await service.create(ctx(request, actor), request.body));
  });

  api.patch('/tags/:id', { schema: { tags, summary: 'Rename or recolour a tag (roles.edit)', params: tagIdParams, body: updateTagBody, response: { 200: tagSchema } } }, async (request) =>
    service.update(ctx(request, authorize(request, 'roles', 'edit')), request.params.id, request.body),
  );

  api.delete('/tags/:id', { schema: { tags, summary: 'Delete a tag everywhere (roles.edit)', params: tagIdParams, response: { 204: z.null() } } }, async (request, reply) => {
    await service.remove(ctx(request, authorize(request, 'roles', 'edit')), request.params.id);
    return reply.status(204).send(null);
  });

  api.get(
    '/records/:objectType/:id/tags',
    { schema: { tags, summary: 'Tags of a record', params: recordTagParams, response: { 200: recordTagsSchema } } },
    async (request) => ({ items: await service.recordTags(authorize(request, request.params.objectType, 'view'), request.params.objectType, request.params.id) }),
  );

  api.put(
    '/records/:objectType/:id/tags',
    { schema: { tags, summary: 'Replace the tags of a record', params: recordTagParams, body: setRecordTagsBody, response: { 200: recordTagsSchema } } },
    async (request) => {
      const actor = authorize(request, request.params.objectType, 'edit');
      return { items: await service.setRecordTags(ctx(request, actor), request.params.objectType, request.params.id, request.body.tagIds) };
    },
  );

  api.put(
    '/accounts/:id/tags',
    { schema: { tags: ['accounts'], summary: 'Replace the tags of an account', params: accountIdParams, body: setRecordTagsBody, response: { 200: recordTagsSchema } } },
    async (request) => {
      const actor = authorize(request, 'accounts', 'edit');
      return { items: await service.setRecordTags(ctx(request, actor), 'accounts', request.params.id, request.body.tagIds) };
    },
  );

}
