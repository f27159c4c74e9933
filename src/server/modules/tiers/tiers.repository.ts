import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, organizations } from '../../platform/db/schema.js';

export interface TierAccountRow {
  id: string;
  name: string;
  industry: string | null;
  creditCode: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  website: string | null;
  ownerId: string | null;
  departmentId: string | null;
  poolId: string | null;
  createdAt: Date;
  customFields: Record<string, unknown>;
  tier: string | null;
  tierSource: 'manual' | 'rule' | null;
}

export const tiersRepository = {
  /** Live accounts whose tier is not manual, in id order after `afterId` (only `ids` when given). */
  async ruleBatch(tx: DbExecutor, orgId: string, afterId: string | null, limit: number, ids?: string[]): Promise<TierAccountRow[]> {
    if (ids && ids.length === 0) return [];
    return tx
      .select({
        id: accounts.id,
        name: accounts.name,
        industry: accounts.industry,
        creditCode: accounts.creditCode,
        phone: accounts.phone,
        email: accounts.email,
        address: accounts.address,
        website: accounts.website,
        ownerId: accounts.ownerId,
        departmentId: accounts.departmentId,
        poolId: accounts.poolId,
        createdAt: accounts.createdAt,
        customFields: accounts.customFields,
        tier: accounts.tier,
        tierSource: accounts.tierSource,
      })
      .from(accounts)
      .where(
        and(
          eq(accounts.orgId, orgId),
          isNull(accounts.deletedAt),
          or(isNull(accounts.tierSource), sql`${accounts.tierSource} <> 'manual'`),
          afterId ? gt(accounts.id, afterId) : undefined,
          ids ? inArray(accounts.id, ids) : undefined,
        ),
      )
      .orderBy(asc(accounts.id))
      .limit(limit);
  },

  /** Sets rule tiers; only where the tier is still not manual (a concurrent manual edit wins). Returns the ids changed. */
  async setRuleTiers(tx: DbExecutor, orgId: string, changes: { id: string; tier: string | null; tierSource: 'rule' | null }[], meta: { actorId: string | null; now: Date }): Promise<Set<string>> {
    const done = new Set<string>();
    // grouped by target tier: one UPDATE per distinct value
    const groups = new Map<string | null, string[]>();
    for (const c of changes) groups.set(c.tier, [...(groups.get(c.tier) ?? []), c.id]);
    for (const [tier, ids] of groups) {
      const rows = await tx
        .update(accounts)
        .set({ tier, tierSource: tier === null ? null : 'rule', version: sql`${accounts.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
        .where(and(eq(accounts.orgId, orgId), inArray(accounts.id, ids), isNull(accounts.deletedAt), or(isNull(accounts.tierSource), sql`${accounts.tierSource} <> 'manual'`)))
        .returning({ id: accounts.id });
      for (const r of rows) done.add(r.id);
    }
    return done;
  },

  /** Every organization (the scheduled rule run; owner role, no tenant data). */
  async listOrgIds(tx: DbExecutor): Promise<string[]> {
    const rows = await tx.select({ id: organizations.id }).from(organizations).orderBy(asc(organizations.id));
    return rows.map((r) => r.id);
  },
};

/** Accounts list condition: of this tier (`none`: without a tier). Uses accounts_tier_idx. */
export function tierFilter(tier: string) {
  return tier === 'none' ? isNull(accounts.tier) : eq(accounts.tier, tier);
}
