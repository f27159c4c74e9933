import { DatePicker, Input } from 'antd';
import type { FormRule as Rule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { labelOf } from '../../../core/custom-fields/types';
import { getLanguage } from '../../lib/i18n';
import { AccountSelect } from '../contacts/AccountSelect';
import { CustomFieldInput } from '../custom-fields/CustomFieldInputs';
import type { CustomFieldDefinition } from '../custom-fields/customFieldsApi';
import { UserSelect } from '../users/UserSelect';
import { parseAmountInput } from './dealHelpers';

const CURRENCY_PREFIX: Record<string, string> = { CNY: '¥', USD: '$', HKD: 'HK$', EUR: '€', GBP: '£' };

/** Amount typed in major units (yuan); the form converts it to minor units (fen) on submit. */
export function MoneyInput({ currency = 'CNY', ...rest }: { currency?: string; value?: string; onChange?: (v: unknown) => void; 'data-testid'?: string; placeholder?: string }) {
  return <Input inputMode="decimal" prefix={CURRENCY_PREFIX[currency] ?? currency} allowClear {...rest} />;
}

export function moneyRules(t: TFunction, required = false): Rule[] {
  return [
    ...(required ? [{ required: true, whitespace: true, message: t('validation.required') }] : []),
    {
      validator: (_: unknown, value?: string) =>
        parseAmountInput(value) === undefined ? Promise.reject(new Error(t('deals.validation.amount'))) : Promise.resolve(),
    },
  ];
}

/** Form.Item props that keep a date as YYYY-MM-DD in the form while the picker works with dayjs. */
export const dateItemProps = {
  getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : null }),
  normalize: (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null),
};

/** Label of a deal field (standard keys; `cf.<key>` by its definition, else its key). */
export function dealFieldLabel(field: string, t: TFunction, cfDef?: CustomFieldDefinition): string {
  if (cfDef) return labelOf(cfDef, getLanguage());
  if (field.startsWith('cf.')) return field.slice(3);
  return t(`deals.fields.${field}`, { defaultValue: field });
}

/** The input for one deal field named by a stage criterion. */
export function DealFieldInput({
  field,
  currency,
  cfDef,
  testId,
  ...rest
}: {
  field: string;
  currency?: string;
  /** `cf.<key>`: the custom field's definition, for the input of its type */
  cfDef?: CustomFieldDefinition;
  testId: string;
  value?: unknown;
  onChange?: (v: unknown) => void;
}) {
  const props = { 'data-testid': testId, ...rest } as Record<string, unknown>;
  if (cfDef) return <CustomFieldInput def={cfDef} {...props} />;
  switch (field) {
    case 'amount':
      return <MoneyInput currency={currency} {...props} />;
    case 'expectedCloseDate':
      return <DatePicker style={{ width: '100%' }} {...props} />;
    case 'accountId':
      return <AccountSelect allowClear {...props} />;
    case 'ownerId':
      return <UserSelect allowClear {...props} />;
    case 'description':
      return <Input.TextArea rows={3} {...props} />;
    default:
      return <Input {...props} />;
  }
}
