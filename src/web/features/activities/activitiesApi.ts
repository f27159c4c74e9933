import { http, type Id, type Page } from '../../lib/api';

export type Sentiment = 'positive' | 'neutral' | 'negative';
export const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative'];
/** structured fields a follow-up type can require */
export type StructuredField = 'need' | 'feedback' | 'nextAction';
export const STRUCTURED_FIELDS: StructuredField[] = ['need', 'feedback', 'nextAction'];
export const DEFAULT_TYPE_KEYS = ['call', 'visit', 'email', 'wechat', 'meeting', 'demo', 'other'] as const;

export interface CheckIn {
  lat: number;
  lng: number;
  address?: string | null;
  at?: string;
}

export interface Activity {
  id: Id;
  type: string;
  occurredAt: string;
  accountId: Id | null;
  accountName?: string | null;
  dealId: Id | null;
  dealName?: string | null;
  contactIds: Id[];
  need: string | null;
  feedback: string | null;
  sentiment: Sentiment | null;
  nextAction: string | null;
  nextActionDate: string | null;
  notes: string | null;
  durationSeconds: number | null;
  checkIn: CheckIn | null;
  effective: boolean;
  /** why it is not effective (in the request language), on create responses */
  ineffectiveReasons?: { code: string; message: string }[];
  typeName?: string;
  /** the task created for the next action, if any */
  taskId: Id | null;
  ownerId?: Id | null;
  ownerName?: string | null;
  createdAt?: string;
}

export interface ActivityInput {
  type: string;
  occurredAt?: string;
  accountId?: Id;
  dealId?: Id;
  contactIds?: Id[];
  need?: string;
  feedback?: string;
  sentiment?: Sentiment;
  nextAction?: string;
  nextActionDate?: string;
  notes?: string;
  durationSeconds?: number;
  checkIn?: CheckIn;
}

export interface ActivityTypeDef {
  key: string;
  name: { 'zh-CN': string; en: string };
  active: boolean;
  required: StructuredField[];
}

/** What makes a follow-up effective (null / false: the condition does not apply). */
export interface EffectiveRule {
  minDurationSeconds: number | null;
  requireCheckIn: boolean;
  minTextChars: number | null;
}

export interface ActivitySettings {
  types: ActivityTypeDef[];
  effective: { default: EffectiveRule; byType: Record<string, Partial<EffectiveRule>> };
  negativeFeedbackTaskForManager: boolean;
  reminderTime: string;
  timeZone: string;
  version?: number;
}

export interface ActivityListParams {
  accountId?: Id;
  dealId?: Id;
  ownerId?: Id;
  cursor?: string;
}

const { get, post, put } = http;

export const activitiesApi = {
  list: (params: ActivityListParams) => get<Page<Activity>>('/activities', { ...params }),
  create: (input: ActivityInput) => post<Activity>('/activities', input),
  settings: () => get<ActivitySettings>('/settings/activities'),
  saveSettings: (input: ActivitySettings) => put<ActivitySettings>('/settings/activities', input),
};

export const activityKeys = {
  all: ['activities'] as const,
  list: (params: ActivityListParams) => ['activities', 'list', params] as const,
  settings: ['activities', 'settings'] as const,
};
