import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { roles, users } from '../../platform/db/schema.js';

const columns = {
  id: roles.id,
  key: roles.key,
  name: roles.name,
  dataScope: roles.dataScope,
  permissions: roles.permissions,
  fieldMasks: roles.fieldMasks,
  isSystem: roles.isSystem,
  version: roles.version,
};

export const rolesRepository = {
  async list(tx: DbExecutor, orgId: string) {
    return tx
      .select(columns)
      .from(roles)
      .where(eq(roles.orgId, orgId))
      // seeded roles in their hierarchy (管理员, 销售总监, 销售经理, 销售代表), then the organization's own
      .orderBy(
        sql`${roles.isSystem} desc`,
        sql`array_position(array['admin','director','manager','rep'], ${roles.key})`,
        asc(roles.createdAt),
        asc(roles.name),
      );
  },

  async findById(tx: DbExecutor, orgId: string, id: string, opts: { forUpdate?: boolean } = {}) {
    const q = tx.select(columns).from(roles).where(and(eq(roles.orgId, orgId), eq(roles.id, id)));
    const rows = opts.forUpdate ? await q.for('update') : await q;
    return rows[0];
  },

  async nameTaken(tx: DbExecutor, orgId: string, name: string, exceptId?: string) {
    const rows = await tx
      .select({ id: roles.id })
      .from(roles)
      .where(and(eq(roles.orgId, orgId), sql`lower(${roles.name}) = lower(${name})`, exceptId ? sql`${roles.id} <> ${exceptId}` : undefined))
      .limit(1);
    return rows.length > 0;
  },

  async insert(tx: DbExecutor, row: typeof roles.$inferInsert) {
    await tx.insert(roles).values(row);
  },

  async update(
    tx: DbExecutor,
    orgId: string,
    id: string,
    version: number,
    patch: Partial<Pick<typeof roles.$inferInsert, 'name' | 'dataScope' | 'permissions' | 'fieldMasks'>> & { updatedAt: Date; updatedBy: string },
  ): Promise<boolean> {
    const rows = await tx
      .update(roles)
      .set({ ...patch, version: sql`${roles.version} + 1` })
      .where(and(eq(roles.orgId, orgId), eq(roles.id, id), eq(roles.version, version)))
      .returning({ id: roles.id });
    return rows.length > 0;
  },

  async countUsers(tx: DbExecutor, orgId: string, roleId: string): Promise<number> {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.roleId, roleId)));
    return Number(row?.n ?? 0);
  },

  async delete(tx: DbExecutor, orgId: string, id: string) {
    await tx.delete(roles).where(and(eq(roles.orgId, orgId), eq(roles.id, id)));
  },
};

export type RolesRepository = typeof rolesRepository;
