import { Tag } from 'antd';
import { tierLabel } from './tierLabel';
import type { TierDefinition } from './tiersApi';

/** Select options for the organization's tiers: the key as a coloured tag, then the name. */
export const tierOptions = (tiers: readonly TierDefinition[]) =>
  tiers.map((d) => ({
    value: d.key,
    label: (
      <span>
        <Tag color={d.color !== 'default' ? d.color : undefined} style={{ marginInlineEnd: 6 }}>
          {d.key}
        </Tag>
        {tierLabel(d)}
      </span>
    ),
  }));
