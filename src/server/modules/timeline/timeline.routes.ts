import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { timelinePageSchema, timelineQuery } from './timeline.schemas.js';
import { createTimelineService } from './timeline.service.js';

export async function timelineRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createTimelineService({ database: deps.database });

  api.get(
    '/timeline',
    {
      schema: {
        tags: ['timeline'],
        summary: 'Timeline of a deal or account: follow-ups, stage moves, field changes, comments, tasks (newest first)',
        querystring: timelineQuery,
        response: { 200: timelinePageSchema },
      },
    },
    async (request) => service.page(authorize(request, request.query.objectType, 'view'), request.query, request.locale),
  );
}
