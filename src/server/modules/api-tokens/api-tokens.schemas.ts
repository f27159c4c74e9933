import { z } from 'zod';
import { API_TOKEN_SCOPES } from '../../../core/access/catalog.js';

export const apiTokenParams = z.object({ id: z.guid() }).strict();

export const createApiTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z
      .array(z.enum(API_TOKEN_SCOPES))
      .min(1)
      .max(API_TOKEN_SCOPES.length)
      .transform((s) => API_TOKEN_SCOPES.filter((x) => s.includes(x))),
    /** omitted → never expires */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();
export type CreateApiTokenInput = z.infer<typeof createApiTokenBody>;

export const apiTokenItem = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  userId: z.string(),
  userName: z.string().nullable(),
});
export type ApiTokenItem = z.infer<typeof apiTokenItem>;

export const apiTokenListResponse = z.object({ items: z.array(apiTokenItem) });

export const createApiTokenResponse = z.object({
  /** the only time the token is shown: `ld_<org>_<secret>`, send as `Authorization: Bearer …` */
  token: z.string(),
  item: apiTokenItem,
});
