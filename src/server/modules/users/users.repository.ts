import { and, asc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { departments, roles, users } from '../../platform/db/schema.js';

const dtoColumns = {
  id: users.id,
  displayName: users.displayName,
  email: users.email,
  mobile: users.mobile,
  departmentId: users.departmentId,
  departmentName: departments.name,
  roleId: users.roleId,
  roleName: roles.name,
  status: users.status,
  createdAt: users.createdAt,
  /** created_at at microsecond precision, for keyset cursors */
  createdAtKey: sql<string>`to_char(${users.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  version: users.version,
};

export type UserRow = {
  id: string;
  displayName: string;
  email: string | null;
  mobile: string | null;
  departmentId: string | null;
  departmentName: string | null;
  roleId: string;
  roleName: string;
  status: 'active' | 'inactive';
  createdAt: Date;
  createdAtKey: string;
  version: number;
};

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function selectDto(tx: DbExecutor) {
  return tx
    .select(dtoColumns)
    .from(users)
    .innerJoin(roles, and(eq(roles.orgId, users.orgId), eq(roles.id, users.roleId)))
    .leftJoin(departments, and(eq(departments.orgId, users.orgId), eq(departments.id, users.departmentId)));
}

export const usersRepository = {
  /** One page ordered by (created_at, id); returns up to limit + 1 rows so the caller knows if more follow. */
  async list(
    tx: DbExecutor,
    orgId: string,
    f: { q?: string; departmentId?: string; status?: 'active' | 'inactive'; after?: { createdAt: string; id: string }; limit: number },
  ): Promise<UserRow[]> {
    const pattern = f.q ? likePattern(f.q) : undefined;
    return selectDto(tx)
      .where(
        and(
          eq(users.orgId, orgId),
          f.departmentId ? eq(users.departmentId, f.departmentId) : undefined,
          f.status ? eq(users.status, f.status) : undefined,
          pattern ? or(ilike(users.displayName, pattern), ilike(users.email, pattern), ilike(users.mobile, pattern)) : undefined,
          f.after ? sql`(${users.createdAt}, ${users.id}) > (${f.after.createdAt}::timestamptz, ${f.after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(asc(users.createdAt), asc(users.id))
      .limit(f.limit + 1) as Promise<UserRow[]>;
  },

  async findDto(tx: DbExecutor, orgId: string, id: string): Promise<UserRow | undefined> {
    const rows = (await selectDto(tx)
      .where(and(eq(users.orgId, orgId), eq(users.id, id)))
      .limit(1)) as UserRow[];
    return rows[0];
  },

  /** The user row (without the password hash), locked for the rest of the transaction. */
  async findForUpdate(tx: DbExecutor, orgId: string, id: string) {
    const rows = await tx
      .select({
        id: users.id,
        displayName: users.displayName,
        email: users.email,
        mobile: users.mobile,
        departmentId: users.departmentId,
        roleId: users.roleId,
        status: users.status,
        version: users.version,
      })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.id, id)))
      .for('update');
    return rows[0];
  },

  async departmentExists(tx: DbExecutor, orgId: string, id: string) {
    const rows = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.orgId, orgId), eq(departments.id, id), isNull(departments.deletedAt)))
      .for('share'); // a concurrent delete of the department waits for this transaction
    return rows.length > 0;
  },

  async roleExists(tx: DbExecutor, orgId: string, id: string) {
    const rows = await tx
      .select({ id: roles.id })
      .from(roles)
      .where(and(eq(roles.orgId, orgId), eq(roles.id, id)))
      .for('share'); // a concurrent delete of the role waits for this transaction
    return rows.length > 0;
  },

  async insert(tx: DbExecutor, row: typeof users.$inferInsert) {
    await tx.insert(users).values(row);
  },

  async update(
    tx: DbExecutor,
    orgId: string,
    id: string,
    version: number,
    patch: Partial<Pick<typeof users.$inferInsert, 'displayName' | 'email' | 'mobile' | 'departmentId' | 'roleId' | 'status' | 'passwordHash'>> & {
      updatedAt: Date;
      updatedBy: string;
    },
  ): Promise<boolean> {
    const rows = await tx
      .update(users)
      .set({ ...patch, version: sql`${users.version} + 1` })
      .where(and(eq(users.orgId, orgId), eq(users.id, id), eq(users.version, version)))
      .returning({ id: users.id });
    return rows.length > 0;
  },

  async setPassword(tx: DbExecutor, orgId: string, id: string, passwordHash: string, now: Date, by: string): Promise<boolean> {
    const rows = await tx
      .update(users)
      .set({ passwordHash, updatedAt: now, updatedBy: by, version: sql`${users.version} + 1` })
      .where(and(eq(users.orgId, orgId), eq(users.id, id)))
      .returning({ id: users.id });
    return rows.length > 0;
  },
};

export type UsersRepository = typeof usersRepository;
