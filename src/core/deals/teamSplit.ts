/**
 * Deal teams (PRODUCT.md 4.11): members with a role and a credit split. Splits are whole percents that sum to
 * exactly 100 (an empty team has no split). Pure rules shared by the server (validation) and the web (live sum).
 */
import type { Localized } from '../imports/rows.js';

/** Roles a member can have on a deal team (labels in both languages; the web also has its own locale texts). */
export const TEAM_ROLES = {
  owner: { 'zh-CN': '负责人', en: 'Owner' },
  sales: { 'zh-CN': '协同销售', en: 'Co-seller' },
  presales: { 'zh-CN': '售前', en: 'Presales' },
  support: { 'zh-CN': '支持', en: 'Support' },
  partner: { 'zh-CN': '合作伙伴', en: 'Partner' },
  other: { 'zh-CN': '其他', en: 'Other' },
} as const satisfies Record<string, Localized>;

export type TeamRole = keyof typeof TEAM_ROLES;
export const TEAM_ROLE_KEYS = Object.keys(TEAM_ROLES) as TeamRole[];
export const MAX_TEAM_SIZE = 50;

export interface TeamMemberInput {
  userId: string;
  role: string;
  creditPercent: number;
}

export type TeamProblemCode = 'credit_not_whole_percent' | 'credit_sum' | 'duplicate_member' | 'unknown_role' | 'too_many_members';

export interface TeamProblem {
  /** the input field, as the HTTP layer names fields: `members`, `members.2.creditPercent` … */
  field: string;
  code: TeamProblemCode;
  params?: Record<string, number | string>;
}

/** Messages of the problems, with `{sum}`, `{max}` parameters. */
export const TEAM_PROBLEM_MESSAGES: Record<TeamProblemCode, Localized> = {
  credit_not_whole_percent: { 'zh-CN': '业绩分配应为 0 到 100 之间的整数百分比', en: 'must be a whole percent from 0 to 100' },
  credit_sum: { 'zh-CN': '团队成员的业绩分配合计必须为 100%（当前为 {sum}%）', en: 'credit splits of the team must add up to 100 % (now {sum} %)' },
  duplicate_member: { 'zh-CN': '同一成员只能出现一次', en: 'lists the same member twice' },
  unknown_role: { 'zh-CN': '未知的团队角色', en: 'is not a known team role' },
  too_many_members: { 'zh-CN': '团队成员最多 {max} 人', en: 'may have at most {max} members' },
};

const isWholePercent = (n: number) => Number.isInteger(n) && n >= 0 && n <= 100;

/** The sum of the splits (whole percents only; anything else is reported per member). */
export function creditSum(members: readonly Pick<TeamMemberInput, 'creditPercent'>[]): number {
  return members.reduce((s, m) => s + (isWholePercent(m.creditPercent) ? m.creditPercent : 0), 0);
}

/** Every problem of a team as entered; empty when it can be saved. */
export function validateTeam(members: readonly TeamMemberInput[]): TeamProblem[] {
  const problems: TeamProblem[] = [];
  if (members.length > MAX_TEAM_SIZE) problems.push({ field: 'members', code: 'too_many_members', params: { max: MAX_TEAM_SIZE } });
  const seen = new Set<string>();
  let allWhole = true;
  members.forEach((m, i) => {
    if (!(m.role in TEAM_ROLES)) problems.push({ field: `members.${i}.role`, code: 'unknown_role' });
    const key = m.userId.toLowerCase();
    if (seen.has(key)) problems.push({ field: `members.${i}.userId`, code: 'duplicate_member' });
    seen.add(key);
    if (!isWholePercent(m.creditPercent)) {
      allWhole = false;
      problems.push({ field: `members.${i}.creditPercent`, code: 'credit_not_whole_percent' });
    }
  });
  if (members.length > 0 && allWhole) {
    const sum = creditSum(members);
    if (sum !== 100) problems.push({ field: 'members.creditPercent', code: 'credit_sum', params: { sum } });
  }
  return problems;
}

/**
 * An even split of 100 over n members in whole percents (the first ones get the remainder): what the web
 * proposes when members are added. Always sums to 100 for n ≥ 1.
 */
export function evenSplit(n: number): number[] {
  if (n <= 0) return [];
  const base = Math.floor(100 / n);
  const rest = 100 - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < rest ? 1 : 0));
}
