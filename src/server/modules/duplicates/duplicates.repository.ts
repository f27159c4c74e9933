/**
 * Duplicate lookups. One statement per check: a UNION ALL of small arms, each answered by an index
 * (accounts_name_key_idx / accounts_name_key_trgm_idx, leads_company_key_idx / leads_company_key_trgm_idx,
 * accounts_phone_idx, contacts_mobile_idx, leads_mobile_idx, *_email_idx on lower(email),
 * accounts_credit_code_idx). The fuzzy arms use pg_trgm's `%` with `pg_trgm.similarity_threshold` set for
 * the transaction (similarity_op is LEAKPROOF, so the trigram index is usable under RLS). On PGlite the two
 * trigram indexes are GiST (*_trgm_gist_idx): its GIN answers `%` wrongly and hangs (*_duplicate_trgm_gist.sql).
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, orgSettings } from '../../platform/db/schema.js';
import type { MatchKind } from '../../../core/duplicates/rules.js';

export type DuplicateObjectType = 'accounts' | 'contacts' | 'leads';

export interface DuplicateLookup {
  orgId: string;
  /** which tables each key is looked up in */
  nameTargets: DuplicateObjectType[];
  contactTargets: DuplicateObjectType[];
  exclude?: { objectType: DuplicateObjectType; id: string };
  nameKey: string | null;
  fuzzy: boolean;
  phones: string[];
  email: string | null;
  creditCode: string | null;
  /** rows per arm */
  limit: number;
}

export interface MatchRow {
  objectType: DuplicateObjectType;
  id: string;
  matchedOn: MatchKind;
  similarity: number | null;
  name: string;
  ownerId: string | null;
  ownerName: string | null;
  departmentId: string | null;
  poolId: string | null;
  poolName: string | null;
}

function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

const TABLE = {
  accounts: { table: sql`accounts`, name: sql`name`, pool: sql`pool_id`, live: sql`deleted_at is null` },
  contacts: { table: sql`contacts`, name: sql`name`, pool: sql`null::uuid`, live: sql`deleted_at is null` },
  // converted leads live on as the account they became
  leads: { table: sql`leads`, name: sql`coalesce(company_name, name)`, pool: sql`null::uuid`, live: sql`deleted_at is null and status <> 'converted'` },
} as const;

