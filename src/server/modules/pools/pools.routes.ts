import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tokenScopeAllows } from '../../../core/access/catalog.js';
import { httpErrors } from '../../platform/http/errors.js';
import { auditContextOf } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/auth/actor.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import {
  accountIdParams,
  assignBody,
  claimBody,
  createPoolBody,
  poolActionResult,
  poolIdParams,
  poolListSchema,
  poolSchema,
  releaseBody,
  updatePoolBody,
} from './pools.schemas.js';
import { createPoolsService } from './pools.service.js';

const tags = ['pools'];

export async function poolsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createPoolsService({ database: deps.database, clock: deps.clock });
  const cmd = (request: FastifyRequest, actor: Actor) => ({ actor, audit: auditContextOf(actor, request), locale: request.locale });

  api.get(
    '/pools',
    { schema: { tags, summary: 'Public pools (公海) the user may browse, with their rules', response: { 200: poolListSchema } } },
    async (request) => ({ items: await service.list(authorize(request, 'accounts', 'view')) }),
  );

  api.get(
    '/pools/:poolId',
    { schema: { tags, summary: 'One pool', params: poolIdParams, response: { 200: poolSchema } } },
    async (request) => service.get(authorize(request, 'accounts', 'view'), request.params.poolId),
  );

  api.post(
    '/pools',
    { schema: { tags, summary: 'Create a pool (permission roles.edit)', body: createPoolBody, response: { 201: poolSchema } } },
    async (request, reply) => {
      const actor = authorize(request, 'roles', 'edit');
      return reply.status(201).send(await service.create(cmd(request, actor), request.body));
    },
  );

  api.patch(
    '/pools/:poolId',
    {
      schema: {
        tags,
        summary: 'Edit a pool’s rules, departments, default flag (permission roles.edit); reclaim times are recomputed',
        params: poolIdParams,
        body: updatePoolBody,
        response: { 200: poolSchema },
      },
    },
    async (request) => service.update(cmd(request, authorize(request, 'roles', 'edit')), request.params.poolId, request.body),
  );

  api.delete(
    '/pools/:poolId',
    { schema: { tags, summary: 'Delete an empty, non-default pool (permission roles.edit)', params: poolIdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.remove(cmd(request, authorize(request, 'roles', 'edit')), request.params.poolId);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/pools/:poolId/claim',
    {
      schema: {
        tags,
        summary: 'Claim pool customers (daily cap, cooldown and holding cap apply; permission accounts.edit)',
        params: poolIdParams,
        body: claimBody,
        response: { 200: poolActionResult },
      },
    },
    async (request) => ({
      accountIds: await service.claim(cmd(request, authorize(request, 'accounts', 'edit')), request.params.poolId, request.body.accountIds),
    }),
  );

  api.post(
    '/pools/:poolId/assign',
    {
      schema: {
        tags,
        summary: 'Assign pool customers to a user (holding cap applies; permission accounts.transfer)',
        params: poolIdParams,
        body: assignBody,
        response: { 200: poolActionResult },
      },
    },
    async (request) => ({
      accountIds: await service.assign(
        cmd(request, authorize(request, 'accounts', 'transfer')),
        request.params.poolId,
        request.body.accountIds,
        request.body.userId,
      ),
    }),
  );

  api.post(
    '/accounts/:id/release',
    {
      schema: {
        tags: ['accounts', ...tags],
        summary: 'Release a customer to a pool (the owner, or accounts.transfer within the data scope)',
        params: accountIdParams,
        body: releaseBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      // the owner needs accounts.edit, others accounts.transfer: the service decides which
      const actor = authorize(request, 'accounts', 'view');
      if (actor.tokenScopes && !tokenScopeAllows(actor.tokenScopes, 'accounts', 'edit')) throw httpErrors.FORBIDDEN();
      await service.release(cmd(request, actor), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
}
