import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasPermission } from '../../../core/access/catalog.js';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize, requireActor } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import {
  activityIdParams,
  activityPageSchema,
  activitySchema,
  activitySettingsBody,
  activitySettingsSchema,
  createActivityBody,
  listActivitiesQuery,
  updateActivityBody,
} from './activities.schemas.js';
import { createActivitiesService } from './activities.service.js';
import { createActivitySettingsService } from './activities.settings.js';

const tags = ['activities'];

/** Organization administration of follow-up settings: pipelines.edit or roles.edit. */
function authorizeSettingsEdit(request: FastifyRequest) {
  const actor = requireActor(request);
  return hasPermission(actor.permissions, 'pipelines', 'edit') ? authorize(request, 'pipelines', 'edit') : authorize(request, 'roles', 'edit');
}

export async function activitiesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createActivitiesService({ database: deps.database, clock: deps.clock });
  const settings = createActivitySettingsService({ database: deps.database, clock: deps.clock });
  const ctx = (request: FastifyRequest, actor: ReturnType<typeof authorize>) => ({
    actor,
    audit: auditContextOf(actor, request),
    locale: request.locale,
  });

  api.get(
    '/activities',
    { schema: { tags, summary: 'List follow-ups (跟进记录), newest first', querystring: listActivitiesQuery, response: { 200: activityPageSchema } } },
    async (request) => service.list(authorize(request, 'activities', 'view'), request.query, request.locale),
  );

  api.post(
    '/activities',
    { schema: { tags, summary: 'Log a follow-up on an account or deal', body: createActivityBody, response: { 201: activitySchema } } },
    async (request, reply) => {
      const actor = authorize(request, 'activities', 'create');
      return reply.status(201).send(await service.create(ctx(request, actor), request.body));
    },
  );

  api.get(
    '/activities/:id',
    { schema: { tags, summary: 'Get a follow-up', params: activityIdParams, response: { 200: activitySchema } } },
    async (request) => service.get(authorize(request, 'activities', 'view'), request.params.id, request.locale),
  );

  api.patch(
    '/activities/:id',
    { schema: { tags, summary: 'Edit a follow-up (the person who logged it)', params: activityIdParams, body: updateActivityBody, response: { 200: activitySchema } } },
    async (request) => {
      const actor = authorize(request, 'activities', 'edit');
      return service.update(ctx(request, actor), request.params.id, request.body);
    },
  );

  api.delete(
    '/activities/:id',
    { schema: { tags, summary: 'Delete a follow-up (the person who logged it, or activities.delete)', params: activityIdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = authorize(request, 'activities', 'edit');
      await service.remove(ctx(request, actor), request.params.id);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/settings/activities',
    { schema: { tags, summary: 'Follow-up settings: types, required fields, effective-follow-up rule, reminders', response: { 200: activitySettingsSchema } } },
    async (request) => settings.get(authorize(request, 'activities', 'view')),
  );

  api.put(
    '/settings/activities',
    { schema: { tags, summary: 'Change the follow-up settings (permission pipelines.edit or roles.edit)', body: activitySettingsBody, response: { 200: activitySettingsSchema } } },
    async (request) => {
      const actor = authorizeSettingsEdit(request);
      return settings.put(ctx(request, actor), request.body);
    },
  );
}
