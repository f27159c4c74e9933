import { z } from 'zod';
import { passwordSchema } from '../auth/auth.schemas.js';

export const signupBody = z
  .object({
    organizationName: z.string().trim().min(1).max(100),
    adminName: z.string().trim().min(1).max(50),
    email: z.string().trim().max(254).optional(),
    mobile: z.string().trim().max(20).optional(),
    password: passwordSchema,
  })
  .strict();
export type SignupInput = z.infer<typeof signupBody>;

export const signupResponse = z.object({
  organization: z.object({ id: z.string(), name: z.string() }),
  adminUserId: z.string(),
});
