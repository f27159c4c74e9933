import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DepartmentNode } from '../../../core/access/scope.js';
import type { DbExecutor } from '../db/database.js';
import { departments, recordShares, users } from '../db/schema.js';

export interface RecordShareInput {
  orgId: string;
  objectType: string;
  recordId: string;
  userId: string;
  /** why it is shared: 'team_member', 'collaborator', … */
  role?: string | null;
}

export const accessRepository = {
  /** The organization's (live) department tree; departments are few, so it is loaded whole. */
  async listDepartmentNodes(tx: DbExecutor, orgId: string): Promise<DepartmentNode[]> {
    return tx
      .select({ id: departments.id, parentId: departments.parentId, managerId: departments.managerId })
      .from(departments)
      .where(and(eq(departments.orgId, orgId), isNull(departments.deletedAt)));
  },

  /** Users (active or not: their records still belong to the team) in any of the departments. */
  async listUserIdsInDepartments(tx: DbExecutor, orgId: string, departmentIds: readonly string[]): Promise<string[]> {
    if (departmentIds.length === 0) return [];
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.departmentId, [...departmentIds])));
    return rows.map((r) => r.id);
  },

  async isSharedWith(tx: DbExecutor, orgId: string, objectType: string, recordId: string, userId: string): Promise<boolean> {
    const rows = await tx
      .select({ userId: recordShares.userId })
      .from(recordShares)
      .where(
        and(
          eq(recordShares.orgId, orgId),
          eq(recordShares.objectType, objectType),
          eq(recordShares.recordId, recordId),
          eq(recordShares.userId, userId),
        ),
      )
      .limit(1);
    return rows.length > 0;
  },

  /** Shares a record with a user (idempotent). */
  async share(tx: DbExecutor, input: RecordShareInput): Promise<void> {
    await tx
      .insert(recordShares)
      .values({ ...input, role: input.role ?? null })
      .onConflictDoNothing();
  },

  async unshare(tx: DbExecutor, input: Omit<RecordShareInput, 'role'>): Promise<void> {
    await tx
      .delete(recordShares)
      .where(
        and(
          eq(recordShares.orgId, input.orgId),
          eq(recordShares.objectType, input.objectType),
          eq(recordShares.recordId, input.recordId),
          eq(recordShares.userId, input.userId),
        ),
      );
  },
};

export type AccessRepository = typeof accessRepository;
