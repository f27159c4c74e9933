import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, departments, pools, users } from '../../platform/db/schema.js';

export type AccountSort = 'name' | 'createdAt' | 'updatedAt';
export type SortOrder = 'asc' | 'desc';

/** The columns the data scope (platform/access scopeFilter) filters on. */
export const accountScopeColumns = { id: accounts.id, ownerId: accounts.ownerId, departmentId: accounts.departmentId };

const accountColumns = {
  id: accounts.id,
  name: accounts.name,
  creditCode: accounts.creditCode,
  phone: accounts.phone,
  email: accounts.email,
  industry: accounts.industry,
  address: accounts.address,
  website: accounts.website,
  notes: accounts.notes,
  ownerId: accounts.ownerId,
  ownerName: users.displayName,
  departmentId: accounts.departmentId,
  departmentName: departments.name,
  externalId: accounts.externalId,
  createdAt: accounts.createdAt,
  updatedAt: accounts.updatedAt,
  deletedAt: accounts.deletedAt,
  version: accounts.version,
  customFields: accounts.customFields,
  // public pool (公海): see modules/pools
  reclaimDueAt: accounts.reclaimDueAt,
  poolId: accounts.poolId,
  poolName: pools.name,
  // tiers (modules/tiers)
  tier: accounts.tier,
  tierSource: accounts.tierSource,
};

export interface AccountRow {
  id: string;
  name: string;
  creditCode: string | null;
  phone: string | null;
  email: string | null;
  industry: string | null;
  address: string | null;
  website: string | null;
  notes: string | null;
  ownerId: string | null;
  ownerName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  version: number;
  /** custom fields { key: value } (modules/custom-fields keeps it in sync with custom_field_values) */
  customFields: Record<string, unknown>;
  reclaimDueAt: Date | null;
  poolId: string | null;
  poolName: string | null;
  tier: string | null;
  tierSource: 'manual' | 'rule' | null;
}

/** The fields a user edits (and the audit log compares). */
export interface AccountFields {
  name: string;
  creditCode: string | null;
  phone: string | null;
  email: string | null;
  industry: string | null;
  address: string | null;
  website: string | null;
  notes: string | null;
  externalId: string | null;
}

/** Text of a timestamp column at microsecond precision (UTC), as cursors carry it. */
const tsKey = (col: typeof accounts.createdAt) =>
  sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const SORTS = {
  name: { column: accounts.name, key: sql<string>`${accounts.name}`, cast: (v: string) => sql`${v}::text` },
  createdAt: { column: accounts.createdAt, key: tsKey(accounts.createdAt), cast: (v: string) => sql`${v}::timestamptz` },
  updatedAt: { column: accounts.updatedAt, key: tsKey(accounts.updatedAt), cast: (v: string) => sql`${v}::timestamptz` },
} as const;

/** `%`, `_` and `\` match literally in the search text. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function baseQuery(tx: DbExecutor, extra: Record<string, SQL> = {}) {
  return tx
    .select({ ...accountColumns, ...extra })
    .from(accounts)
    .leftJoin(users, and(eq(users.orgId, accounts.orgId), eq(users.id, accounts.ownerId)))
    .leftJoin(departments, and(eq(departments.orgId, accounts.orgId), eq(departments.id, accounts.departmentId)))
    .leftJoin(pools, and(eq(pools.orgId, accounts.orgId), eq(pools.id, accounts.poolId)));
}

export interface ListAccountsQuery {
  /** the data-scope condition from platform/access (undefined: no restriction) */
  scope: SQL | undefined;
  q?: string;
  ownerId?: string;
  departmentId?: string;
  /** true: only customers in a pool (owner null); false: only owned customers; undefined: both */
  inPool?: boolean;
  deleted: boolean;
  sort: AccountSort;
  order: SortOrder;
  /** keyset: rows strictly after this (sort key, id) in the given order */
  after?: { key: string; id: string };
  /** more conditions (custom-field filters from modules/custom-fields listFilter) */
  where?: SQL;
  /** order by a custom field instead of `sort` (modules/custom-fields listSort: key, order, keyset condition) */
  customSort?: { key: SQL<string | null>; orderBy: SQL[]; after: SQL | undefined };
  limit: number;
}

