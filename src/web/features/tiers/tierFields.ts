/** What a tier condition may name, and which operators and value inputs each kind of field gets. */
import { labelOf } from '../../../core/custom-fields/types';
import type { TierOp } from '../../../core/tiers/evaluate';
import { getLanguage } from '../../lib/i18n';
import type { CustomFieldDefinition } from '../custom-fields/customFieldsApi';

export type TierFieldKind = 'text' | 'number' | 'money' | 'date' | 'select' | 'user' | 'department' | 'boolean';

export interface TierField {
  value: string;
  label: string;
  kind: TierFieldKind;
  /** custom select fields: their options */
  options?: { value: string; label: string }[];
}

const STANDARD_KIND: Record<string, TierFieldKind> = { ownerId: 'user', departmentId: 'department', inPool: 'boolean', createdAt: 'date' };

export const OPS_BY_KIND: Record<TierFieldKind, TierOp[]> = {
  text: ['contains', 'eq', 'in'],
  number: ['gte', 'lte', 'eq'],
  money: ['gte', 'lte', 'eq'],
  date: ['gte', 'lte'],
  select: ['eq', 'in'],
  user: ['eq'],
  department: ['eq'],
  boolean: ['eq'],
};

export const OP_SYMBOL: Record<TierOp, string> = { eq: '=', in: '∈', gte: '≥', lte: '≤', contains: '∋' };

/** The server's standard/computed fields, then the active account custom fields as `cf.<key>`. */
export function tierFields(serverFields: readonly string[], cfDefs: readonly CustomFieldDefinition[], t: (key: string, opts?: Record<string, unknown>) => string): TierField[] {
  const lang = getLanguage();
  const standard = serverFields.map<TierField>((f) => ({
    value: f,
    label: t(`tiers.fields.${f}`, { defaultValue: t(`accounts.fields.${f}`, { defaultValue: f }) }),
    kind: STANDARD_KIND[f] ?? (/amount|count|days/i.test(f) ? 'number' : 'text'),
  }));
  const custom = cfDefs
    .filter((d) => d.active && d.type !== 'attachment')
    .map<TierField>((d) => ({
      value: `cf.${d.key}`,
      label: labelOf(d, lang),
      kind:
        d.type === 'number' ? 'number'
        : d.type === 'money' ? 'money'
        : d.type === 'date' ? 'date'
        : d.type === 'single_select' || d.type === 'multi_select' ? 'select'
        : d.type === 'user' ? 'user'
        : d.type === 'department' ? 'department'
        : 'text',
      options: d.options.options?.map((o) => ({ value: o.value, label: lang === 'zh-CN' ? o.labelZh : o.labelEn })),
    }));
  return [...standard, ...custom];
}
