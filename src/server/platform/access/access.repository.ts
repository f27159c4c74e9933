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

  /** Which of the records are shared with the user (record_shares). */
  async sharedRecordIds(tx: DbExecutor, orgId: string, objectType: string, recordIds: readonly string[], userId: string): Promise<Set<string>> {
    if (recordIds.length === 0) return new Set();
    const rows = await tx
      .select({ id: recordShares.recordId })
      .from(recordShares)
      .where(
        and(
          eq(recordShares.orgId, orgId),
          eq(recordShares.objectType, objectType),
          inArray(recordShares.recordId, [...recordIds]),
          eq(recordShares.userId, userId),
        ),
      );
    return new Set(rows.map((r) => r.id));
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
