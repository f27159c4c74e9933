/** SQL of account merges (see duplicates.movers.ts and duplicates.merge.ts). */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, contacts, leads, poolClaims } from '../../platform/db/schema.js';

const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

export interface MergeAccountRow {
  id: string;
  name: string;
  creditCode: string | null;
  phone: string | null;
  email: string | null;
  industry: string | null;
  address: string | null;
  website: string | null;
  notes: string | null;
  tier: string | null;
  tierSource: 'manual' | 'rule' | null;
  ownerId: string | null;
  departmentId: string | null;
  customFields: Record<string, unknown>;
  version: number;
}

export const mergeRepository = {
  /** Live accounts by id, locked for the merge. */
  async lockAccounts(tx: DbExecutor, orgId: string, ids: string[]): Promise<MergeAccountRow[]> {
    return tx
      .select({
        id: accounts.id,
        name: accounts.name,
        creditCode: accounts.creditCode,
        phone: accounts.phone,
        email: accounts.email,
        industry: accounts.industry,
        address: accounts.address,
        website: accounts.website,
        notes: accounts.notes,
        tier: accounts.tier,
        tierSource: accounts.tierSource,
        ownerId: accounts.ownerId,
        departmentId: accounts.departmentId,
        customFields: accounts.customFields,
        version: accounts.version,
      })
      .from(accounts)
      .where(and(eq(accounts.orgId, orgId), inArray(accounts.id, ids), isNull(accounts.deletedAt)))
      .for('update');
  },

  async updateTarget(tx: DbExecutor, orgId: string, id: string, set: Record<string, unknown>, meta: { actorId: string; now: Date }): Promise<void> {
    await tx
      .update(accounts)
      .set({ ...set, version: sql`${accounts.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(accounts.orgId, orgId), eq(accounts.id, id)));
  },

  async softDelete(tx: DbExecutor, orgId: string, ids: string[], meta: { actorId: string; now: Date }): Promise<void> {
    await tx
      .update(accounts)
      .set({ deletedAt: meta.now, deletedBy: meta.actorId, version: sql`${accounts.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(accounts.orgId, orgId), inArray(accounts.id, ids), isNull(accounts.deletedAt)));
  },

  async targetHasPrimaryContact(tx: DbExecutor, orgId: string, accountId: string): Promise<boolean> {
    const rows = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), eq(contacts.accountId, accountId), eq(contacts.isPrimary, 1), isNull(contacts.deletedAt)))
      .limit(1);
    return rows.length > 0;
  },

  async moveContacts(tx: DbExecutor, orgId: string, targetId: string, sourceIds: string[], clearPrimary: boolean, meta: { actorId: string; now: Date }) {
    const before = await tx
      .select({ id: contacts.id, accountId: contacts.accountId })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), inArray(contacts.accountId, sourceIds)))
      .for('update');
    if (before.length === 0) return [];
    await tx
      .update(contacts)
      .set({ accountId: targetId, ...(clearPrimary ? { isPrimary: 0 } : {}), version: sql`${contacts.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(contacts.orgId, orgId), inArray(contacts.accountId, sourceIds)));
    return before;
  },

  async moveConvertedLeads(tx: DbExecutor, orgId: string, targetId: string, sourceIds: string[], meta: { actorId: string; now: Date }) {
    const before = await tx
      .select({ id: leads.id, accountId: leads.convertedAccountId })
      .from(leads)
      .where(and(eq(leads.orgId, orgId), inArray(leads.convertedAccountId, sourceIds)))
      .for('update');
    if (before.length === 0) return [];
    await tx
      .update(leads)
      .set({ convertedAccountId: targetId, version: sql`${leads.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(leads.orgId, orgId), inArray(leads.convertedAccountId, sourceIds)));
    return before;
  },

  /**
   * Records that refer to an account by `account_id` (deals, follow-ups): those of the sources move to the target,
   * one statement; returns each with its old account, for the audit.
   */
  async moveAccountReferences(
    tx: DbExecutor,
    table: 'deals' | 'activities',
    orgId: string,
    targetId: string,
    sourceIds: string[],
    meta: { actorId: string; now: Date },
  ): Promise<{ id: string; accountId: string }[]> {
    const t = sql.raw(table);
    const moved = await tx.execute(sql`update ${t} as r
      set account_id = ${targetId}::uuid, version = r.version + 1, updated_at = ${meta.now.toISOString()}::timestamptz, updated_by = ${meta.actorId}::uuid
      from (select id, account_id from ${t} where org_id = ${orgId}::uuid and account_id = any(${uuidArray(sourceIds)}) for update) as old
      where r.org_id = ${orgId}::uuid and r.id = old.id
      returning r.id as id, old.account_id as "accountId"`);
    return rowsOf<{ id: string; accountId: string }>(moved);
  },

  /** record_tags / record_shares of the sources: copied to the target (keys it already has are skipped), then removed. */
  async moveRecordRows(tx: DbExecutor, table: 'record_tags' | 'record_shares', orgId: string, targetId: string, sourceIds: string[]): Promise<number> {
    const cols = table === 'record_tags' ? sql.raw('tag_id, created_at, created_by') : sql.raw('user_id, role, created_at');
    const t = sql.raw(table);
    await tx.execute(sql`insert into ${t} (org_id, object_type, record_id, ${cols})
      select org_id, object_type, ${targetId}::uuid, ${cols} from ${t}
      where org_id = ${orgId}::uuid and object_type = 'accounts' and record_id = any(${uuidArray(sourceIds)})
      on conflict do nothing`);
    const deleted = await tx.execute(sql`delete from ${t} where org_id = ${orgId}::uuid and object_type = 'accounts'
      and record_id = any(${uuidArray(sourceIds)}) returning 1 as x`);
    return rowsOf(deleted).length;
  },

  async movePoolClaims(tx: DbExecutor, orgId: string, targetId: string, sourceIds: string[]): Promise<number> {
    const moved = await tx
      .update(poolClaims)
      .set({ accountId: targetId })
      .where(and(eq(poolClaims.orgId, orgId), inArray(poolClaims.accountId, sourceIds)))
      .returning({ id: poolClaims.id });
    return moved.length;
  },
};
