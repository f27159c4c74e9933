import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { LEAD_STATUS_COLORS, type LeadStatus } from './leadsApi';

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEAD_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="lead-status" data-status={status}>
      {t(`leads.statuses.${status}`)}
    </Tag>
  );
}
