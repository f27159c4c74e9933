import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import {
  accountContactsQuery,
  contactIdParams,
  contactPageSchema,
  contactSchema,
  createContactBody,
  emptyBody,
  historyPageSchema,
  historyQuery,
  listContactsQuery,
  transferContactBody,
  updateContactBody,
} from './contacts.schemas.js';
import { createContactsService } from './contacts.service.js';
import { customerDataPorts } from './wiring.js';

const tags = ['contacts'];

export async function contactsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createContactsService({ database: deps.database, clock: deps.clock, ...customerDataPorts(deps) });
  const ctx = (request: Parameters<typeof authorize>[0], actor: ReturnType<typeof authorize>) => ({
    actor,
    audit: auditContextOf(actor, request),
    locale: request.locale,
  });

  api.get(
    '/contacts',
    { schema: { tags, summary: 'List contacts (联系人)', querystring: listContactsQuery, response: { 200: contactPageSchema } } },
    async (request) => {
      const actor = authorize(request, 'contacts', 'view');
      if (request.query.deleted === 'true') authorize(request, 'contacts', 'delete');
      return service.list(actor, request.query, request.locale);
    },
  );

  api.get(
    '/accounts/:id/contacts',
    {
      schema: {
        tags,
        summary: 'List the contacts of an account',
        params: contactIdParams,
        querystring: accountContactsQuery,
        response: { 200: contactPageSchema },
      },
    },
    async (request) => {
      authorize(request, 'accounts', 'view');
      const actor = authorize(request, 'contacts', 'view');
      if (request.query.deleted === 'true') authorize(request, 'contacts', 'delete');
      return service.listForAccount(actor, request.params.id, request.query, request.locale);
    },
  );

  api.post(
    '/contacts',
    { schema: { tags, summary: 'Create a contact', body: createContactBody, response: { 201: contactSchema } } },
    async (request, reply) => {
      const actor = authorize(request, 'contacts', 'create');
      const contact = await service.create(ctx(request, actor), request.body);
      return reply.status(201).send(contact);
    },
  );

  api.get(
    '/contacts/:id',
    { schema: { tags, summary: 'Get a contact', params: contactIdParams, response: { 200: contactSchema } } },
    async (request) => service.get(authorize(request, 'contacts', 'view'), request.params.id),
  );

  api.patch(
    '/contacts/:id',
    { schema: { tags, summary: 'Update a contact', params: contactIdParams, body: updateContactBody, response: { 200: contactSchema } } },
    async (request) => service.update(ctx(request, authorize(request, 'contacts', 'edit')), request.params.id, request.body),
  );

  api.delete(
    '/contacts/:id',
    { schema: { tags, summary: 'Move a contact to the recycle bin', params: contactIdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.remove(ctx(request, authorize(request, 'contacts', 'delete')), request.params.id);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/contacts/:id/restore',
    { schema: { tags, summary: 'Restore a contact from the recycle bin', params: contactIdParams, body: emptyBody, response: { 200: contactSchema } } },
    async (request) => service.restore(ctx(request, authorize(request, 'contacts', 'delete')), request.params.id),
  );

  api.post(
    '/contacts/:id/owner',
    { schema: { tags, summary: 'Transfer a contact to another owner', params: contactIdParams, body: transferContactBody, response: { 200: contactSchema } } },
    async (request) => service.transfer(ctx(request, authorize(request, 'contacts', 'transfer')), request.params.id, request.body),
  );

  api.get(
    '/contacts/:id/history',
    { schema: { tags, summary: 'Change history of a contact', params: contactIdParams, querystring: historyQuery, response: { 200: historyPageSchema } } },
    async (request) => service.history(authorize(request, 'contacts', 'view'), request.params.id, request.query),
  );
}
