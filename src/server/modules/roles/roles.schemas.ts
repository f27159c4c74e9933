import { z } from 'zod';
import { ACTIONS, DATA_SCOPES, MASK_MODES } from '../../../core/access/catalog.js';

const name = z.string().trim().min(1).max(50);
/** { [object]: action[] }; objects and actions are checked against OBJECT_CATALOG */
const permissions = z.record(z.string().max(100), z.array(z.string().max(50)).max(20));
/** { "object.field": none | list | all } */
const fieldMasks = z.record(z.string().max(200), z.enum(MASK_MODES));

export const roleParams = z.object({ id: z.guid() }).strict();

export const createRoleBody = z
  .object({ name, dataScope: z.enum(DATA_SCOPES), permissions, fieldMasks: fieldMasks.default({}) })
  .strict();
export type CreateRoleInput = z.infer<typeof createRoleBody>;

export const updateRoleBody = z
  .object({
    name: name.optional(),
    dataScope: z.enum(DATA_SCOPES).optional(),
    permissions: permissions.optional(),
    fieldMasks: fieldMasks.optional(),
    version: z.number().int().min(1),
  })
  .strict();
export type UpdateRoleInput = z.infer<typeof updateRoleBody>;

export const roleResponse = z.object({
  id: z.string(),
  /** stable key of the built-in roles (admin, director, manager, rep); null for roles created here */
  key: z.string().nullable(),
  name: z.string(),
  dataScope: z.enum(DATA_SCOPES),
  permissions: z.record(z.string(), z.array(z.string())),
  fieldMasks: z.record(z.string(), z.enum(MASK_MODES)),
  isSystem: z.boolean(),
  version: z.number().int(),
});
export type RoleDto = z.infer<typeof roleResponse>;

export const roleListResponse = z.object({ items: z.array(roleResponse) });

export const roleCatalogResponse = z.object({
  objects: z.array(
    z.object({
      key: z.string(),
      actions: z.array(z.enum(ACTIONS)),
      fields: z.array(z.object({ key: z.string(), maskKind: z.enum(['phone', 'amount', 'text', 'email']) })),
    }),
  ),
  dataScopes: z.array(z.enum(DATA_SCOPES)),
  maskModes: z.array(z.enum(MASK_MODES)),
});
