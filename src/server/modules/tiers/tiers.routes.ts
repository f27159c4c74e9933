import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { applyTiersResult, savedTierSettingsSchema, tierSettingsBody, tierSettingsSchema } from './tiers.schemas.js';
import { createTiersService } from './tiers.service.js';

const tags = ['tiers'];

/** Read: accounts.view. Change the settings and run the rules: roles.edit (organization administration). */
export async function tiersRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = createTiersService({ database: deps.database, clock: deps.clock });

  api.get(
    '/settings/tiers',
    { schema: { tags, summary: 'Customer tiers (客户分级) and tier rules', response: { 200: tierSettingsSchema } } },
    async (request) => service.getSettings(authorize(request, 'accounts', 'view')),
  );

  api.put(
    '/settings/tiers',
    { schema: { tags, summary: 'Change tiers and tier rules, then recompute the rule tiers of the accounts (permission roles.edit)', body: tierSettingsBody, response: { 200: savedTierSettingsSchema } } },
    async (request) => {
      const actor = authorize(request, 'roles', 'edit');
      return service.putSettings({ actor, audit: auditContextOf(actor, request), locale: request.locale }, request.body);
    },
  );

  api.post(
    '/tiers/apply',
    { schema: { tags, summary: 'Recompute rule tiers of every account whose tier is not manual (permission roles.edit)', body: z.strictObject({}).nullish(), response: { 200: applyTiersResult } } },
    async (request) => {
      const actor = authorize(request, 'roles', 'edit');
      return service.apply({ actor, audit: auditContextOf(actor, request) });
    },
  );
}
