/**
 * Roles: per-object actions, a data scope and field masks, validated against OBJECT_CATALOG. The four
 * built-in roles may be edited but not deleted; no one can take "roles: edit" away from their own role.
 */
import { randomUUID } from 'node:crypto';
import { DATA_SCOPES, MASK_MODES, OBJECT_CATALOG, type MaskMode } from '../../../core/access/catalog.js';
import { diffFields } from '../../../core/audit/diff.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { httpErrors, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { fieldError } from '../organizations/organizations.errors.js';
import { roleErrors } from './roles.errors.js';
import { rolesRepository } from './roles.repository.js';
import type { CreateRoleInput, RoleDto, UpdateRoleInput } from './roles.schemas.js';

export type RolesDeps = Pick<AppDeps, 'database' | 'clock'>;
export interface ServiceContext {
  audit: AuditContext;
  locale: Locale;
}

const AUDITED_FIELDS = ['name', 'dataScope', 'permissions', 'fieldMasks'] as const;

export function roleCatalog() {
  return {
    objects: OBJECT_CATALOG.map((o) => ({ key: o.key, actions: [...o.actions], fields: o.fields.map((f) => ({ ...f })) })),
    dataScopes: [...DATA_SCOPES],
    maskModes: [...MASK_MODES],
  };
}

/**
 * Checks permissions against the catalog and returns them normalised (catalog order, no duplicates, no
 * empty entries), or the bad keys: `permissions.<object>` for an unknown object, `permissions.<object>.<action>`
 * for an action the object does not have.
 */
export function normalizePermissions(input: Record<string, readonly string[]>): { value: Record<string, string[]>; bad: string[] } {
  const value: Record<string, string[]> = {};
  const bad: string[] = [];
  for (const [object, actions] of Object.entries(input)) {
    const entry = OBJECT_CATALOG.find((o) => o.key === object);
    if (!entry) {
      bad.push(`permissions.${object}`);
      continue;
    }
    for (const a of actions) if (!(entry.actions as readonly string[]).includes(a)) bad.push(`permissions.${object}.${a}`);
    const granted = entry.actions.filter((a) => actions.includes(a));
    if (granted.length) value[object] = granted;
  }
  return { value, bad };
}

/** Checks "object.field" keys against the catalog's maskable fields; `none` entries are dropped. */
export function normalizeFieldMasks(input: Record<string, MaskMode>): { value: Record<string, MaskMode>; bad: string[] } {
  const value: Record<string, MaskMode> = {};
  const bad: string[] = [];
  for (const [key, mode] of Object.entries(input)) {
    const dot = key.indexOf('.');
    const entry = OBJECT_CATALOG.find((o) => o.key === key.slice(0, dot));
    if (dot < 0 || !entry?.fields.some((f) => f.key === key.slice(dot + 1))) {
      bad.push(`fieldMasks.${key}`);
      continue;
    }
    if (mode !== 'none') value[key] = mode;
  }
  return { value, bad };
}

function validated(input: { permissions?: Record<string, string[]>; fieldMasks?: Record<string, MaskMode> }, locale: Locale) {
  const perms = input.permissions ? normalizePermissions(input.permissions) : undefined;
  const masks = input.fieldMasks ? normalizeFieldMasks(input.fieldMasks) : undefined;
  const fields: FieldError[] = [];
  for (const key of perms?.bad ?? []) {
    fields.push({ field: key, message: roleErrors.INVALID_PERMISSION({ key: key.slice('permissions.'.length) }).localizedMessage(locale) });
  }
  for (const key of masks?.bad ?? []) {
    fields.push({ field: key, message: roleErrors.INVALID_FIELD_MASK({ key: key.slice('fieldMasks.'.length) }).localizedMessage(locale) });
  }
  if (fields.length) {
    const first = perms?.bad[0];
    throw first
      ? roleErrors.INVALID_PERMISSION({ key: first.slice('permissions.'.length) }, fields)
      : roleErrors.INVALID_FIELD_MASK({ key: masks!.bad[0]!.slice('fieldMasks.'.length) }, fields);
  }
  return { permissions: perms?.value, fieldMasks: masks?.value };
}

type RoleRow = NonNullable<Awaited<ReturnType<typeof rolesRepository.findById>>>;
const toDto = (r: RoleRow): RoleDto => ({ ...r, isSystem: r.isSystem === 1 });

export async function listRoles(deps: RolesDeps, actor: Actor): Promise<RoleDto[]> {
  const rows = await deps.database.withTenant(actor.orgId, (tx) => rolesRepository.list(tx, actor.orgId));
  return rows.map(toDto);
}

