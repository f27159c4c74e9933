import { DatePicker, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ConditionValue, TierOp } from '../../../core/tiers/evaluate';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { UserSelect } from '../users/UserSelect';
import type { TierField } from './tierFields';

const asNumber = (v: ConditionValue) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** The value input of one condition, by the kind of its field (money: entered in yuan, stored in fen). */
export function TierConditionValue({ field, op, value, onChange }: { field: TierField | undefined; op: TierOp; value: ConditionValue; onChange: (v: ConditionValue) => void }) {
  const { t } = useTranslation();
  const common = { style: { width: '100%' }, 'data-testid': 'tier-condition-value', 'aria-label': t('tiers.rules.value') };
  const kind = field?.kind ?? 'text';
  if (op === 'in') {
    const list = Array.isArray(value) ? value.map(String) : value === null || value === '' ? [] : [String(value)];
    return <Select<string[]> mode="tags" value={list} onChange={(v) => onChange(v)} options={field?.options} tokenSeparators={[',', '，']} placeholder={t('tiers.rules.valuesPlaceholder')} {...common} />;
  }
  switch (kind) {
    case 'number':
      return <InputNumber<number> value={asNumber(value)} onChange={(v) => onChange(v ?? null)} {...common} />;
    case 'money': {
      const fen = asNumber(value);
      return <InputNumber<number> value={fen === null ? null : fen / 100} onChange={(v) => onChange(v === null ? null : Math.round(v * 100))} prefix="¥" {...common} />;
    }
    case 'date':
      return (
        <DatePicker
          value={typeof value === 'string' && value ? dayjs(value) : null}
          onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : null)}
          {...common}
        />
      );
    case 'select':
      return <Select<string> value={typeof value === 'string' ? value : undefined} onChange={(v) => onChange(v)} options={field?.options} {...common} />;
    case 'user':
      return <UserSelect activeOnly={false} value={typeof value === 'string' ? value : undefined} onChange={(v) => onChange(v ?? null)} {...common} />;
    case 'department':
      return <DepartmentTreeSelect value={typeof value === 'string' ? value : undefined} onChange={(v) => onChange(v ?? null)} {...common} />;
    case 'boolean':
      return (
        <Select<string>
          value={value === true ? 'true' : value === false ? 'false' : undefined}
          onChange={(v) => onChange(v === 'true')}
          options={[
            { value: 'true', label: t('tiers.rules.yes') },
            { value: 'false', label: t('tiers.rules.no') },
          ]}
          {...common}
        />
      );
    default:
      return <Input value={value === null || value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value)} {...common} />;
  }
}
