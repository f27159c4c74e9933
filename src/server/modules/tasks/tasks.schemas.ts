import { z } from 'zod';

const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const TASK_VIEWS = ['today', 'overdue', 'upcoming', 'done'] as const;

export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  notes: z.string().nullable(),
  /** YYYY-MM-DD in the organization's time zone */
  dueDate: z.string(),
  remindAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  assigneeId: z.string(),
  assigneeName: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  /** next_action (from a follow-up), negative_feedback (for the manager), manual, automation */
  source: z.string(),
  activityId: z.string().nullable(),
  dealId: z.string().nullable(),
  dealName: z.string().nullable(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  /** open and due before today */
  overdue: z.boolean(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type TaskDto = z.infer<typeof taskSchema>;

export const taskIdParams = z.object({ id: z.string().max(100) });

export const listTasksQuery = z.object({
  view: z.enum(TASK_VIEWS).default('today'),
  /** `me` (default) or the id of a user within the actor's data scope */
  assignee: z.union([z.literal('me'), z.guid()]).default('me'),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

export const taskPageSchema = z.object({ items: z.array(taskSchema), nextCursor: z.string().nullable(), today: z.string() });

export const createTaskBody = z.strictObject({
  title: z.string().trim().min(1).max(500),
  notes: z.string().trim().max(5000).nullable().optional(),
  dueDate: dateString,
  /** default: the organization's reminder time (09:00) of the due date */
  remindAt: z.iso.datetime({ offset: true }).nullable().optional(),
  /** default: yourself */
  assigneeId: z.guid().optional(),
  accountId: z.guid().optional(),
  dealId: z.guid().optional(),
});
export type CreateTaskInput = z.infer<typeof createTaskBody>;

export const updateTaskBody = z.strictObject({
  title: z.string().trim().min(1).max(500).optional(),
  notes: z.string().trim().max(5000).nullable().optional(),
  dueDate: dateString.optional(),
  remindAt: z.iso.datetime({ offset: true }).nullable().optional(),
  status: z.enum(TASK_STATUSES).optional(),
  version: z.number().int().positive(),
});
export type UpdateTaskInput = z.infer<typeof updateTaskBody>;
