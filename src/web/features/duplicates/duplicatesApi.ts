/** Endpoints of duplicate detection, its rules and the account merge, kept beside the feature. */
import { http, type Id } from '../../lib/api';

export type DuplicateObjectType = 'accounts' | 'contacts' | 'leads';
export type MatchKind = 'credit_code' | 'name_exact' | 'name_fuzzy' | 'phone' | 'email';
/** the order the settings page lists the kinds in */
export const MATCH_KINDS: readonly MatchKind[] = ['credit_code', 'name_exact', 'name_fuzzy', 'phone', 'email'];
export type RuleAction = 'block' | 'warn' | 'off';
export const RULE_ACTIONS: readonly RuleAction[] = ['block', 'warn', 'off'];

export interface DuplicateProbe {
  objectType: DuplicateObjectType;
  excludeId?: Id;
  companyName?: string;
  phone?: string;
  mobile?: string;
  email?: string;
  creditCode?: string;
}

export interface DuplicateMatch {
  objectType: DuplicateObjectType;
  id: Id;
  matchedOn: MatchKind;
  similarity?: number;
  /** false: the caller may not see the record (only owner / pool are told) */
  visible: boolean;
  name?: string;
  ownerId: Id | null;
  ownerName: string | null;
  inPool: boolean;
  poolName?: string | null;
}

export interface DuplicateCheckResult {
  matches: DuplicateMatch[];
  action: 'none' | 'warn' | 'block';
  /** localized sentence (Accept-Language) */
  message: string;
}

export interface DuplicateRules {
  rules: Record<MatchKind, RuleAction>;
  fuzzyThreshold: number;
}
export interface DuplicateSettings extends DuplicateRules {
  version: number;
}

/** Fields a merge may take from a merged account (plus `cf.<key>`). */
export const MERGE_FIELDS = ['name', 'creditCode', 'phone', 'email', 'industry', 'address', 'website', 'notes', 'tier'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export interface MergeAccountsInput {
  targetId: Id;
  sourceIds: Id[];
  /** field → the source account whose value the kept account takes */
  fieldChoices?: Record<string, Id>;
}
export interface MergeAccountsResult {
  targetId: Id;
  mergedIds: Id[];
  moved: Record<string, number>;
}

export const duplicatesApi = {
  check: (probe: DuplicateProbe) => http.post<DuplicateCheckResult>('/duplicates/check', probe),
  getSettings: () => http.get<DuplicateSettings>('/settings/duplicates'),
  putSettings: (input: DuplicateRules & { version: number }) => http.put<DuplicateSettings>('/settings/duplicates', input),
  mergeAccounts: (input: MergeAccountsInput) => http.post<MergeAccountsResult>('/accounts/merge', input),
};

export const duplicateKeys = {
  all: ['duplicates'] as const,
  check: (probe: DuplicateProbe) => ['duplicates', 'check', probe] as const,
  settings: ['duplicates', 'settings'] as const,
};