export const accountsRepository = {
  /** One page in (sort key, id) order; each row carries its sort key for the next cursor. */
  async list(tx: DbExecutor, orgId: string, query: ListAccountsQuery): Promise<(AccountRow & { sortKey: string | null })[]> {
    const sort = SORTS[query.sort];
    const cmp = query.order === 'asc' ? sql`>` : sql`<`;
    const dir = query.order === 'asc' ? asc : desc;
    const custom = query.customSort;
    const rows = await baseQuery(tx, { sortKey: custom ? custom.key : sort.key })
      .where(
        and(
          eq(accounts.orgId, orgId),
          query.deleted ? isNotNull(accounts.deletedAt) : isNull(accounts.deletedAt),
          query.scope,
          query.q ? sql`${accounts.name} ilike ${likePattern(query.q)}` : undefined,
          query.ownerId ? eq(accounts.ownerId, query.ownerId) : undefined,
          query.departmentId ? eq(accounts.departmentId, query.departmentId) : undefined,
          query.inPool === true ? and(isNull(accounts.ownerId), isNotNull(accounts.poolId)) : query.inPool === false ? isNotNull(accounts.ownerId) : undefined,
          query.where,
          custom
            ? custom.after
            : query.after
              ? sql`(${sort.column}, ${accounts.id}) ${cmp} (${sort.cast(query.after.key)}, ${query.after.id}::uuid)`
              : undefined,
        ),
      )
      .orderBy(...(custom ? custom.orderBy : [dir(sort.column), dir(accounts.id)]))
      .limit(query.limit);
    return rows as (AccountRow & { sortKey: string | null })[];
  },

  /** One account if it exists and satisfies the scope condition (deleted ones only when asked). */
  async findById(
    tx: DbExecutor,
    orgId: string,
    id: string,
    opts: { scope: SQL | undefined; includeDeleted: boolean },
  ): Promise<AccountRow | undefined> {
    const rows = await baseQuery(tx)
      .where(
        and(
          eq(accounts.orgId, orgId),
          eq(accounts.id, id),
          opts.includeDeleted ? undefined : isNull(accounts.deletedAt),
          opts.scope,
        ),
      )
      .limit(1);
    return rows[0] as AccountRow | undefined;
  },

  async findIdByExternalId(tx: DbExecutor, orgId: string, externalId: string): Promise<string | undefined> {
    const rows = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.orgId, orgId), eq(accounts.externalId, externalId)))
      .limit(1);
    return rows[0]?.id;
  },

  /** An active user of the organization who may own records, with their department. */
  async findActiveUser(tx: DbExecutor, orgId: string, userId: string): Promise<{ id: string; departmentId: string | null } | undefined> {
    const rows = await tx
      .select({ id: users.id, departmentId: users.departmentId })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.id, userId), eq(users.status, 'active')))
      .limit(1);
    return rows[0];
  },

  async insert(
    tx: DbExecutor,
    row: AccountFields & { orgId: string; id: string; ownerId: string; departmentId: string | null; actorId: string; now: Date; /** modules/duplicates */ nameKey: string | null },
  ): Promise<void> {
    const { actorId, now, ...values } = row;
    await tx.insert(accounts).values({
      ...values,
      ownerAssignedAt: now,
      createdAt: now,
      createdBy: actorId,
      updatedAt: now,
      updatedBy: actorId,
    });
  },

  /**
   * Optimistic update: applies `set` only if the account is live and still at `version`, and bumps the
   * version. Returns false when no row matched (stale version).
   */
  async update(
    tx: DbExecutor,
    orgId: string,
    id: string,
    version: number,
    set: Partial<AccountFields> & {
      ownerId?: string;
      departmentId?: string | null;
      // owner changes (transfer): the reclaim clock restarts and the account leaves any pool
      ownerAssignedAt?: Date;
      previousOwnerId?: string | null;
      poolId?: null;
      poolEnteredAt?: null;
      // duplicates (normalised name) and tiers
      nameKey?: string | null;
      tier?: string | null;
      tierSource?: 'manual' | 'rule' | null;
    },
    meta: { actorId: string; now: Date },
  ): Promise<boolean> {
    const rows = await tx
      .update(accounts)
      .set({ ...set, version: sql`${accounts.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(accounts.orgId, orgId), eq(accounts.id, id), eq(accounts.version, version), isNull(accounts.deletedAt)))
      .returning({ id: accounts.id });
    return rows.length > 0;
  },

  /** Soft delete (to the recycle bin) or restore; only from the opposite state. Returns false if nothing changed. */
  async setDeleted(
    tx: DbExecutor,
    orgId: string,
    id: string,
    deleted: boolean,
    meta: { actorId: string; now: Date },
  ): Promise<boolean> {
    const rows = await tx
      .update(accounts)
      .set({
        deletedAt: deleted ? meta.now : null,
        deletedBy: deleted ? meta.actorId : null,
        version: sql`${accounts.version} + 1`,
        updatedAt: meta.now,
        updatedBy: meta.actorId,
      })
      .where(
        and(
          eq(accounts.orgId, orgId),
          eq(accounts.id, id),
          deleted ? isNull(accounts.deletedAt) : isNotNull(accounts.deletedAt),
        ),
      )
      .returning({ id: accounts.id });
    return rows.length > 0;
  },
};

export type AccountsRepository = typeof accountsRepository;
