import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import {
  emptyBody,
  listNotificationsQuery,
  notificationIdParams,
  notificationListSchema,
  notificationSchema,
} from './notifications.schemas.js';
import { notificationsService } from './notifications.service.js';

const tags = ['notifications'];

/** The signed-in user's own notifications (no object permission: everyone sees only their own). */
export async function notificationsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/notifications',
    { schema: { tags, summary: 'List my notifications, newest first', querystring: listNotificationsQuery, response: { 200: notificationListSchema } } },
    async (request) => notificationsService.list(deps.database, requireActor(request), request.query),
  );

  api.post(
    '/notifications/:id/read',
    { schema: { tags, summary: 'Mark one of my notifications read', params: notificationIdParams, body: emptyBody, response: { 200: notificationSchema } } },
    async (request) => notificationsService.markRead(deps.database, deps.clock, requireActor(request), request.params.id),
  );
}
