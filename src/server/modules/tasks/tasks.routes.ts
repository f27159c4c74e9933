import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { createTaskBody, listTasksQuery, taskIdParams, taskPageSchema, taskSchema, updateTaskBody } from './tasks.schemas.js';
import { createTasksService } from './tasks.service.js';

const tags = ['tasks'];

/** Tasks go with follow-ups: read activities.view, create activities.create, change activities.edit. */
export async function tasksRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createTasksService({ database: deps.database, clock: deps.clock });
  const ctx = (request: Parameters<typeof authorize>[0], actor: ReturnType<typeof authorize>) => ({
    actor,
    audit: auditContextOf(actor, request),
    locale: request.locale,
  });

  api.get(
    '/tasks',
    { schema: { tags, summary: 'Tasks (任务) of a view: today, overdue, upcoming or done; yours or a user in your data scope', querystring: listTasksQuery, response: { 200: taskPageSchema } } },
    async (request) => service.list(authorize(request, 'activities', 'view'), request.query, request.locale),
  );

  api.post(
    '/tasks',
    { schema: { tags, summary: 'Create a task for yourself or a user in your data scope', body: createTaskBody, response: { 201: taskSchema } } },
    async (request, reply) => {
      const actor = authorize(request, 'activities', 'create');
      return reply.status(201).send(await service.create(ctx(request, actor), request.body));
    },
  );

  api.get(
    '/tasks/:id',
    { schema: { tags, summary: 'Get a task', params: taskIdParams, response: { 200: taskSchema } } },
    async (request) => service.get(authorize(request, 'activities', 'view'), request.params.id),
  );

  api.patch(
    '/tasks/:id',
    { schema: { tags, summary: 'Edit or complete a task ({ version, status: "done" })', params: taskIdParams, body: updateTaskBody, response: { 200: taskSchema } } },
    async (request) => {
      const actor = authorize(request, 'activities', 'edit');
      return service.update(ctx(request, actor), request.params.id, request.body);
    },
  );
}
