import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { RECORD_TYPES } from './handoverApi';

/** The counts of held accounts, contacts and leads, one tag each (texts from the handover locale). */
export function HoldingsSummary({ counts, testid = 'holdings' }: { counts: Record<string, number>; testid?: string }) {
  const { t } = useTranslation();
  const types = [...RECORD_TYPES, ...Object.keys(counts).filter((k) => !RECORD_TYPES.includes(k))];
  return (
    <Space wrap data-testid={testid}>
      {types.map((type) => (
        <Tag key={type} color={counts[type] ? 'blue' : 'default'} data-testid={`${testid}-${type}`} data-count={counts[type] ?? 0}>
          {t(`handover.types.${type}`, { count: counts[type] ?? 0, defaultValue: `${type}: ${counts[type] ?? 0}` })}
        </Tag>
      ))}
    </Space>
  );
}
