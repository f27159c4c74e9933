import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { deals, dealTeamMembers, recordShares, users } from '../../platform/db/schema.js';

/** The role of the record_shares rows a deal team gives its members (other shares of the same user stay). */
export const TEAM_SHARE_ROLE = 'team';

export interface DealRef {
  id: string;
  name: string;
  ownerId: string | null;
  departmentId: string | null;
}

export interface TeamMemberRow {
  userId: string;
  userName: string | null;
  role: string;
  creditPercent: number;
}

export const dealTeamsRepository = {
  /** A live deal (no scope applied: the service checks it with platform/access). */
  async findDeal(tx: DbExecutor, orgId: string, id: string): Promise<DealRef | undefined> {
    const rows = await tx
      .select({ id: deals.id, name: deals.name, ownerId: deals.ownerId, departmentId: deals.departmentId })
      .from(deals)
      .where(and(eq(deals.orgId, orgId), eq(deals.id, id), isNull(deals.deletedAt)))
      .limit(1);
    return rows[0];
  },

  /** The team, largest credit first. */
  async listTeam(tx: DbExecutor, orgId: string, dealId: string): Promise<TeamMemberRow[]> {
    return tx
      .select({ userId: dealTeamMembers.userId, userName: users.displayName, role: dealTeamMembers.role, creditPercent: dealTeamMembers.creditPercent })
      .from(dealTeamMembers)
      .leftJoin(users, and(eq(users.orgId, dealTeamMembers.orgId), eq(users.id, dealTeamMembers.userId)))
      .where(and(eq(dealTeamMembers.orgId, orgId), eq(dealTeamMembers.dealId, dealId)))
      .orderBy(desc(dealTeamMembers.creditPercent), asc(dealTeamMembers.createdAt), asc(dealTeamMembers.userId));
  },

  /** Which of the ids are active users of the organization. */
  async activeUserIds(tx: DbExecutor, orgId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, ids), eq(users.status, 'active')));
    return new Set(rows.map((r) => r.id));
  },

  /** Replace-all: members not listed leave (with their team share); listed ones are inserted or updated and shared. */
  async replaceTeam(
    tx: DbExecutor,
    orgId: string,
    dealId: string,
    members: { userId: string; role: string; creditPercent: number }[],
    meta: { actorId: string; now: Date },
  ): Promise<void> {
    const ids = members.map((m) => m.userId);
    await tx
      .delete(dealTeamMembers)
      .where(and(eq(dealTeamMembers.orgId, orgId), eq(dealTeamMembers.dealId, dealId), ids.length ? notInArray(dealTeamMembers.userId, ids) : undefined));
    await tx
      .delete(recordShares)
      .where(
        and(
          eq(recordShares.orgId, orgId),
          eq(recordShares.objectType, 'deals'),
          eq(recordShares.recordId, dealId),
          eq(recordShares.role, TEAM_SHARE_ROLE),
          ids.length ? notInArray(recordShares.userId, ids) : undefined,
        ),
      );
    if (members.length === 0) return;
    await tx
      .insert(dealTeamMembers)
      .values(members.map((m) => ({ orgId, dealId, userId: m.userId, role: m.role, creditPercent: m.creditPercent, createdAt: meta.now, createdBy: meta.actorId })))
      .onConflictDoUpdate({
        target: [dealTeamMembers.orgId, dealTeamMembers.dealId, dealTeamMembers.userId],
        set: { role: sql`excluded.role`, creditPercent: sql`excluded.credit_percent` },
      });
    // a user who already has another share of the deal keeps it (and its role)
    await tx
      .insert(recordShares)
      .values(members.map((m) => ({ orgId, objectType: 'deals', recordId: dealId, userId: m.userId, role: TEAM_SHARE_ROLE, createdAt: meta.now })))
      .onConflictDoNothing();
  },
};

export type DealTeamsRepository = typeof dealTeamsRepository;
