/**
 * Duplicate detection rules (查重/撞单, PRODUCT.md 4.2), the pure part: what each kind of match does
 * (block, warn, off), the resulting action of a set of matches, one entry per record, and the sentence a
 * rep reads ("已被 张三 跟进" / "在公海中") — never a field of a record the rep may not see.
 */
export type MatchKind = 'name_exact' | 'name_fuzzy' | 'phone' | 'email' | 'credit_code';
export const MATCH_KINDS: readonly MatchKind[] = ['credit_code', 'name_exact', 'phone', 'email', 'name_fuzzy'];

export type RuleAction = 'block' | 'warn' | 'off';
export type DuplicateAction = 'none' | 'warn' | 'block';

export interface DuplicateRules {
  rules: Record<MatchKind, RuleAction>;
  /** pg_trgm similarity of normalised names for a fuzzy match, 0.1–1 */
  fuzzyThreshold: number;
}

export const DEFAULT_DUPLICATE_RULES: DuplicateRules = {
  rules: { credit_code: 'block', name_exact: 'block', name_fuzzy: 'warn', phone: 'warn', email: 'warn' },
  fuzzyThreshold: 0.6,
};

const SEVERITY: Record<RuleAction, number> = { off: 0, warn: 1, block: 2 };

export interface RawMatchLike {
  objectType: string;
  id: string;
  matchedOn: MatchKind;
  similarity?: number | null;
}

/** Drops matches whose kind is off and keeps one per record: the kind with the strictest rule (then MATCH_KINDS order). */
export function applyRules<M extends RawMatchLike>(rules: DuplicateRules, matches: readonly M[]): { matches: M[]; action: DuplicateAction } {
  const best = new Map<string, M>();
  let action: DuplicateAction = 'none';
  for (const m of matches) {
    const rule = rules.rules[m.matchedOn];
    if (rule === 'off') continue;
    if (SEVERITY[rule] > SEVERITY[action === 'none' ? 'off' : action]) action = rule;
    const key = `${m.objectType}:${m.id}`;
    const prev = best.get(key);
    if (!prev || rank(rules, m) < rank(rules, prev)) best.set(key, m);
  }
  const out = [...best.values()].sort((a, b) => rank(rules, a) - rank(rules, b) || (b.similarity ?? 1) - (a.similarity ?? 1));
  return { matches: out, action };
}

function rank(rules: DuplicateRules, m: RawMatchLike): number {
  return (2 - SEVERITY[rules.rules[m.matchedOn]]) * 10 + MATCH_KINDS.indexOf(m.matchedOn);
}

export interface DescribedMatch {
  objectType: 'accounts' | 'contacts' | 'leads';
  matchedOn: MatchKind;
  visible: boolean;
  name?: string;
  ownerName: string | null;
  inPool: boolean;
}

const OBJECT_NOUN = {
  accounts: { 'zh-CN': '客户', en: 'account' },
  contacts: { 'zh-CN': '联系人', en: 'contact' },
  leads: { 'zh-CN': '线索', en: 'lead' },
} as const;

const KIND_TEXT = {
  name_exact: { 'zh-CN': '名称相同', en: 'same name' },
  name_fuzzy: { 'zh-CN': '名称相似', en: 'similar name' },
  phone: { 'zh-CN': '电话相同', en: 'same phone' },
  email: { 'zh-CN': '邮箱相同', en: 'same email' },
  credit_code: { 'zh-CN': '信用代码相同', en: 'same credit code' },
} as const;

/** One match in a sentence: visible → its name and owner; invisible → only who follows it, or that it is in the pool. */
export function describeMatch(m: DescribedMatch, locale: 'zh-CN' | 'en'): string {
  const noun = OBJECT_NOUN[m.objectType][locale];
  const kind = KIND_TEXT[m.matchedOn][locale];
  const whose = m.inPool
    ? locale === 'zh-CN'
      ? '在公海中'
      : 'in the public pool'
    : m.ownerName
      ? locale === 'zh-CN'
        ? `已被 ${m.ownerName} 跟进`
        : `followed by ${m.ownerName}`
      : locale === 'zh-CN'
        ? '无负责人'
        : 'no owner';
  if (m.visible && m.name) return locale === 'zh-CN' ? `${noun}「${m.name}」（${kind}，${whose}）` : `${noun} "${m.name}" (${kind}, ${whose})`;
  return locale === 'zh-CN' ? `一个${noun}（${kind}，${whose}）` : `an ${noun === 'account' ? 'account' : noun} (${kind}, ${whose})`.replace(/^an (contact|lead)/, 'a $1');
}

/** Up to `max` matches in one sentence, "… 等 N 条" beyond. */
export function summarizeMatches(ms: readonly DescribedMatch[], locale: 'zh-CN' | 'en', max = 3): string {
  const parts = ms.slice(0, max).map((m) => describeMatch(m, locale));
  const rest = ms.length - parts.length;
  const sep = locale === 'zh-CN' ? '；' : '; ';
  let text = parts.join(sep);
  if (rest > 0) text += locale === 'zh-CN' ? `，另有 ${rest} 条` : `, and ${rest} more`;
  return text;
}
