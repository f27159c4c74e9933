import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { listAccountsQuery } from '../accounts/accounts.schemas.js';
import { attachment } from '../imports/imports.routes.js';
import { createExportsService, type ExportQuery } from './exports.service.js';

const tags = ['exports'];

export const exportAccountsQuery = listAccountsQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

export async function exportsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createExportsService({ database: deps.database, clock: deps.clock });

  api.get(
    '/exports/accounts',
    {
      schema: {
        tags,
        summary: 'Export the accounts list (same filters, data scope and masking as the list) as CSV or XLSX',
        querystring: exportAccountsQuery,
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'accounts', 'export');
      if (request.query.deleted === 'true') authorize(request, 'accounts', 'delete');
      const { format, cursor: _cursor, ...filters } = request.query as typeof request.query & { cursor?: string };
      const result = await service.exportAccounts(actor, auditContextOf(actor, request), filters as ExportQuery, format, request.locale);
      request.log.info({ objectType: 'accounts', format, userId: actor.userId }, 'export started');
      return reply
        .type(result.contentType)
        .header('content-disposition', attachment(result.fileName))
        .header('cache-control', 'no-store')
        .send(result.stream);
    },
  );
  // INTEGRATION POINT: /exports/contacts and /exports/leads once their list services are final (same pattern)
}
