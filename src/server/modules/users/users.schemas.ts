import { z } from 'zod';
import { passwordSchema } from '../auth/auth.schemas.js';

export const USER_STATUSES = ['active', 'inactive'] as const;

const displayName = z.string().trim().min(1).max(50);
const email = z.string().trim().max(254);
const mobile = z.string().trim().max(20);

export const userParams = z.object({ id: z.guid() }).strict();

export const listUsersQuery = z
  .object({
    /** matches name, email or mobile */
    q: z.string().trim().max(100).optional(),
    departmentId: z.guid().optional(),
    status: z.enum(USER_STATUSES).optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const createUserBody = z
  .object({
    displayName,
    email: email.optional(),
    mobile: mobile.optional(),
    password: passwordSchema,
    departmentId: z.guid(),
    roleId: z.guid(),
  })
  .strict();
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .object({
    displayName: displayName.optional(),
    /** null or '' removes it (one of email and mobile must remain) */
    email: email.nullish(),
    mobile: mobile.nullish(),
    departmentId: z.guid().optional(),
    roleId: z.guid().optional(),
    status: z.enum(USER_STATUSES).optional(),
    version: z.number().int().min(1),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const resetPasswordBody = z.object({ newPassword: passwordSchema }).strict();

export const userResponse = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  roleId: z.string(),
  roleName: z.string(),
  status: z.enum(USER_STATUSES),
  createdAt: z.string(),
  version: z.number().int(),
});
export type UserDto = z.infer<typeof userResponse>;

export const userListResponse = z.object({ items: z.array(userResponse), nextCursor: z.string().nullable() });
