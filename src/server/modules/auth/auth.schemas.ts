import { z } from 'zod';
import { DATA_SCOPES } from '../../../core/access/catalog.js';
import { MIN_PASSWORD_LENGTH } from '../../platform/auth/passwords.js';

export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(200);

export const signInBody = z
  .object({
    identifier: z.string().trim().min(1).max(320),
    password: z.string().min(1).max(200),
  })
  .strict();

export const changePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: passwordSchema,
  })
  .strict();

/** Body of POSTs that take none (sign-out): absent or `{}`. */
export const emptyBody = z.object({}).strict().nullish();

export const meResponse = z.object({
  user: z.object({
    id: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    mobile: z.string().nullable(),
    departmentId: z.string().nullable(),
    roleId: z.string(),
    roleName: z.string(),
    dataScope: z.enum(DATA_SCOPES),
    permissions: z.record(z.string(), z.array(z.string())),
  }),
  organization: z.object({ id: z.string(), name: z.string() }),
  /** send it as `x-csrf-token` on every write; null for API tokens (no CSRF) */
  csrfToken: z.string().nullable(),
});
export type MePayload = z.infer<typeof meResponse>;

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
