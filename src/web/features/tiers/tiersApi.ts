/** Endpoints of customer tiers: settings `/settings/tiers`, rule run `/tiers/apply`, manual tier on accounts. */
import type { TierCondition, TierDefinition, TierRule } from '../../../core/tiers/evaluate';
import { http, type Account, type Id } from '../../lib/api';

export type { TierCondition, TierDefinition, TierRule };

export interface TierSettings {
  tiers: TierDefinition[];
  rules: TierRule[];
  /** fields a condition may name besides `cf.<key>` */
  fields: string[];
  version: number;
  /** PUT: the rule recompute that saving ran (when the server does so) */
  applied?: { examined: number; changed: number };
}

export type TierSource = 'manual' | 'rule';
/** An account as the server sends it, with its tier (the shared Account type predates tiers). */
export type TieredAccount = Account & { tier?: string | null; tierSource?: TierSource | null };

/** The list filter value for accounts without a tier. */
export const NO_TIER = 'none';

export const tiersApi = {
  get: () => http.get<TierSettings>('/settings/tiers'),
  put: (input: { tiers: TierDefinition[]; rules: TierRule[]; version: number }) => http.put<TierSettings>('/settings/tiers', input),
  apply: () => http.post<{ examined: number; changed: number }>('/tiers/apply', {}),
  /** null: back to the tier rules */
  setAccountTier: (id: Id, tier: string | null, version: number) => http.patch<Account>(`/accounts/${http.enc(id)}`, { tier, version }),
};

export const tierKeys = {
  settings: ['tiers', 'settings'] as const,
};
