import { and, asc, desc, eq, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { departments, leads, users, type LeadStatus } from '../../platform/db/schema.js';
import { likePattern, tsKey } from '../contacts/contacts.repository.js';

export type LeadSort = 'name' | 'companyName' | 'createdAt' | 'updatedAt';
export type SortOrder = 'asc' | 'desc';

/** The columns the data scope (platform/access scopeFilter) filters on. */
export const leadScopeColumns = { id: leads.id, ownerId: leads.ownerId, departmentId: leads.departmentId };

const leadColumns = {
  id: leads.id,
  name: leads.name,
  companyName: leads.companyName,
  companyKey: leads.companyKey,
  title: leads.title,
  mobile: leads.mobile,
  phone: leads.phone,
  email: leads.email,
  source: leads.source,
  status: leads.status,
  notes: leads.notes,
  convertedAccountId: leads.convertedAccountId,
  convertedContactId: leads.convertedContactId,
  convertedAt: leads.convertedAt,
  convertedBy: leads.convertedBy,
  ownerId: leads.ownerId,
  ownerName: users.displayName,
  departmentId: leads.departmentId,
  departmentName: departments.name,
  externalId: leads.externalId,
  customFields: leads.customFields,
  createdAt: leads.createdAt,
  updatedAt: leads.updatedAt,
  deletedAt: leads.deletedAt,
  version: leads.version,
};

/** The fields a user edits (and the audit log compares). */
export interface LeadFields {
  name: string;
  companyName: string | null;
  companyKey: string | null;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  source: string | null;
  status: LeadStatus;
  notes: string | null;
  externalId: string | null;
}

export interface LeadRow extends LeadFields {
  id: string;
  convertedAccountId: string | null;
  convertedContactId: string | null;
  convertedAt: Date | null;
  convertedBy: string | null;
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

const SORTS = {
  name: { column: leads.name, key: sql<string>`${leads.name}`, cast: (v: string) => sql`${v}::text` },
  // company name may be empty: sort (and key) on '' so the keyset comparison stays total
  companyName: {
    column: sql`coalesce(${leads.companyName}, '')`,
    key: sql<string>`coalesce(${leads.companyName}, '')`,
    cast: (v: string) => sql`${v}::text`,
  },
  createdAt: { column: leads.createdAt, key: tsKey(leads.createdAt), cast: (v: string) => sql`${v}::timestamptz` },
  updatedAt: { column: leads.updatedAt, key: tsKey(leads.updatedAt), cast: (v: string) => sql`${v}::timestamptz` },
} as const;

function baseQuery(tx: DbExecutor, extra: Record<string, SQL> = {}) {
  return tx
    .select({ ...leadColumns, ...extra })
    .from(leads)
    .leftJoin(users, and(eq(users.orgId, leads.orgId), eq(users.id, leads.ownerId)))
    .leftJoin(departments, and(eq(departments.orgId, leads.orgId), eq(departments.id, leads.departmentId)));
}

export interface ListLeadsQuery {
  scope: SQL | undefined;
  q?: string;
  status?: LeadStatus;
  source?: string;
  ownerId?: string;
  departmentId?: string;
  extra?: SQL;
  deleted: boolean;
  sort: LeadSort;
  order: SortOrder;
  after?: { key: string; id: string };
  limit: number;
}

export const leadsRepository = {
  async list(tx: DbExecutor, orgId: string, query: ListLeadsQuery): Promise<(LeadRow & { sortKey: string })[]> {
    const sort = SORTS[query.sort];
    const cmp = query.order === 'asc' ? sql`>` : sql`<`;
    const dir = query.order === 'asc' ? asc : desc;
    const rows = await baseQuery(tx, { sortKey: sort.key })
      .where(
        and(
          eq(leads.orgId, orgId),
          query.deleted ? isNotNull(leads.deletedAt) : isNull(leads.deletedAt),
          query.scope,
          query.q ? or(sql`${leads.name} ilike ${likePattern(query.q)}`, sql`${leads.companyName} ilike ${likePattern(query.q)}`) : undefined,
          query.status ? eq(leads.status, query.status) : undefined,
          query.source ? eq(leads.source, query.source) : undefined,
          query.ownerId ? eq(leads.ownerId, query.ownerId) : undefined,
          query.departmentId ? eq(leads.departmentId, query.departmentId) : undefined,
          query.extra,
          query.after ? sql`(${sort.column}, ${leads.id}) ${cmp} (${sort.cast(query.after.key)}, ${query.after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(dir(sort.column), dir(leads.id))
      .limit(query.limit);
    return rows as (LeadRow & { sortKey: string })[];
  },

  async findById(tx: DbExecutor, orgId: string, id: string, opts: { scope: SQL | undefined; includeDeleted: boolean }): Promise<LeadRow | undefined> {
    const rows = await baseQuery(tx)
      .where(and(eq(leads.orgId, orgId), eq(leads.id, id), opts.includeDeleted ? undefined : isNull(leads.deletedAt), opts.scope))
      .limit(1);
    return rows[0] as LeadRow | undefined;
  },

  async findIdByExternalId(tx: DbExecutor, orgId: string, externalId: string): Promise<string | undefined> {
    const rows = await tx
      .select({ id: leads.id })
      .from(leads)
      .where(and(eq(leads.orgId, orgId), eq(leads.externalId, externalId)))
      .limit(1);
    return rows[0]?.id;
  },

  async insert(
    tx: DbExecutor,
    row: LeadFields & {
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
    await tx.insert(leads).values({ ...values, createdAt: now, createdBy: actorId, updatedAt: now, updatedBy: actorId });
  },

  /**
   * Optimistic update of a live, unconverted lead at `version`; bumps the version. False when no row matched.
   * (A converted lead is read-only: only the conversion itself writes the converted_* columns.)
   */
  async update(
    tx: DbExecutor,
    orgId: string,
    id: string,
    version: number,
    set: Partial<LeadFields> & {
      ownerId?: string | null;
      departmentId?: string | null;
      customFields?: Record<string, unknown>;
      convertedAccountId?: string;
      convertedContactId?: string | null;
      convertedAt?: Date;
      convertedBy?: string;
    },
    meta: { actorId: string; now: Date },
  ): Promise<boolean> {
    const rows = await tx
      .update(leads)
      .set({ ...set, version: sql`${leads.version} + 1`, updatedAt: meta.now, updatedBy: meta.actorId })
      .where(and(eq(leads.orgId, orgId), eq(leads.id, id), eq(leads.version, version), isNull(leads.deletedAt), ne(leads.status, 'converted')))
      .returning({ id: leads.id });
    return rows.length > 0;
  },

  async setDeleted(tx: DbExecutor, orgId: string, id: string, deleted: boolean, meta: { actorId: string; now: Date }): Promise<boolean> {
    const rows = await tx
      .update(leads)
      .set({
        deletedAt: deleted ? meta.now : null,
        deletedBy: deleted ? meta.actorId : null,
        version: sql`${leads.version} + 1`,
        updatedAt: meta.now,
        updatedBy: meta.actorId,
      })
      .where(and(eq(leads.orgId, orgId), eq(leads.id, id), deleted ? isNull(leads.deletedAt) : isNotNull(leads.deletedAt)))
      .returning({ id: leads.id });
    return rows.length > 0;
  },
};

export type LeadsRepository = typeof leadsRepository;
