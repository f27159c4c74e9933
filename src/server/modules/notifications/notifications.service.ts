/**
 * In-app notifications. Other modules create them with `notificationsService.notify(tx, …)` inside their
 * own tenant transaction: the row and the live event commit together (the event is a NOTIFY, which
 * PostgreSQL delivers only on commit), and the signed-in user's SSE stream on any instance receives it.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { publishInTransaction, type LiveEvent } from '../../platform/events/eventBus.js';
import { notificationErrors } from './notifications.errors.js';
import { notificationsRepository, type NotificationRow } from './notifications.repository.js';
import type { ListNotificationsQuery, NotificationDto } from './notifications.schemas.js';

export const NOTIFICATION_EVENT = 'notification';

export interface NewNotification {
  orgId: string;
  userId: string;
  /** machine-readable kind, e.g. `account.transferred` */
  kind: string;
  title: string;
  body?: string;
  /** path in the web app, e.g. `/accounts/<id>` */
  link?: string | null;
}

export function toNotificationDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

/** The live event of a notification: the whole notification, or only its id when that is too large. */
export function notificationEvent(dto: NotificationDto): LiveEvent {
  return { type: NOTIFICATION_EVENT, id: dto.id, data: dto };
}

export const notificationsService = {
  /** Inserts the notification in the caller's transaction; the user's live streams get it on commit. */
  async notify(tx: DbExecutor, input: NewNotification): Promise<NotificationDto> {
    const row = await notificationsRepository.insert(tx, {
      orgId: input.orgId,
      id: randomUUID(),
      userId: input.userId,
      kind: input.kind,
      title: input.title,
      body: input.body ?? '',
      link: input.link ?? null,
    });
    const dto = toNotificationDto(row);
    await publishInTransaction(tx, input.orgId, input.userId, notificationEvent(dto));
    return dto;
  },

  async list(database: Database, actor: Actor, query: ListNotificationsQuery): Promise<{ items: NotificationDto[]; unreadCount: number }> {
    return database.withTenant(actor.orgId, async (tx) => {
      const rows = await notificationsRepository.listForUser(tx, actor.orgId, actor.userId, {
        unreadOnly: query.unread === 'true',
        limit: query.limit,
      });
      const unreadCount = await notificationsRepository.countUnread(tx, actor.orgId, actor.userId);
      return { items: rows.map(toNotificationDto), unreadCount };
    });
  },

  async markRead(database: Database, clock: Clock, actor: Actor, id: string): Promise<NotificationDto> {
    const row = await database.withTenant(actor.orgId, (tx) =>
      notificationsRepository.markRead(tx, actor.orgId, actor.userId, id, clock.now()),
    );
    if (!row) throw notificationErrors.NOTIFICATION_NOT_FOUND();
    return toNotificationDto(row);
  },
};
