/**
 * The global sign-in directory (email / mobile → organization and user). System transactions only:
 * the app role has no access to this table.
 */
import { and, eq, inArray, gte, sql } from 'drizzle-orm';
import type { DbExecutor } from '../db/database.js';
import { signInFailures, signInIdentities } from '../db/schema.js';

export const identitiesRepository = {
  async find(tx: DbExecutor, identifier: string) {
    const rows = await tx.select().from(signInIdentities).where(eq(signInIdentities.identifier, identifier)).limit(1);
    return rows[0];
  },
  async findTaken(tx: DbExecutor, identifiers: string[]) {
    if (identifiers.length === 0) return [];
    return tx.select().from(signInIdentities).where(inArray(signInIdentities.identifier, identifiers));
  },
  async insert(tx: DbExecutor, rows: { identifier: string; orgId: string; userId: string }[]) {
    if (rows.length) await tx.insert(signInIdentities).values(rows);
  },
  async removeForUser(tx: DbExecutor, orgId: string, userId: string) {
    await tx.delete(signInIdentities).where(and(eq(signInIdentities.orgId, orgId), eq(signInIdentities.userId, userId)));
  },
  async countRecentFailures(tx: DbExecutor, keys: string[], since: Date): Promise<Record<string, number>> {
    const rows = await tx
      .select({ key: signInFailures.key, n: sql<number>`count(*)::int` })
      .from(signInFailures)
      .where(and(inArray(signInFailures.key, keys), gte(signInFailures.failedAt, since)))
      .groupBy(signInFailures.key);
    return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
  },
  async recordFailures(tx: DbExecutor, keys: string[], at: Date) {
    await tx.insert(signInFailures).values(keys.map((key) => ({ key, failedAt: at })));
  },
  async pruneFailures(tx: DbExecutor, before: Date) {
    await tx.delete(signInFailures).where(sql`${signInFailures.failedAt} < ${before}`);
  },
};

/** Emails are matched case-insensitively; mobiles after normalisation. */
export function identifiersOf(user: { email?: string | null; mobile?: string | null }): string[] {
  const out: string[] = [];
  if (user.email) out.push(user.email.trim().toLowerCase());
  if (user.mobile) out.push(user.mobile);
  return out;
}
