import { and, eq, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { organizations, roles, users } from '../../platform/db/schema.js';

export const authModuleRepository = {
  /** What sign-in and password change need about a user: never leaves the service. */
  async findCredentials(tx: DbExecutor, orgId: string, userId: string) {
    const rows = await tx
      .select({ id: users.id, passwordHash: users.passwordHash, status: users.status })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
      .limit(1);
    return rows[0];
  },

  async findMe(tx: DbExecutor, orgId: string, userId: string) {
    const rows = await tx
      .select({
        id: users.id,
        displayName: users.displayName,
        email: users.email,
        mobile: users.mobile,
        departmentId: users.departmentId,
        roleId: users.roleId,
        roleName: roles.name,
        dataScope: roles.dataScope,
        permissions: roles.permissions,
        organizationName: organizations.name,
      })
      .from(users)
      .innerJoin(roles, and(eq(roles.orgId, users.orgId), eq(roles.id, users.roleId)))
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
      .limit(1);
    return rows[0];
  },

  async updatePassword(tx: DbExecutor, orgId: string, userId: string, passwordHash: string, now: Date, by: string) {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: now, updatedBy: by, version: sql`${users.version} + 1` })
      .where(and(eq(users.orgId, orgId), eq(users.id, userId)));
  },
};

export type AuthModuleRepository = typeof authModuleRepository;
