/**
 * The department tree: one root (the organization itself, created with it), any depth below it.
 * Deletes are soft and only of empty departments; moves may not create cycles.
 */
import { randomUUID } from 'node:crypto';
import { diffFields } from '../../../core/audit/diff.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { fieldError } from '../organizations/organizations.errors.js';
import { departmentErrors } from './departments.errors.js';
import { departmentsRepository, type DepartmentsRepository } from './departments.repository.js';
import type { CreateDepartmentInput, DepartmentDto, UpdateDepartmentInput } from './departments.schemas.js';

export type DepartmentsDeps = Pick<AppDeps, 'database' | 'clock'>;
export interface ServiceContext {
  audit: AuditContext;
  locale: Locale;
}

const AUDITED_FIELDS = ['name', 'parentId', 'managerId'] as const;

/** True when putting `id` under `newParentId` would make it its own ancestor. */
export function wouldCreateCycle(nodes: readonly { id: string; parentId: string | null }[], id: string, newParentId: string): boolean {
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  const seen = new Set<string>();
  let cursor: string | null | undefined = newParentId;
  while (cursor) {
    if (cursor === id) return true;
    if (seen.has(cursor)) return true; // an existing cycle: refuse rather than loop
    seen.add(cursor);
    cursor = parentOf.get(cursor);
  }
  return false;
}

export async function listDepartments(deps: DepartmentsDeps, actor: Actor, repo: Pick<DepartmentsRepository, 'list'> = departmentsRepository) {
  return deps.database.withTenant(actor.orgId, (tx) => repo.list(tx, actor.orgId));
}

export async function getDepartment(deps: DepartmentsDeps, actor: Actor, id: string): Promise<DepartmentDto> {
  const dto = await deps.database.withTenant(actor.orgId, (tx) => departmentsRepository.findDto(tx, actor.orgId, id));
  if (!dto) throw departmentErrors.DEPARTMENT_NOT_FOUND();
  return dto;
}

export async function createDepartment(
  deps: DepartmentsDeps,
  actor: Actor,
  input: CreateDepartmentInput,
  ctx: ServiceContext,
): Promise<DepartmentDto> {
  const { orgId } = actor;
  const id = randomUUID();
  const now = deps.clock.now();
  return deps.database.withTenant(orgId, async (tx) => {
    let parentId = input.parentId ?? null;
    if (parentId) {
      if (!(await departmentsRepository.findDto(tx, orgId, parentId))) {
        throw fieldError(departmentErrors.PARENT_NOT_FOUND, 'parentId', ctx.locale);
      }
    } else {
      parentId = (await departmentsRepository.findRoot(tx, orgId))?.id ?? null;
      if (!parentId) throw fieldError(departmentErrors.PARENT_NOT_FOUND, 'parentId', ctx.locale);
    }
    const managerId = input.managerId ?? null;
    if (managerId && !(await departmentsRepository.activeUserExists(tx, orgId, managerId))) {
      throw fieldError(departmentErrors.MANAGER_NOT_FOUND, 'managerId', ctx.locale);
    }
    if (await departmentsRepository.siblingNameTaken(tx, orgId, parentId, input.name)) {
      throw fieldError(departmentErrors.DEPARTMENT_NAME_TAKEN, 'name', ctx.locale, { name: input.name });
    }
    const row = { orgId, id, name: input.name, parentId, managerId, createdAt: now, createdBy: actor.userId, updatedAt: now, updatedBy: actor.userId };
    await departmentsRepository.insert(tx, row);
    await auditRepository.insert(tx, [
      { ...ctx.audit, objectType: 'departments', recordId: id, action: 'create', changes: diffFields(null, row, AUDITED_FIELDS) },
    ]);
    return (await departmentsRepository.findDto(tx, orgId, id))!;
  });
}

export async function updateDepartment(
  deps: DepartmentsDeps,
  actor: Actor,
  id: string,
  input: UpdateDepartmentInput,
  ctx: ServiceContext,
): Promise<DepartmentDto> {
  const { orgId } = actor;
  const now = deps.clock.now();
  return deps.database.withTenant(orgId, async (tx) => {
    const before = await departmentsRepository.findForUpdate(tx, orgId, id);
    if (!before) throw departmentErrors.DEPARTMENT_NOT_FOUND();
    if (before.version !== input.version) throw httpErrors.VERSION_CONFLICT();

    const patch: { name?: string; parentId?: string | null; managerId?: string | null } = {};
    if (input.name !== undefined && input.name !== before.name) patch.name = input.name;

    if (input.parentId !== undefined) {
      const isRoot = before.parentId === null;
      if (isRoot) {
        if (input.parentId !== null) throw fieldError(departmentErrors.ROOT_HAS_NO_PARENT, 'parentId', ctx.locale);
      } else {
        const tree = await departmentsRepository.listTree(tx, orgId, { lock: true });
        const newParentId = input.parentId ?? tree.find((n) => n.parentId === null)?.id ?? null;
        if (!newParentId || !tree.some((n) => n.id === newParentId)) {
          throw fieldError(departmentErrors.PARENT_NOT_FOUND, 'parentId', ctx.locale);
        }
        if (wouldCreateCycle(tree, id, newParentId)) throw fieldError(departmentErrors.DEPARTMENT_CYCLE, 'parentId', ctx.locale);
        if (newParentId !== before.parentId) patch.parentId = newParentId;
      }
    }

    if (input.managerId !== undefined && input.managerId !== before.managerId) {
      if (input.managerId && !(await departmentsRepository.activeUserExists(tx, orgId, input.managerId))) {
        throw fieldError(departmentErrors.MANAGER_NOT_FOUND, 'managerId', ctx.locale);
      }
      patch.managerId = input.managerId;
    }

    const after = { ...before, ...patch };
    if ((patch.name !== undefined || patch.parentId !== undefined) && after.parentId) {
      if (await departmentsRepository.siblingNameTaken(tx, orgId, after.parentId, after.name, id)) {
        throw fieldError(departmentErrors.DEPARTMENT_NAME_TAKEN, 'name', ctx.locale, { name: after.name });
      }
    }
    const changes = diffFields(before, after, AUDITED_FIELDS);
    if (changes.length > 0) {
      const updated = await departmentsRepository.update(tx, orgId, id, input.version, { ...patch, updatedAt: now, updatedBy: actor.userId });
      if (!updated) throw httpErrors.VERSION_CONFLICT();
      await auditRepository.insert(tx, [{ ...ctx.audit, objectType: 'departments', recordId: id, action: 'update', changes }]);
    }
    return (await departmentsRepository.findDto(tx, orgId, id))!;
  });
}

export async function deleteDepartment(deps: DepartmentsDeps, actor: Actor, id: string, ctx: ServiceContext): Promise<void> {
  const { orgId } = actor;
  const now = deps.clock.now();
  await deps.database.withTenant(orgId, async (tx) => {
    const before = await departmentsRepository.findForUpdate(tx, orgId, id);
    if (!before) throw departmentErrors.DEPARTMENT_NOT_FOUND();
    if (before.parentId === null) throw departmentErrors.ROOT_DEPARTMENT_UNDELETABLE();
    const contents = await departmentsRepository.countContents(tx, orgId, id);
    if (contents.members > 0 || contents.children > 0) throw departmentErrors.DEPARTMENT_NOT_EMPTY();
    await departmentsRepository.softDelete(tx, orgId, id, now, actor.userId);
    await auditRepository.insert(tx, [
      { ...ctx.audit, objectType: 'departments', recordId: id, action: 'delete', changes: diffFields(before, null, AUDITED_FIELDS) },
    ]);
  });
}
