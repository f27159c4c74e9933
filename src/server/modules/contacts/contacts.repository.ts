import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbExecutor } from '../../platform/db/database.js';
import { accounts, contacts, departments, users } from '../../platform/db/schema.js';

export type ContactSort = 'name' | 'createdAt' | 'updatedAt';
export type SortOrder = 'asc' | 'desc';

/** The columns the data scope (platform/access scopeFilter) filters on. */
export const contactScopeColumns = { id: contacts.id, ownerId: contacts.ownerId, departmentId: contacts.departmentId };

const contactColumns = {
  id: contacts.id,
  accountId: contacts.accountId,
  accountName: accounts.name,
  name: contacts.name,
  title: contacts.title,
  mobile: contacts.mobile,
  phone: contacts.phone,
  email: contacts.email,
  wechat: contacts.wechat,
  notes: contacts.notes,
  isPrimary: contacts.isPrimary,
  ownerId: contacts.ownerId,
  ownerName: users.displayName,
  departmentId: contacts.departmentId,
  departmentName: departments.name,
  externalId: contacts.externalId,
  customFields: contacts.customFields,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
  deletedAt: contacts.deletedAt,
  version: contacts.version,
};

/** The fields a user edits (and the audit log compares). */
export interface ContactFields {
  accountId: string | null;
  name: string;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  notes: string | null;
  isPrimary: number;
  externalId: string | null;
}

export interface ContactRow extends ContactFields {
  id: string;
  accountName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  customFields: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  version: number;
}