export const duplicatesRepository = {
  async setSimilarityThreshold(tx: DbExecutor, threshold: number): Promise<void> {
    await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', ${String(threshold)}, true)`);
  },

  async findMatches(tx: DbExecutor, q: DuplicateLookup): Promise<MatchRow[]> {
    const arms: SQL[] = [];
    const arm = (type: DuplicateObjectType, kind: MatchKind, where: SQL, similarity: SQL = sql`null::real`, orderBy?: SQL) => {
      const t = TABLE[type];
      const notSelf = q.exclude && q.exclude.objectType === type ? sql` and id <> ${q.exclude.id}::uuid` : sql``;
      arms.push(sql`(select ${type}::text as object_type, id, ${kind}::text as matched_on, ${similarity} as similarity, ${t.name} as name,
        owner_id, department_id, ${t.pool} as pool_id
        from ${t.table} where org_id = ${q.orgId}::uuid and ${where} and ${t.live}${notSelf}
        ${orderBy ? sql`order by ${orderBy}` : sql``} limit ${q.limit})`);
    };
    const keyCol = (type: DuplicateObjectType) => (type === 'leads' ? sql`company_key` : sql`name_key`);
    if (q.nameKey) {
      for (const type of q.nameTargets) {
        const col = keyCol(type);
        arm(type, 'name_exact', sql`${col} = ${q.nameKey}`, sql`1::real`);
        if (q.fuzzy) {
          const sim = sql`similarity(${col}, ${q.nameKey})`;
          arm(type, 'name_fuzzy', sql`${col} % ${q.nameKey} and ${col} <> ${q.nameKey}`, sql`${sim}::real`, sql`${sim} desc`);
        }
      }
    }
    if (q.phones.length) {
      const phones = sql`${`{${q.phones.map((p) => `"${p.replace(/["\\]/g, '')}"`).join(',')}}`}::text[]`;
      for (const type of q.contactTargets) arm(type, 'phone', type === 'accounts' ? sql`phone = any(${phones})` : sql`mobile = any(${phones})`);
    }
    if (q.email) for (const type of q.contactTargets) arm(type, 'email', sql`lower(email) = ${q.email}`);
    if (q.creditCode && q.nameTargets.includes('accounts')) arm('accounts', 'credit_code', sql`credit_code = ${q.creditCode}`);
    if (arms.length === 0) return [];
    const result = await tx.execute(sql`with m as (${sql.join(arms, sql` union all `)})
      select m.object_type as "objectType", m.id::text as "id", m.matched_on as "matchedOn", m.similarity as "similarity", m.name as "name",
        m.owner_id::text as "ownerId", u.display_name as "ownerName", m.department_id::text as "departmentId",
        m.pool_id::text as "poolId", p.name as "poolName"
      from m
      left join users u on u.org_id = ${q.orgId}::uuid and u.id = m.owner_id
      left join pools p on p.org_id = ${q.orgId}::uuid and p.id = m.pool_id`);
    return rowsOf<MatchRow>(result).map((r) => ({ ...r, similarity: r.similarity === null ? null : Number(r.similarity) }));
  },

  /** Accounts without name_key, for the lazy backfill. */
  async accountsWithoutNameKey(tx: DbExecutor, limit: number, orgId?: string): Promise<{ orgId: string; id: string; name: string }[]> {
    return tx
      .select({ orgId: accounts.orgId, id: accounts.id, name: accounts.name })
      .from(accounts)
      .where(and(isNull(accounts.nameKey), orgId ? eq(accounts.orgId, orgId) : undefined))
      .limit(limit);
  },

  async setNameKeys(tx: DbExecutor, rows: { orgId: string; id: string; nameKey: string }[]): Promise<void> {
    if (rows.length === 0) return;
    const col = (f: (r: (typeof rows)[number]) => string) => `{${rows.map((r) => `"${f(r).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
    await tx.execute(sql`update accounts a set name_key = v.name_key
      from unnest(${col((r) => r.orgId)}::uuid[], ${col((r) => r.id)}::uuid[], ${col((r) => r.nameKey)}::text[]) as v(org_id, id, name_key)
      where a.org_id = v.org_id and a.id = v.id`);
  },
};

/** Organization settings by key (org_settings), validated by the module owning the key. */
export const orgSettingsRepository = {
  async get(tx: DbExecutor, orgId: string, key: string): Promise<{ value: Record<string, unknown>; version: number } | undefined> {
    const rows = await tx
      .select({ value: orgSettings.value, version: orgSettings.version })
      .from(orgSettings)
      .where(and(eq(orgSettings.orgId, orgId), eq(orgSettings.key, key)))
      .limit(1);
    return rows[0];
  },

  /** Insert (expectedVersion 0) or optimistic update; false when the version did not match. */
  async put(tx: DbExecutor, orgId: string, key: string, value: Record<string, unknown>, expectedVersion: number, meta: { actorId: string | null; now: Date }): Promise<boolean> {
    if (expectedVersion === 0) {
      const rows = await tx
        .insert(orgSettings)
        .values({ orgId, key, value, updatedAt: meta.now, updatedBy: meta.actorId, version: 1 })
        .onConflictDoNothing()
        .returning({ key: orgSettings.key });
      return rows.length > 0;
    }
    const rows = await tx
      .update(orgSettings)
      .set({ value, updatedAt: meta.now, updatedBy: meta.actorId, version: sql`${orgSettings.version} + 1` })
      .where(and(eq(orgSettings.orgId, orgId), eq(orgSettings.key, key), eq(orgSettings.version, expectedVersion)))
      .returning({ key: orgSettings.key });
    return rows.length > 0;
  },
};
