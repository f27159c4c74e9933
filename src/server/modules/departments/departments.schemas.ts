import { z } from 'zod';

const name = z.string().trim().min(1).max(100);

export const departmentParams = z.object({ id: z.guid() }).strict();

export const createDepartmentBody = z
  .object({
    name,
    /** defaults to the root department */
    parentId: z.guid().nullish(),
    managerId: z.guid().nullish(),
  })
  .strict();
export type CreateDepartmentInput = z.infer<typeof createDepartmentBody>;

export const updateDepartmentBody = z
  .object({
    name: name.optional(),
    /** null moves the department directly under the root department */
    parentId: z.guid().nullish(),
    /** null removes the manager */
    managerId: z.guid().nullish(),
    version: z.number().int().min(1),
  })
  .strict();
export type UpdateDepartmentInput = z.infer<typeof updateDepartmentBody>;

export const departmentResponse = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  managerId: z.string().nullable(),
  managerName: z.string().nullable(),
  memberCount: z.number().int(),
  version: z.number().int(),
});
export type DepartmentDto = z.infer<typeof departmentResponse>;

export const departmentListResponse = z.object({ items: z.array(departmentResponse) });
