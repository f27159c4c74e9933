import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { listAccountsQuery } from '../accounts/accounts.schemas.js';
import { listContactsQuery } from '../contacts/contacts.schemas.js';
import { attachment } from '../imports/imports.routes.js';
import { listLeadsQuery } from '../leads/leads.schemas.js';
import { createExportsService, type ExportObjectType, type ExportQuery } from './exports.service.js';

const tags = ['exports'];
const format = { format: z.enum(['csv', 'xlsx']).default('csv') };

/** Each export takes its list's query (without paging) plus `format`. */
export const exportAccountsQuery = listAccountsQuery.omit({ cursor: true, limit: true }).extend(format);
export const exportContactsQuery = listContactsQuery.omit({ cursor: true, limit: true }).extend(format);
export const exportLeadsQuery = listLeadsQuery.omit({ cursor: true, limit: true }).extend(format);

const EXPORTS: Record<ExportObjectType, { querystring: z.ZodType; summary: string }> = {
  accounts: { querystring: exportAccountsQuery, summary: 'Export the accounts list (same filters, data scope and masking as GET /accounts) as CSV or XLSX' },
  contacts: { querystring: exportContactsQuery, summary: 'Export the contacts list (same filters, data scope and masking as GET /contacts) as CSV or XLSX' },
  leads: { querystring: exportLeadsQuery, summary: 'Export the leads list (same filters, data scope and masking as GET /leads) as CSV or XLSX' },
};

/** GET /exports/{accounts|contacts|leads}: permission `export` on the type (and `delete` for the recycle bin). */
export async function exportsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createExportsService({ database: deps.database, clock: deps.clock });

  for (const [objectType, spec] of Object.entries(EXPORTS) as [ExportObjectType, (typeof EXPORTS)[ExportObjectType]][]) {
    api.get(`/exports/${objectType}`, { schema: { tags, summary: spec.summary, querystring: spec.querystring } }, async (request, reply) => {
      const actor = authorize(request, objectType, 'export');
      const query = request.query as { format: 'csv' | 'xlsx'; deleted?: string; cursor?: string; limit?: unknown } & ExportQuery;
      if (query.deleted === 'true') authorize(request, objectType, 'delete');
      const { format: fmt, cursor: _cursor, limit: _limit, ...filters } = query;
      const result = await service.exportList(objectType, actor, auditContextOf(actor, request), filters, fmt, request.locale);
      request.log.info({ objectType, format: fmt, userId: actor.userId }, 'export started');
      return reply
        .type(result.contentType)
        .header('content-disposition', attachment(result.fileName))
        .header('cache-control', 'no-store')
        .send(result.stream);
    });
  }
}
