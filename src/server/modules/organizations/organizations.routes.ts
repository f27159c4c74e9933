import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps.js';
import { organizationErrors } from './organizations.errors.js';
import { signupBody, signupResponse } from './organizations.schemas.js';
import { createOrganization } from './organizations.service.js';

export async function organizationsRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/organizations',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Sign up a new organization with its first administrator (when LUODI_ALLOW_SIGNUP is on)',
        body: signupBody,
        response: { 201: signupResponse },
      },
    },
    async (request, reply) => {
      if (!deps.config.allowSignup) throw organizationErrors.SIGNUP_DISABLED();
      const { organizationName, adminName, email, mobile, password } = request.body;
      const created = await createOrganization(deps.database, {
        name: organizationName,
        admin: { displayName: adminName, email: email || null, mobile: mobile || null, password },
        locale: request.locale,
      });
      return reply
        .status(201)
        .send({ organization: { id: created.orgId, name: organizationName }, adminUserId: created.adminUserId });
    },
  );
}
