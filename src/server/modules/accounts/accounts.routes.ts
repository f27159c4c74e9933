import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import {
  accountIdParams,
  accountPageSchema,
  accountSchema,
  createAccountBody,
  emptyBody,
  historyPageSchema,
  historyQuery,
  listAccountsQuery,
  transferAccountBody,
  updateAccountBody,
} from './accounts.schemas.js';
import { customFieldQueryParams } from '../custom-fields/custom-fields.service.js';
import { createAccountsService } from './accounts.service.js';

const tags = ['accounts'];

export async function accountsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createAccountsService({ database: deps.database, clock: deps.clock });
  const ctx = (request: Parameters<typeof authorize>[0], actor: ReturnType<typeof authorize>) => ({
    actor,
    audit: auditContextOf(actor, request),
    locale: request.locale,
  });

  api.get(
    '/accounts',
    { schema: { tags, summary: 'List accounts (客户)', querystring: listAccountsQuery, response: { 200: accountPageSchema } } },
    async (request) => {
      const actor = authorize(request, 'accounts', 'view');
      if (request.query.deleted === 'true') authorize(request, 'accounts', 'delete');
      return service.list(actor, { ...request.query, ...customFieldQueryParams(request.url) }, request.locale);
    },
  );

  api.post(
    '/accounts',
    { schema: { tags, summary: 'Create an account', body: createAccountBody, response: { 201: accountSchema } } },
    async (request, reply) => {
      const actor = authorize(request, 'accounts', 'create');
      const account = await service.create(ctx(request, actor), request.body);
      return reply.status(201).send(account);
    },
  );

  api.get(
    '/accounts/:id',
    { schema: { tags, summary: 'Get an account', params: accountIdParams, response: { 200: accountSchema } } },
    async (request) => service.get(authorize(request, 'accounts', 'view'), request.params.id),
  );

  api.patch(
    '/accounts/:id',
    { schema: { tags, summary: 'Update an account', params: accountIdParams, body: updateAccountBody, response: { 200: accountSchema } } },
    async (request) => {
      const actor = authorize(request, 'accounts', 'edit');
      return service.update(ctx(request, actor), request.params.id, request.body);
    },
  );

  api.delete(
    '/accounts/:id',
    { schema: { tags, summary: 'Move an account to the recycle bin', params: accountIdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = authorize(request, 'accounts', 'delete');
      await service.remove(ctx(request, actor), request.params.id);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/accounts/:id/restore',
    { schema: { tags, summary: 'Restore an account from the recycle bin', params: accountIdParams, body: emptyBody, response: { 200: accountSchema } } },
    async (request) => {
      const actor = authorize(request, 'accounts', 'delete');
      return service.restore(ctx(request, actor), request.params.id);
    },
  );

  api.post(
    '/accounts/:id/owner',
    { schema: { tags, summary: 'Transfer an account to another owner', params: accountIdParams, body: transferAccountBody, response: { 200: accountSchema } } },
    async (request) => {
      const actor = authorize(request, 'accounts', 'transfer');
      return service.transfer(ctx(request, actor), request.params.id, request.body);
    },
  );

  api.get(
    '/accounts/:id/history',
    { schema: { tags, summary: 'Change history of an account', params: accountIdParams, querystring: historyQuery, response: { 200: historyPageSchema } } },
    async (request) => service.history(authorize(request, 'accounts', 'view'), request.params.id, request.query),
  );
}