/** Text of a timestamp column at microsecond precision (UTC), as cursors carry it. */
export const tsKey = (col: AnyPgColumn) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** `%`, `_` and `\` match literally in the search text. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const SORTS = {
  name: { column: contacts.name, key: sql<string>`${contacts.name}`, cast: (v: string) => sql`${v}::text` },
  createdAt: { column: contacts.createdAt, key: tsKey(contacts.createdAt), cast: (v: string) => sql`${v}::timestamptz` },
  updatedAt: { column: contacts.updatedAt, key: tsKey(contacts.updatedAt), cast: (v: string) => sql`${v}::timestamptz` },
} as const;

function baseQuery(tx: DbExecutor, extra: Record<string, SQL> = {}) {
  return tx
    .select({ ...contactColumns, ...extra })
    .from(contacts)
    .leftJoin(users, and(eq(users.orgId, contacts.orgId), eq(users.id, contacts.ownerId)))
    .leftJoin(departments, and(eq(departments.orgId, contacts.orgId), eq(departments.id, contacts.departmentId)))
    .leftJoin(accounts, and(eq(accounts.orgId, contacts.orgId), eq(accounts.id, contacts.accountId)));
}

export interface ListContactsQuery {
  /** the data-scope condition from platform/access (undefined: no restriction) */
  scope: SQL | undefined;
  q?: string;
  accountId?: string;
  ownerId?: string;
  departmentId?: string;
  /** extra conditions (e.g. custom field filters) */
  extra?: SQL;
  deleted: boolean;
  sort: ContactSort;
  order: SortOrder;
  /** keyset: rows strictly after this (sort key, id) in the given order */
  after?: { key: string; id: string };
  limit: number;
}

export const contactsRepository = {
  /** One page in (sort key, id) order; each row carries its sort key for the next cursor. */
  async list(tx: DbExecutor, orgId: string, query: ListContactsQuery): Promise<(ContactRow & { sortKey: string })[]> {
    const sort = SORTS[query.sort];
    const cmp = query.order === 'asc' ? sql`>` : sql`<`;
    const dir = query.order === 'asc' ? asc : desc;
    const rows = await baseQuery(tx, { sortKey: sort.key })
      .where(
        and(
          eq(contacts.orgId, orgId),
          query.deleted ? isNotNull(contacts.deletedAt) : isNull(contacts.deletedAt),
          query.scope,
          query.q ? sql`${contacts.name} ilike ${likePattern(query.q)}` : undefined,
          query.accountId ? eq(contacts.accountId, query.accountId) : undefined,
          query.ownerId ? eq(contacts.ownerId, query.ownerId) : undefined,
          query.departmentId ? eq(contacts.departmentId, query.departmentId) : undefined,
          query.extra,
          query.after
            ? sql`(${sort.column}, ${contacts.id}) ${cmp} (${sort.cast(query.after.key)}, ${query.after.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(dir(sort.column), dir(contacts.id))
      .limit(query.limit);
    return rows as (ContactRow & { sortKey: string })[];
  },

  async findById(
    tx: DbExecutor,
    orgId: string,
    id: string,
    opts: { scope: SQL | undefined; includeDeleted: boolean },
  ): Promise<ContactRow | undefined> {
    const rows = await baseQuery(tx)
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id), opts.includeDeleted ? undefined : isNull(contacts.deletedAt), opts.scope))
      .limit(1);
    return rows[0] as ContactRow | undefined;
  },

  async findIdByExternalId(tx: DbExecutor, orgId: string, externalId: string): Promise<string | undefined> {
    const rows = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), eq(contacts.externalId, externalId)))
      .limit(1);
    return rows[0]?.id;
  },

  async insert(
    tx: DbExecutor,
    row: ContactFields & {
      orgId: string;
      id: string;
      ownerId: string | null;
      departmentId: string | null;
      customFields: Record<string, unknown>;
      actorId: string;
      now: Date;
    },
  ): Promise<void> {
    const { actorId, now, ...values } = row;
    await tx.insert(contacts).values({ ...values, createdAt: now, createdBy: actorId, updatedAt: now, updatedBy: actorId });
  },

  /** Optimistic update of a live contact at `version`; bumps the version. False when no row matched. */
  async update(
    tx: DbExecutor,
    orgId: string,
    id: string,
    version: number,
    set: Partial<ContactFields> & { ownerId?: string | null; departmentId?: string | null; customFields?: Record<string, unknown> },
    meta: { actorId: string; now: Date },
  ): Promise<boolean> {
    const rows = await tx
      .update(contacts)
      .set({ ...set, version: sql`${contacts.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id), eq(contacts.version, version), isNull(contacts.deletedAt)))
      .returning({ id: contacts.id });
    return rows.length > 0;
  },

  /** Clears the primary flag of the account's other live contacts; returns their ids. */
  async clearPrimary(tx: DbExecutor, orgId: string, accountId: string, exceptId: string, meta: { actorId: string; now: Date }): Promise<string[]> {
    const rows = await tx
      .update(contacts)
      .set({ isPrimary: 0, version: sql`${contacts.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(
        and(
          eq(contacts.orgId, orgId),
          eq(contacts.accountId, accountId),
          ne(contacts.id, exceptId),
          eq(contacts.isPrimary, 1),
          isNull(contacts.deletedAt),
        ),
      )
      .returning({ id: contacts.id });
    return rows.map((r) => r.id);
  },

  /** Soft delete or restore; only from the opposite state. False if nothing changed. */
  async setDeleted(tx: DbExecutor, orgId: string, id: string, deleted: boolean, meta: { actorId: string; now: Date }): Promise<boolean> {
    const rows = await tx
      .update(contacts)
      .set({
        deletedAt: deleted ? meta.now : null,
        deletedBy: deleted ? meta.actorId : null,
        version: sql`${contacts.version} + 1`,
        updatedAt: meta.now,
        updatedBy: meta.actorId,
      })
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id), deleted ? isNull(contacts.deletedAt) : isNotNull(contacts.deletedAt)))
      .returning({ id: contacts.id });
    return rows.length > 0;
  },

};

export type ContactsRepository = typeof contactsRepository;

/** Names of accounts referred to by id (history labels). */
export async function accountNames(tx: DbExecutor, orgId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(and(eq(accounts.orgId, orgId), inArray(accounts.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
