import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { createMergeService } from './duplicates.merge.js';
import {
  duplicateProbeBody,
  duplicateResultSchema,
  duplicateSettingsSchema,
  mergeAccountsBody,
  mergeResultSchema,
  putDuplicateSettingsBody,
} from './duplicates.schemas.js';
import { createDuplicatesService } from './duplicates.service.js';

const tags = ['duplicates'];

/**
 * Permissions: check — `view` on the probe's object type; read the rules — `accounts.view`; change them —
 * `roles.edit` (organization administration, like custom fields and pools); merge — `accounts.edit` and
 * `accounts.delete`.
 */
export async function duplicatesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createDuplicatesService({ database: deps.database, clock: deps.clock });
  const merge = createMergeService({ database: deps.database, clock: deps.clock });

  api.post(
    '/duplicates/check',
    { schema: { tags, summary: 'Duplicate check (查重) while a record is typed', body: duplicateProbeBody, response: { 200: duplicateResultSchema } } },
    async (request) => {
      const actor = authorize(request, request.body.objectType, 'view');
      return service.checkNow(actor, request.body, request.locale);
    },
  );

  api.get(
    '/settings/duplicates',
    { schema: { tags, summary: 'Duplicate rules of the organization', response: { 200: duplicateSettingsSchema } } },
    async (request) => service.getSettings(authorize(request, 'accounts', 'view')),
  );

  api.put(
    '/settings/duplicates',
    { schema: { tags, summary: 'Change the duplicate rules (permission roles.edit)', body: putDuplicateSettingsBody, response: { 200: duplicateSettingsSchema } } },
    async (request) => {
      const actor = authorize(request, 'roles', 'edit');
      return service.putSettings({ actor, audit: auditContextOf(actor, request) }, request.body);
    },
  );

  api.post(
    '/accounts/merge',
    { schema: { tags: ['accounts'], summary: 'Merge duplicate accounts into one (accounts.edit + accounts.delete)', body: mergeAccountsBody, response: { 200: mergeResultSchema } } },
    async (request) => {
      authorize(request, 'accounts', 'delete');
      const actor = authorize(request, 'accounts', 'edit');
      return merge.mergeAccounts({ actor, audit: auditContextOf(actor, request), locale: request.locale }, request.body);
    },
  );
}
