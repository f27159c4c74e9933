import type { TableColumnType } from 'antd';
import type { TFunction } from 'i18next';
import { TierTag } from './TierTag';
import type { TieredAccount } from './tiersApi';

/** The accounts table's tier column (key `tier`). */
export function tierColumn<T extends TieredAccount>(t: TFunction): TableColumnType<T> {
  return { title: t('tiers.column'), key: 'tier', width: 110, render: (_: unknown, a: T) => <TierTag tier={a.tier} source={a.tierSource} /> };
}
