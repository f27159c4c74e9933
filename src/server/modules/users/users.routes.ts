import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import {
  createUserBody,
  listUsersQuery,
  resetPasswordBody,
  updateUserBody,
  userListResponse,
  userParams,
  userResponse,
} from './users.schemas.js';
import { createUser, getUser, listUsers, resetPassword, updateUser } from './users.service.js';

export async function usersRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'Users, oldest first, keyset-paginated (pass nextCursor as cursor)',
        querystring: listUsersQuery,
        response: { 200: userListResponse },
      },
    },
    async (request) => listUsers(deps, authorize(request, 'users', 'view'), request.query, request.locale),
  );

  r.get(
    '/users/:id',
    { schema: { tags, summary: 'One user', params: userParams, response: { 200: userResponse } } },
    async (request) => getUser(deps, authorize(request, 'users', 'view'), request.params.id),
  );

  r.post(
    '/users',
    { schema: { tags, summary: 'Create a user', body: createUserBody, response: { 201: userResponse } } },
    async (request, reply) => {
      const actor = authorize(request, 'users', 'create');
      const dto = await createUser(deps, actor, request.body, { audit: auditContextOf(actor, request), locale: request.locale });
      return reply.status(201).send(dto);
    },
  );

  r.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Edit a user (status inactive deactivates and signs them out)',
        params: userParams,
        body: updateUserBody,
        response: { 200: userResponse },
      },
    },
    async (request) => {
      const actor = authorize(request, 'users', 'edit');
      return updateUser(deps, actor, request.params.id, request.body, { audit: auditContextOf(actor, request), locale: request.locale });
    },
  );

  r.post(
    '/users/:id/password',
    {
      schema: {
        tags,
        summary: "Reset a user's password (ends their sessions)",
        params: userParams,
        body: resetPasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'users', 'edit');
      await resetPassword(deps, actor, request.params.id, request.body, { audit: auditContextOf(actor, request), locale: request.locale });
      return reply.status(204).send(null);
    },
  );
}