export async function getRole(deps: RolesDeps, actor: Actor, id: string): Promise<RoleDto> {
  const row = await deps.database.withTenant(actor.orgId, (tx) => rolesRepository.findById(tx, actor.orgId, id));
  if (!row) throw roleErrors.ROLE_NOT_FOUND();
  return toDto(row);
}

export async function createRole(deps: RolesDeps, actor: Actor, input: CreateRoleInput, ctx: ServiceContext): Promise<RoleDto> {
  const { permissions, fieldMasks } = validated(input, ctx.locale);
  const { orgId } = actor;
  const id = randomUUID();
  const now = deps.clock.now();
  return deps.database.withTenant(orgId, async (tx) => {
    if (await rolesRepository.nameTaken(tx, orgId, input.name)) {
      throw fieldError(roleErrors.ROLE_NAME_TAKEN, 'name', ctx.locale, { name: input.name });
    }
    const values = {
      orgId,
      id,
      key: null,
      name: input.name,
      dataScope: input.dataScope,
      permissions: permissions ?? {},
      fieldMasks: fieldMasks ?? {},
      isSystem: 0,
      createdAt: now,
      createdBy: actor.userId,
      updatedAt: now,
      updatedBy: actor.userId,
    };
    await rolesRepository.insert(tx, values);
    await auditRepository.insert(tx, [
      { ...ctx.audit, objectType: 'roles', recordId: id, action: 'create', changes: diffFields(null, values, AUDITED_FIELDS) },
    ]);
    return toDto((await rolesRepository.findById(tx, orgId, id))!);
  });
}

export async function updateRole(
  deps: RolesDeps,
  actor: Actor,
  id: string,
  input: UpdateRoleInput,
  ctx: ServiceContext,
): Promise<RoleDto> {
  const { permissions, fieldMasks } = validated(input, ctx.locale);
  const { orgId } = actor;
  const now = deps.clock.now();
  return deps.database.withTenant(orgId, async (tx) => {
    const before = await rolesRepository.findById(tx, orgId, id, { forUpdate: true });
    if (!before) throw roleErrors.ROLE_NOT_FOUND();
    if (before.version !== input.version) throw httpErrors.VERSION_CONFLICT();
    if (id === actor.roleId && permissions && !permissions.roles?.includes('edit')) {
      throw fieldError(roleErrors.CANNOT_REMOVE_OWN_ROLES_EDIT, 'permissions', ctx.locale);
    }
    if (input.name !== undefined && input.name !== before.name && (await rolesRepository.nameTaken(tx, orgId, input.name, id))) {
      throw fieldError(roleErrors.ROLE_NAME_TAKEN, 'name', ctx.locale, { name: input.name });
    }
    const after = {
      ...before,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.dataScope !== undefined ? { dataScope: input.dataScope } : {}),
      ...(permissions !== undefined ? { permissions } : {}),
      ...(fieldMasks !== undefined ? { fieldMasks } : {}),
    };
    const changes = diffFields(before, after, AUDITED_FIELDS);
    if (changes.length > 0) {
      const ok = await rolesRepository.update(tx, orgId, id, input.version, {
        name: after.name,
        dataScope: after.dataScope,
        permissions: after.permissions,
        fieldMasks: after.fieldMasks,
        updatedAt: now,
        updatedBy: actor.userId,
      });
      if (!ok) throw httpErrors.VERSION_CONFLICT();
      await auditRepository.insert(tx, [{ ...ctx.audit, objectType: 'roles', recordId: id, action: 'update', changes }]);
    }
    return toDto((await rolesRepository.findById(tx, orgId, id))!);
  });
}

export async function deleteRole(deps: RolesDeps, actor: Actor, id: string, ctx: ServiceContext): Promise<void> {
  const { orgId } = actor;
  await deps.database.withTenant(orgId, async (tx) => {
    const before = await rolesRepository.findById(tx, orgId, id, { forUpdate: true });
    if (!before) throw roleErrors.ROLE_NOT_FOUND();
    if (before.isSystem === 1) throw roleErrors.SYSTEM_ROLE_UNDELETABLE();
    const count = await rolesRepository.countUsers(tx, orgId, id);
    if (count > 0) throw roleErrors.ROLE_IN_USE({ count });
    await rolesRepository.delete(tx, orgId, id);
    await auditRepository.insert(tx, [
      { ...ctx.audit, objectType: 'roles', recordId: id, action: 'delete', changes: diffFields(before, null, AUDITED_FIELDS) },
    ]);
  });
}
