import { http, type Id } from '../../lib/api';

export type TaskView = 'today' | 'overdue' | 'upcoming' | 'done';
export const TASK_VIEWS: TaskView[] = ['today', 'overdue', 'upcoming', 'done'];
export type TaskStatus = 'open' | 'done' | 'cancelled';

export interface Task {
  id: Id;
  title: string;
  notes: string | null;
  /** YYYY-MM-DD in the organization's time zone */
  dueDate: string;
  remindAt: string | null;
  remindedAt: string | null;
  assigneeId: Id;
  assigneeName: string | null;
  status: TaskStatus;
  /** next_action, negative_feedback, manual, automation */
  source: string;
  activityId: Id | null;
  dealId: Id | null;
  dealName: string | null;
  accountId: Id | null;
  accountName: string | null;
  /** open and due before today */
  overdue: boolean;
  completedAt: string | null;
  completedBy: Id | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
  /** the organization's calendar date */
  today: string;
}

export interface TaskListParams {
  view: TaskView;
  /** `me` or a user id */
  assignee: string;
  cursor?: string;
  limit?: number;
}

export interface TaskInput {
  title: string;
  notes?: string | null;
  dueDate: string;
  assigneeId?: Id;
  accountId?: Id;
  dealId?: Id;
}

export interface TaskPatch {
  version: number;
  title?: string;
  notes?: string | null;
  dueDate?: string;
  status?: TaskStatus;
}

const { get, post, patch, enc } = http;

export const tasksApi = {
  list: (params: TaskListParams) => get<TaskPage>('/tasks', { ...params }),
  create: (input: TaskInput) => post<Task>('/tasks', input),
  update: (id: Id, input: TaskPatch) => patch<Task>(`/tasks/${enc(id)}`, input),
};

/** a tab's count is shown as "N+" beyond this */
export const COUNT_LIMIT = 200;

export const taskKeys = {
  all: ['tasks'] as const,
  list: (view: TaskView, assignee: string) => ['tasks', 'list', view, assignee] as const,
  count: (view: TaskView, assignee: string) => ['tasks', 'count', view, assignee] as const,
};
