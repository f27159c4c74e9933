import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/auth/actor.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { createPipelineBody, pipelineIdParams, pipelineListSchema, pipelineSchema, updatePipelineBody } from './pipelines.schemas.js';
import { createPipelinesService } from './pipelines.service.js';

const tags = ['pipelines'];

/** Pipelines (销售流程) and their stages: pipelines.view to read, pipelines.edit to create and change. */
export async function pipelinesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createPipelinesService({ database: deps.database, clock: deps.clock });
  const cmd = (request: FastifyRequest, actor: Actor) => ({ actor, audit: auditContextOf(actor, request), locale: request.locale });

  api.get(
    '/pipelines',
    {
      schema: {
        tags,
        summary: 'Pipelines with their stages (the default pipeline is created on first use)',
        response: { 200: pipelineListSchema },
      },
    },
    async (request) => ({ items: await service.list(authorize(request, 'pipelines', 'view')) }),
  );

  api.get(
    '/pipelines/:id',
    { schema: { tags, summary: 'One pipeline', params: pipelineIdParams, response: { 200: pipelineSchema } } },
    async (request) => service.get(authorize(request, 'pipelines', 'view'), request.params.id),
  );

  api.post(
    '/pipelines',
    {
      schema: {
        tags,
        summary: 'Create a pipeline (permission pipelines.edit): 2–12 stages, one won and one lost stage after the open ones',
        body: createPipelineBody,
        response: { 201: pipelineSchema },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'pipelines', 'edit');
      return reply.status(201).send(await service.create(cmd(request, actor), request.body));
    },
  );

  api.put(
    '/pipelines/:id',
    {
      schema: {
        tags,
        summary:
          'Change a pipeline: name, switches and stages as one document (permission pipelines.edit; optimistic version → 409; a stage still used by deals cannot be removed → 409 STAGE_IN_USE)',
        params: pipelineIdParams,
        body: updatePipelineBody,
        response: { 200: pipelineSchema },
      },
    },
    async (request) => service.update(cmd(request, authorize(request, 'pipelines', 'edit')), request.params.id, request.body),
  );
}
