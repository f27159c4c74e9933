import { z } from 'zod';
import { MAX_TEAM_SIZE, TEAM_ROLE_KEYS } from '../../../core/deals/teamSplit.js';

export const dealIdParams = z.object({ id: z.string().max(100) });

export const teamMemberSchema = z.object({
  userId: z.string(),
  userName: z.string().nullable(),
  /** owner, sales, presales, support, partner, other (core/deals/teamSplit TEAM_ROLES) */
  role: z.string(),
  /** whole percent; the members' splits sum to 100 */
  creditPercent: z.number().int(),
});
export type TeamMemberDto = z.infer<typeof teamMemberSchema>;

export const dealTeamSchema = z.object({
  dealId: z.string(),
  members: z.array(teamMemberSchema),
  /** the roles a member can have (for pickers) */
  roles: z.array(z.string()),
});
export type DealTeamDto = z.infer<typeof dealTeamSchema>;

/** Replaces the whole team; `members: []` removes everyone. Roles and the 100 % sum are checked by the service. */
export const putDealTeamBody = z.strictObject({
  members: z
    .array(
      z.strictObject({
        userId: z.guid(),
        role: z.string().trim().min(1).max(40).meta({ examples: TEAM_ROLE_KEYS }),
        creditPercent: z.number().min(0).max(100),
      }),
    )
    .max(MAX_TEAM_SIZE),
});
export type PutDealTeamInput = z.infer<typeof putDealTeamBody>;
