import { z } from 'zod';
import { meResponse, passwordSchema } from '../auth/auth.schemas.js';

export const setupStatusResponse = z.object({ needsSetup: z.boolean() });

export const setupBody = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('create'),
      organizationName: z.string().trim().min(1).max(100),
      adminName: z.string().trim().min(1).max(50),
      email: z.string().trim().min(3).max(254),
      mobile: z.string().trim().max(20).optional(),
      password: passwordSchema,
    })
    .strict(),
  z.object({ mode: z.literal('demo') }).strict(),
]);
export type SetupInput = z.infer<typeof setupBody>;

export const setupResponse = meResponse.extend({
  /** demo mode only: the demo administrator's sign-in, shown once */
  demoCredentials: z.object({ identifier: z.string(), password: z.string() }).optional(),
});
