import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { notifications } from '../../platform/db/schema.js';

export type NotificationRow = typeof notifications.$inferSelect;

export const notificationsRepository = {
  async insert(tx: DbExecutor, row: typeof notifications.$inferInsert): Promise<NotificationRow> {
    const [inserted] = await tx.insert(notifications).values(row).returning();
    return inserted!;
  },

  /** newest first */
  async listForUser(tx: DbExecutor, orgId: string, userId: string, opts: { unreadOnly: boolean; limit: number }): Promise<NotificationRow[]> {
    return tx
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.orgId, orgId),
          eq(notifications.userId, userId),
          opts.unreadOnly ? isNull(notifications.readAt) : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(opts.limit);
  },

  async countUnread(tx: DbExecutor, orgId: string, userId: string): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.orgId, orgId), eq(notifications.userId, userId), isNull(notifications.readAt)));
    return Number(row?.n ?? 0);
  },

  /** Marks the user's notification read (keeps the first read time); undefined when it is not theirs. */
  async markRead(tx: DbExecutor, orgId: string, userId: string, id: string, now: Date): Promise<NotificationRow | undefined> {
    const [row] = await tx
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
      .where(and(eq(notifications.orgId, orgId), eq(notifications.id, id), eq(notifications.userId, userId)))
      .returning();
    return row;
  },
};

export type NotificationsRepository = typeof notificationsRepository;
