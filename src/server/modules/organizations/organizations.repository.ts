import { sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { departments, organizations, roles, users } from '../../platform/db/schema.js';

export const organizationsRepository = {
  async countAll(tx: DbExecutor): Promise<number> {
    const rows = await tx.select({ n: sql<number>`count(*)::int` }).from(organizations);
    return Number(rows[0]?.n ?? 0);
  },
  async insertOrganization(tx: DbExecutor, row: typeof organizations.$inferInsert) {
    await tx.insert(organizations).values(row);
  },
  async insertDepartment(tx: DbExecutor, row: typeof departments.$inferInsert) {
    await tx.insert(departments).values(row);
  },
  async insertRoles(tx: DbExecutor, rows: (typeof roles.$inferInsert)[]) {
    await tx.insert(roles).values(rows);
  },
  async insertUser(tx: DbExecutor, row: typeof users.$inferInsert) {
    await tx.insert(users).values(row);
  },
};
