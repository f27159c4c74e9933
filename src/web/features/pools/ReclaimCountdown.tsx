import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { daysRemaining, isReclaimUrgent } from '../../../core/pools/rules';
import { formatDateTime } from '../../lib/format';

/** Days left before the pool reclaims the customer; red when fewer than 3. Nothing when never reclaimed. */
export function ReclaimCountdown({ dueAt, now = new Date() }: { dueAt: string | null | undefined; now?: Date }) {
  const { t } = useTranslation();
  if (!dueAt) return null;
  const due = new Date(dueAt);
  const days = daysRemaining(due, now);
  const urgent = isReclaimUrgent(due, now);
  return (
    <Tooltip title={t('pools.countdown.tooltip', { at: formatDateTime(dueAt) })}>
      <Tag
        color={urgent ? 'red' : 'default'}
        icon={<ClockCircleOutlined />}
        data-testid="reclaim-days"
        data-days={days}
        data-urgent={urgent ? 'true' : 'false'}
        style={{ marginInlineEnd: 0 }}
      >
        {days <= 0 ? t('pools.countdown.due') : t('pools.countdown.days', { count: days })}
      </Tag>
    </Tooltip>
  );
}
