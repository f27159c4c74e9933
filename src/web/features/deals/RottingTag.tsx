import { FireOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DealCard } from './dealsApi';

/** "n days without update", red when the deal is rotting (idle beyond its stage's rotting days). */
export function RottingTag({ deal }: { deal: Pick<DealCard, 'rotting' | 'idleDays'> }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={deal.rotting ? 'red' : undefined}
      icon={deal.rotting ? <FireOutlined /> : undefined}
      style={{ marginInlineEnd: 0 }}
      data-testid="deal-rotting-tag"
      data-rotting={deal.rotting ? 'true' : 'false'}
      data-days={deal.idleDays}
    >
      {t('deals.idleDays', { count: deal.idleDays })}
    </Tag>
  );
}
