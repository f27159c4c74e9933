import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import {
  createDepartmentBody,
  departmentListResponse,
  departmentParams,
  departmentResponse,
  updateDepartmentBody,
} from './departments.schemas.js';
import { createDepartment, deleteDepartment, getDepartment, listDepartments, updateDepartment } from './departments.service.js';

export async function departmentsRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['departments'];

  r.get(
    '/departments',
    { schema: { tags, summary: 'All departments (a tree by parentId)', response: { 200: departmentListResponse } } },
    async (request) => ({ items: await listDepartments(deps, authorize(request, 'departments', 'view')) }),
  );

  r.get(
    '/departments/:id',
    { schema: { tags, summary: 'One department', params: departmentParams, response: { 200: departmentResponse } } },
    async (request) => getDepartment(deps, authorize(request, 'departments', 'view'), request.params.id),
  );

  r.post(
    '/departments',
    { schema: { tags, summary: 'Create a department', body: createDepartmentBody, response: { 201: departmentResponse } } },
    async (request, reply) => {
      const actor = authorize(request, 'departments', 'create');
      const dto = await createDepartment(deps, actor, request.body, { audit: auditContextOf(actor, request), locale: request.locale });
      return reply.status(201).send(dto);
    },
  );

  r.patch(
    '/departments/:id',
    {
      schema: {
        tags,
        summary: 'Rename, move or change the manager of a department',
        params: departmentParams,
        body: updateDepartmentBody,
        response: { 200: departmentResponse },
      },
    },
    async (request) => {
      const actor = authorize(request, 'departments', 'edit');
      return updateDepartment(deps, actor, request.params.id, request.body, { audit: auditContextOf(actor, request), locale: request.locale });
    },
  );

  r.delete(
    '/departments/:id',
    { schema: { tags, summary: 'Delete an empty department', params: departmentParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = authorize(request, 'departments', 'delete');
      await deleteDepartment(deps, actor, request.params.id, { audit: auditContextOf(actor, request), locale: request.locale });
      return reply.status(204).send(null);
    },
  );
}
