import { z } from 'zod';

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationDto = z.infer<typeof notificationSchema>;

export const listNotificationsQuery = z.object({
  /** true: only unread notifications */
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  /** all unread notifications of the user, whatever the filter */
  unreadCount: z.number().int(),
});

export const notificationIdParams = z.object({ id: z.guid() });

export const emptyBody = z.strictObject({}).nullish();
