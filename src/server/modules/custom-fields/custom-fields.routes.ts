import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CustomFieldObjectType } from '../../../core/custom-fields/types.js';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize, requireActor } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import {
  createDefinitionBody,
  definitionIdParams,
  definitionListSchema,
  definitionSchema,
  deleteDefinitionQuery,
  listDefinitionsQuery,
  reorderBody,
  updateDefinitionBody,
} from './custom-fields.schemas.js';
import { createCustomFieldsService } from './custom-fields.service.js';

const tags = ['custom-fields'];

/**
 * Definitions of custom fields. Reading them needs `view` on the object type (forms and lists render them)
 * or being an administrator; defining them needs the role permission `roles.edit` (administrators: the
 * people who shape roles also shape the data model). API tokens can read, never define.
 */
export async function customFieldsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createCustomFieldsService({ database: deps.database, clock: deps.clock });
  const admin = (request: FastifyRequest) => authorize(request, 'roles', 'edit');
  const reader = (request: FastifyRequest, objectType: CustomFieldObjectType) => {
    const actor = requireActor(request);
    if (!actor.tokenScopes && service.canAdminister(actor)) return actor;
    return authorize(request, objectType, 'view');
  };
  const ctx = (request: FastifyRequest, actor: ReturnType<typeof authorize>) => ({
    actor,
    audit: auditContextOf(actor, request),
    locale: request.locale,
  });

  // The OpenAPI document: a signed-in caller's copy lists the organization's custom fields as typed
  // properties of `customFields` (accounts, contacts, leads); anonymous callers get the generic document.
  api.get('/openapi.json', { schema: { hide: true } }, async (request) => {
    const doc = app.swagger();
    return request.actor ? service.patchOpenApi(doc, request.actor.orgId) : doc;
  });

  api.get(
    '/custom-fields',
    { schema: { tags, summary: 'Custom field definitions of an object type', querystring: listDefinitionsQuery, response: { 200: definitionListSchema } } },
    async (request) => {
      const actor = reader(request, request.query.objectType);
      return { items: await service.list(actor, request.query.objectType, { includeInactive: request.query.includeInactive !== 'false' }) };
    },
  );

  api.get(
    '/custom-fields/:id',
    { schema: { tags, summary: 'One custom field definition', params: definitionIdParams, response: { 200: definitionSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const def = await service.get(actor, request.params.id);
      reader(request, def.objectType);
      return def;
    },
  );

  api.post(
    '/custom-fields',
    { schema: { tags, summary: 'Define a custom field', body: createDefinitionBody, response: { 201: definitionSchema } } },
    async (request, reply) => {
      const actor = admin(request);
      return reply.status(201).send(await service.create(ctx(request, actor), request.body));
    },
  );

  api.patch(
    '/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'Edit a custom field (key and type are fixed; deactivate with active: false)',
        params: definitionIdParams,
        body: updateDefinitionBody,
        response: { 200: definitionSchema },
      },
    },
    async (request) => service.update(ctx(request, admin(request)), request.params.id, request.body),
  );

  api.delete(
    '/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'Delete a custom field that holds no values (otherwise 409: deactivate it)',
        params: definitionIdParams,
        querystring: deleteDefinitionQuery,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await service.remove(ctx(request, admin(request)), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/custom-fields/reorder',
    { schema: { tags, summary: 'Reorder the custom fields of an object type', body: reorderBody, response: { 200: definitionListSchema } } },
    async (request) => ({ items: await service.reorder(ctx(request, admin(request)), request.body.objectType, request.body.ids) }),
  );
}
