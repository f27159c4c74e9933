import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { departments, users } from '../../platform/db/schema.js';

const dtoColumns = {
  id: departments.id,
  name: departments.name,
  parentId: departments.parentId,
  managerId: departments.managerId,
  managerName: users.displayName,
  memberCount: sql<number>`(select count(*)::int from ${users} m where m.org_id = ${departments.orgId} and m.department_id = ${departments.id})`,
  version: departments.version,
};

const active = (orgId: string) => and(eq(departments.orgId, orgId), isNull(departments.deletedAt));

export const departmentsRepository = {
  async list(tx: DbExecutor, orgId: string) {
    const rows = await tx
      .select(dtoColumns)
      .from(departments)
      .leftJoin(users, and(eq(users.orgId, departments.orgId), eq(users.id, departments.managerId)))
      .where(active(orgId))
      .orderBy(asc(departments.sortOrder), asc(departments.createdAt), asc(departments.id));
    return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
  },

  async findDto(tx: DbExecutor, orgId: string, id: string) {
    const rows = await tx
      .select(dtoColumns)
      .from(departments)
      .leftJoin(users, and(eq(users.orgId, departments.orgId), eq(users.id, departments.managerId)))
      .where(and(active(orgId), eq(departments.id, id)))
      .limit(1);
    return rows[0] ? { ...rows[0], memberCount: Number(rows[0].memberCount) } : undefined;
  },

  /** The department row, locked for the rest of the transaction. */
  async findForUpdate(tx: DbExecutor, orgId: string, id: string) {
    const rows = await tx
      .select()
      .from(departments)
      .where(and(active(orgId), eq(departments.id, id)))
      .for('update');
    return rows[0];
  },

  /**
   * The tree (id → parent) of live departments. With lock, all departments rows are locked, so two moves
   * at once cannot together build a cycle.
   */
  async listTree(tx: DbExecutor, orgId: string, opts: { lock?: boolean } = {}) {
    const q = tx.select({ id: departments.id, parentId: departments.parentId }).from(departments).where(active(orgId));
    return opts.lock ? q.for('update') : q;
  },

  async findRoot(tx: DbExecutor, orgId: string) {
    const rows = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(active(orgId), isNull(departments.parentId)))
      .orderBy(asc(departments.createdAt))
      .limit(1);
    return rows[0];
  },

  async siblingNameTaken(tx: DbExecutor, orgId: string, parentId: string, name: string, exceptId?: string) {
    const rows = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(
        and(
          active(orgId),
          eq(departments.parentId, parentId),
          sql`lower(${departments.name}) = lower(${name})`,
          exceptId ? sql`${departments.id} <> ${exceptId}` : undefined,
        ),
      )
      .limit(1);
    return rows.length > 0;
  },

  async activeUserExists(tx: DbExecutor, orgId: string, userId: string) {
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.id, userId), eq(users.status, 'active')))
      .limit(1);
    return rows.length > 0;
  },

  async insert(tx: DbExecutor, row: typeof departments.$inferInsert) {
    await tx.insert(departments).values(row);
  },

  /** Applies the patch when the version matches; returns false otherwise. */
  async update(
    tx: DbExecutor,
    orgId: string,
    id: string,
    version: number,
    patch: Partial<Pick<typeof departments.$inferInsert, 'name' | 'parentId' | 'managerId'>> & { updatedAt: Date; updatedBy: string },
  ): Promise<boolean> {
    const rows = await tx
      .update(departments)
      .set({ ...patch, version: sql`${departments.version} + 1` })
      .where(and(active(orgId), eq(departments.id, id), eq(departments.version, version)))
      .returning({ id: departments.id });
    return rows.length > 0;
  },

  async countContents(tx: DbExecutor, orgId: string, id: string) {
    const [members] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.departmentId, id)));
    const [children] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(departments)
      .where(and(active(orgId), eq(departments.parentId, id)));
    return { members: Number(members?.n ?? 0), children: Number(children?.n ?? 0) };
  },

  async softDelete(tx: DbExecutor, orgId: string, id: string, now: Date, by: string) {
    await tx
      .update(departments)
      .set({ deletedAt: now, updatedAt: now, updatedBy: by, version: sql`${departments.version} + 1` })
      .where(and(active(orgId), eq(departments.id, id)));
  },
};

export type DepartmentsRepository = typeof departmentsRepository;
