import { useQuery } from '@tanstack/react-query';
import { Tag, Typography } from 'antd';
import { api, queryKeys } from '../../lib/api';
import { useDepartments } from '../departments/useDepartments';
import { formatCustomFieldValue } from '../../../core/custom-fields/values';
import { optionLabel } from '../../../core/custom-fields/types';
import { getLanguage } from '../../lib/i18n';
import type { CustomFieldDefinition } from './customFieldsApi';

interface Props {
  def: Pick<CustomFieldDefinition, 'type' | 'options' | 'key'>;
  value: unknown;
  /** display name of a user/department value (the record's API may resolve it) */
  label?: string | null;
}

function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? url : `https://${url}`;
}

/** Read-only display of one custom-field value ("—" when empty). */
export function CustomFieldValue({ def, value, label }: Props) {
  const lang = getLanguage();
  const isUser = def.type === 'user' && typeof value === 'string' && !label;
  const isDepartment = def.type === 'department' && typeof value === 'string' && !label;
  const user = useQuery({ queryKey: queryKeys.user(String(value)), queryFn: () => api.users.get(String(value)), enabled: isUser, staleTime: 300_000, retry: false });
  const departments = useDepartments(def.type === 'department');
  const resolved = label ?? (isUser ? user.data?.displayName : isDepartment ? departments.data?.find((d) => d.id === value)?.name : undefined);
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return <>—</>;
  if (def.type === 'multi_select' && Array.isArray(value)) {
    return (
      <span data-testid={`cf-value-${def.key}`}>
        {value.map((v) => {
          const o = def.options.options?.find((x) => x.value === v);
          return <Tag key={String(v)}>{o ? optionLabel(o, lang) : String(v)}</Tag>;
        })}
      </span>
    );
  }
  if (def.type === 'url' && typeof value === 'string') {
    return (
      <a href={safeHref(value)} target="_blank" rel="noopener noreferrer" data-testid={`cf-value-${def.key}`}>
        {value}
      </a>
    );
  }
  if ((def.type === 'user' || def.type === 'department') && typeof value === 'string') {
    return <span data-testid={`cf-value-${def.key}`}>{resolved ?? <Typography.Text type="secondary">{value.slice(0, 8)}…</Typography.Text>}</span>;
  }
  return <span data-testid={`cf-value-${def.key}`}>{formatCustomFieldValue(def, value, lang)}</span>;
}
