import { Select, Tag } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { tierLabel } from './tierLabel';
import { NO_TIER } from './tiersApi';
import { useTierSettings } from './useTierSettings';

/** List filter: one tier, or `none` (accounts without a tier). */
export function TierFilterSelect({ value, onChange, style }: { value: string | undefined; onChange: (v: string | undefined) => void; style?: CSSProperties }) {
  const { t } = useTranslation();
  const { data } = useTierSettings();
  const options = [
    ...(data?.tiers ?? []).map((d) => ({
      value: d.key,
      label: (
        <span>
          <Tag color={d.color !== 'default' ? d.color : undefined} style={{ marginInlineEnd: 6 }}>
            {d.key}
          </Tag>
          {tierLabel(d)}
        </span>
      ),
    })),
    { value: NO_TIER, label: <span>{t('tiers.none')}</span> },
  ];
  return (
    <Select<string>
      allowClear
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      placeholder={t('tiers.filter')}
      options={options}
      style={style}
      popupMatchSelectWidth={false}
      data-testid="accounts-tier-filter"
      aria-label={t('tiers.filter')}
    />
  );
}
