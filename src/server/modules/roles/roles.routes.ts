import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { createRoleBody, roleCatalogResponse, roleListResponse, roleParams, roleResponse, updateRoleBody } from './roles.schemas.js';
import { createRole, deleteRole, getRole, listRoles, roleCatalog, updateRole } from './roles.service.js';

export async function rolesRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['roles'];

  r.get(
    '/roles',
    { schema: { tags, summary: 'All roles', response: { 200: roleListResponse } } },
    async (request) => ({ items: await listRoles(deps, authorize(request, 'roles', 'view')) }),
  );

  r.get(
    '/roles/catalog',
    {
      schema: {
        tags,
        summary: 'What a role can grant: objects with their actions and maskable fields, data scopes, mask modes',
        response: { 200: roleCatalogResponse },
      },
    },
    async (request) => {
      authorize(request, 'roles', 'view');
      return roleCatalog();
    },
  );

  r.get(
    '/roles/:id',
    { schema: { tags, summary: 'One role', params: roleParams, response: { 200: roleResponse } } },
    async (request) => getRole(deps, authorize(request, 'roles', 'view'), request.params.id),
  );

  r.post(
    '/roles',
    { schema: { tags, summary: 'Create a role', body: createRoleBody, response: { 201: roleResponse } } },
    async (request, reply) => {
      const actor = authorize(request, 'roles', 'create');
      const dto = await createRole(deps, actor, request.body, { audit: auditContextOf(actor, request), locale: request.locale });
      return reply.status(201).send(dto);
    },
  );

  r.patch(
    '/roles/:id',
    { schema: { tags, summary: 'Edit a role', params: roleParams, body: updateRoleBody, response: { 200: roleResponse } } },
    async (request) => {
      const actor = authorize(request, 'roles', 'edit');
      return updateRole(deps, actor, request.params.id, request.body, { audit: auditContextOf(actor, request), locale: request.locale });
    },
  );

  r.delete(
    '/roles/:id',
    { schema: { tags, summary: 'Delete a role no one has (built-in roles cannot be deleted)', params: roleParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = authorize(request, 'roles', 'delete');
      await deleteRole(deps, actor, request.params.id, { audit: auditContextOf(actor, request), locale: request.locale });
      return reply.status(204).send(null);
    },
  );
}
