import { FilterOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Popover, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { labelOf, optionLabel, SORTABLE_TYPES, TEXT_LIKE_TYPES, type CustomFieldObjectType } from '../../../core/custom-fields/types';
import { formatCustomFieldValue } from '../../../core/custom-fields/values';
import { getLanguage } from '../../lib/i18n';
import type { CustomFieldDefinition } from './customFieldsApi';
import { CustomFieldInput } from './CustomFieldInputs';
import { CustomFieldValue } from './CustomFieldValue';
import { useActiveCustomFields } from './useCustomFieldDefinitions';

export type CustomFieldFilterOp = 'eq' | 'in' | 'gte' | 'lte' | 'contains';
export interface CustomFieldFilter {
  key: string;
  op: CustomFieldFilterOp;
  value: unknown;
}

/** Filters ↔ the `filters` list parameter (JSON) and a URL search parameter. */
export function parseCustomFieldFilters(text: string | null | undefined): CustomFieldFilter[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? (v as CustomFieldFilter[]).filter((f) => f && typeof f.key === 'string' && typeof f.op === 'string') : [];
  } catch {
    return [];
  }
}
export const serializeCustomFieldFilters = (filters: CustomFieldFilter[]) => (filters.length ? JSON.stringify(filters) : undefined);

function opsFor(def: CustomFieldDefinition): CustomFieldFilterOp[] {
  if (def.type === 'number' || def.type === 'money' || def.type === 'date') return ['eq', 'gte', 'lte'];
  if (TEXT_LIKE_TYPES.includes(def.type)) return ['contains', 'eq'];
  return ['eq'];
}

const OP_LABEL: Record<CustomFieldFilterOp, string> = { eq: '=', in: '∈', gte: '≥', lte: '≤', contains: '∋' };

/** Active filters as closable tags plus an "add filter" popover (field, operator, value). */
export function CustomFieldFilterBar({
  objectType,
  value,
  onChange,
}: {
  objectType: CustomFieldObjectType;
  value: CustomFieldFilter[];
  onChange: (filters: CustomFieldFilter[]) => void;
}) {
  const { t } = useTranslation();
  const lang = getLanguage();
  const { data: defs = [] } = useActiveCustomFields(objectType);
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState<string>();
  const [op, setOp] = useState<CustomFieldFilterOp>('eq');
  const [draft, setDraft] = useState<unknown>();
  const def = defs.find((d) => d.key === key);
  if (defs.length === 0) return null;

  const describe = (f: CustomFieldFilter) => {
    const d = defs.find((x) => x.key === f.key);
    if (!d) return `${f.key} ${OP_LABEL[f.op]} ${String(f.value)}`;
    const shown = d.type === 'money' ? String(f.value) : d.type === 'single_select' || d.type === 'multi_select' ? (d.options.options?.find((o) => o.value === f.value) ? optionLabel(d.options.options.find((o) => o.value === f.value)!, lang) : String(f.value)) : formatCustomFieldValue(d, f.value, lang);
    return `${labelOf(d, lang)} ${OP_LABEL[f.op]} ${shown}`;
  };

  const add = () => {
    if (!def || draft === undefined || draft === null || draft === '') return;
    onChange([...value.filter((f) => !(f.key === def.key && f.op === op)), { key: def.key, op, value: draft }]);
    setOpen(false);
    setDraft(undefined);
  };

  const input = def ? (
    def.type === 'date' ? (
      <DatePicker style={{ width: '100%' }} value={typeof draft === 'string' ? dayjs(draft) : null} onChange={(d) => setDraft(d ? d.format('YYYY-MM-DD') : undefined)} />
    ) : (
      <CustomFieldInput
        def={def.type === 'multi_select' ? { ...def, type: 'single_select' } : def}
        {...({ value: draft, onChange: (v: unknown) => setDraft(v && typeof v === 'object' && 'target' in v ? (v as { target: { value: unknown } }).target.value : v) } as object)}
        data-testid="cf-filter-value"
      />
    )
  ) : null;

  return (
    <Flex gap={6} wrap align="center" data-testid="cf-filter-bar">
      {value.map((f, i) => (
        <Tag key={`${f.key}-${f.op}-${i}`} closable onClose={() => onChange(value.filter((_, j) => j !== i))} data-testid="cf-filter-tag">
          {describe(f)}
        </Tag>
      ))}
      <Popover
        open={open}
        onOpenChange={setOpen}
        trigger="click"
        title={t('customFields.filter')}
        content={
          <Flex vertical gap={8} style={{ width: 280 }}>
            <Select
              placeholder={t('customFields.filterField')}
              value={key}
              onChange={(k: string) => {
                setKey(k);
                const d = defs.find((x) => x.key === k);
                setOp(d ? opsFor(d)[0]! : 'eq');
                setDraft(undefined);
              }}
              options={defs.map((d) => ({ value: d.key, label: labelOf(d, lang) }))}
              data-testid="cf-filter-field"
            />
            {def ? (
              <Select value={op} onChange={setOp} options={opsFor(def).map((o) => ({ value: o, label: OP_LABEL[o] }))} />
            ) : null}
            {input}
            <Button type="primary" onClick={add} disabled={!def} data-testid="cf-filter-add">
              {t('customFields.addFilter')}
            </Button>
          </Flex>
        }
      >
        <Button size="small" icon={<FilterOutlined />} data-testid="cf-filter-open">
          {t('customFields.filter')}
        </Button>
      </Popover>
    </Flex>
  );
}

/** Picker of optional custom-field columns (by key). */
export function CustomFieldColumnPicker({
  objectType,
  value,
  onChange,
  style,
}: {
  objectType: CustomFieldObjectType;
  value: string[];
  onChange: (keys: string[]) => void;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const lang = getLanguage();
  const { data: defs = [] } = useActiveCustomFields(objectType);
  if (defs.length === 0) return null;
  return (
    <Select
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      placeholder={t('customFields.columns')}
      value={value.filter((k) => defs.some((d) => d.key === k))}
      onChange={onChange}
      options={defs.map((d) => ({ value: d.key, label: labelOf(d, lang) }))}
      style={style}
      data-testid="cf-column-picker"
    />
  );
}

/** Table columns of the chosen custom fields, for any record with `customFields`. */
export function customFieldColumns<T extends { customFields?: Record<string, unknown> }>(
  defs: readonly CustomFieldDefinition[],
  keys: readonly string[],
): TableColumnsType<T> {
  const lang = getLanguage();
  return defs
    .filter((d) => d.active && keys.includes(d.key))
    .map((d) => ({
      title: labelOf(d, lang),
      key: `cf-${d.key}`,
      width: 140,
      render: (_: unknown, record: T) => <CustomFieldValue def={d} value={record.customFields?.[d.key]} />,
    }));
}

/** Sort choices `cf.<key>:asc|desc` for the sortable active fields. */
export function customFieldSortOptions(defs: readonly CustomFieldDefinition[]): { value: string; label: string }[] {
  const lang = getLanguage();
  return defs
    .filter((d) => d.active && SORTABLE_TYPES.includes(d.type))
    .flatMap((d) => [
      { value: `cf.${d.key}:asc`, label: `${labelOf(d, lang)} ↑` },
      { value: `cf.${d.key}:desc`, label: `${labelOf(d, lang)} ↓` },
    ]);
}
