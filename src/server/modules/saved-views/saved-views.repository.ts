import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { savedViews, users } from '../../platform/db/schema.js';

const columns = {
  id: savedViews.id,
  objectType: savedViews.objectType,
  name: savedViews.name,
  filters: savedViews.filters,
  columns: savedViews.columns,
  sort: savedViews.sort,
  shared: savedViews.shared,
  ownerId: savedViews.ownerId,
  ownerName: users.displayName,
  updatedAt: savedViews.updatedAt,
  version: savedViews.version,
};
export type SavedViewRow = {
  id: string;
  objectType: string;
  name: string;
  filters: Record<string, unknown>;
  columns: string[];
  sort: Record<string, unknown>;
  shared: number;
  ownerId: string;
  ownerName: string | null;
  updatedAt: Date;
  version: number;
};

const base = (tx: DbExecutor) =>
  tx.select(columns).from(savedViews).leftJoin(users, and(eq(users.orgId, savedViews.orgId), eq(users.id, savedViews.ownerId)));

export const savedViewsRepository = {
  /** The user's own views of a type, then the views others shared. */
  async listFor(tx: DbExecutor, orgId: string, userId: string, objectType: string): Promise<SavedViewRow[]> {
    return base(tx)
      .where(and(eq(savedViews.orgId, orgId), eq(savedViews.objectType, objectType), or(eq(savedViews.ownerId, userId), eq(savedViews.shared, 1))))
      .orderBy(desc(sql`${savedViews.ownerId} = ${userId}`), asc(savedViews.name), asc(savedViews.id));
  },

  /** A view the user may read (own or shared). */
  async findReadable(tx: DbExecutor, orgId: string, userId: string, id: string): Promise<SavedViewRow | undefined> {
    const rows = await base(tx)
      .where(and(eq(savedViews.orgId, orgId), eq(savedViews.id, id), or(eq(savedViews.ownerId, userId), eq(savedViews.shared, 1))))
      .limit(1);
    return rows[0];
  },

  async insert(tx: DbExecutor, row: { orgId: string; id: string; ownerId: string; objectType: string; name: string; filters: Record<string, unknown>; columns: string[]; sort: Record<string, unknown>; shared: boolean; now: Date }) {
    await tx.insert(savedViews).values({ ...row, shared: row.shared ? 1 : 0, createdAt: row.now, updatedAt: row.now });
  },

  async update(
    tx: DbExecutor,
    orgId: string,
    id: string,
    ownerId: string,
    version: number,
    set: { name?: string; filters?: Record<string, unknown>; columns?: string[]; sort?: Record<string, unknown>; shared?: boolean },
    now: Date,
  ): Promise<boolean> {
    const { shared, ...rest } = set;
    const rows = await tx
      .update(savedViews)
      .set({ ...rest, ...(shared !== undefined ? { shared: shared ? 1 : 0 } : {}), updatedAt: now, version: sql`${savedViews.version} + 1` })
      .where(and(eq(savedViews.orgId, orgId), eq(savedViews.id, id), eq(savedViews.ownerId, ownerId), eq(savedViews.version, version)))
      .returning({ id: savedViews.id });
    return rows.length > 0;
  },

  async remove(tx: DbExecutor, orgId: string, id: string, ownerId: string): Promise<boolean> {
    const rows = await tx
      .delete(savedViews)
      .where(and(eq(savedViews.orgId, orgId), eq(savedViews.id, id), eq(savedViews.ownerId, ownerId)))
      .returning({ id: savedViews.id });
    return rows.length > 0;
  },
};
