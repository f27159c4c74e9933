import { Select } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { tierOptions } from './tierOptions';
import { NO_TIER } from './tiersApi';
import { useTierSettings } from './useTierSettings';

/** List filter: one tier, or `none` (accounts without a tier). */
export function TierFilterSelect({ value, onChange, style }: { value: string | undefined; onChange: (v: string | undefined) => void; style?: CSSProperties }) {
  const { t } = useTranslation();
  const { data } = useTierSettings();
  const options = [
    ...tierOptions(data?.tiers ?? []),
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
