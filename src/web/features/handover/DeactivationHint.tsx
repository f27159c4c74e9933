import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Id } from '../../lib/api';
import { HoldingsSummary } from './HoldingsSummary';
import { handoverApi, handoverKeys } from './handoverApi';

/** Shown when an admin sets a user inactive: a user who still owns records must be handed over first. */
export function DeactivationHint({ userId }: { userId: Id }) {
  const { t } = useTranslation();
  const holdings = useQuery({ queryKey: handoverKeys.holdings(userId), queryFn: () => handoverApi.holdings(userId) });
  if (!holdings.data) return null;
  const blocked = holdings.data.total > 0;
  return (
    <Alert
      type={blocked ? 'warning' : 'info'}
      showIcon
      data-testid="deactivation-hint"
      data-blocked={blocked ? 'true' : 'false'}
      title={blocked ? t('handover.deactivate.blocked') : t('handover.deactivate.ok')}
      description={blocked ? <HoldingsSummary counts={holdings.data.counts} testid="deactivation-holdings" /> : undefined}
    />
  );
}
