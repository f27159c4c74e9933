import { http, type Account, type Id, type Page } from '../../lib/api';

export interface TierDays {
  default: number;
  [tier: string]: number;
}
export interface PoolRules {
  reclaim: { idleDays: TierDays | null; noDealDays: TierDays | null; noWinDays: TierDays | null; exemptWon: boolean; exemptLocked: boolean };
  reminderDays: number;
  claimCapPerDay: number | null;
  cooldownDays: number;
  holdingCap: number | null;
  timeZone: string;
}
export interface Pool {
  id: Id;
  name: string;
  rules: PoolRules;
  departmentIds: Id[];
  isDefault: boolean;
  active: boolean;
  accountCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}
export interface PoolInput {
  name: string;
  rules: PoolRules;
  departmentIds: Id[];
  isDefault?: boolean;
  active?: boolean;
}

export const poolsApi = {
  list: () => http.get<{ items: Pool[] }>('/pools'),
  create: (input: PoolInput) => http.post<Pool>('/pools', input),
  update: (id: Id, input: Partial<PoolInput> & { version: number }) => http.patch<Pool>(`/pools/${http.enc(id)}`, input),
  remove: (id: Id) => http.del(`/pools/${http.enc(id)}`),
  accounts: (params: { poolId?: Id; q?: string; cursor?: string }) =>
    http.get<Page<Account>>('/accounts', { inPool: true, limit: 50, sort: 'updatedAt', ...params }),
  claim: (poolId: Id, accountIds: Id[]) => http.post<{ accountIds: Id[] }>(`/pools/${http.enc(poolId)}/claim`, { accountIds }),
  assign: (poolId: Id, accountIds: Id[], userId: Id) =>
    http.post<{ accountIds: Id[] }>(`/pools/${http.enc(poolId)}/assign`, { accountIds, userId }),
  release: (accountId: Id, input: { reason: string; poolId?: Id }) => http.post<void>(`/accounts/${http.enc(accountId)}/release`, input),
};

export const poolKeys = {
  all: ['pools'] as const,
  list: ['pools', 'list'] as const,
  accounts: (poolId: Id | undefined, q: string) => ['pools', 'accounts', poolId ?? 'all', q] as const,
};
