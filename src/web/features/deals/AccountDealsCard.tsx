import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format';
import { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { usePermission } from '../auth/usePermission';
import { DealFormModal } from './DealFormModal';
import { findStage, formatAmount, localized } from './dealHelpers';
import { RottingTag } from './RottingTag';
import { useDeals } from './useDeals';
import { usePipelines } from './usePipelines';

/** The deals of an account on the account page, with a new-deal button preset to the account. */
export function AccountDealsCard({ accountId, accountName, readOnly = false }: { accountId: string; accountName: string; readOnly?: boolean }) {
  const { t } = useTranslation();
  const can = usePermission();
  const lang = getLanguage();
  const [createOpen, setCreateOpen] = useState(false);
  const deals = useDeals({ accountId }, { pageSize: 20, enabled: can('deals', 'view') });
  const { data: pipelines = [] } = usePipelines();
  const rows = useMemo(() => deals.data?.pages.flatMap((p) => p.items) ?? [], [deals.data]);
  if (!can('deals', 'view')) return null;

  return (
    <Card
      title={t('deals.accountCard.title')}
      data-testid="account-deals"
      extra={
        !readOnly && can('deals', 'create') ? (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="account-deal-create">
            {t('deals.create')}
          </Button>
        ) : null
      }
    >
      <List
        loading={deals.isPending}
        dataSource={rows}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.accountCard.empty')} /> }}
        renderItem={(d) => {
          const pipeline = pipelines.find((p) => p.id === d.pipelineId);
          return (
            <List.Item key={d.id} {...testId('account-deal', { 'data-id': d.id })}>
              <Flex vertical style={{ width: '100%', minWidth: 0 }} gap={2}>
                <Flex justify="space-between" gap={8} align="center" wrap>
                  <Link to={`/deals/${d.id}`} style={{ fontWeight: 600 }}>
                    {d.name}
                  </Link>
                  <Tag color={d.status === 'won' ? 'green' : d.status === 'lost' ? 'default' : 'blue'} style={{ marginInlineEnd: 0 }}>
                    {localized(findStage(pipeline, d.stageKey)?.name, lang) || d.stageKey}
                  </Tag>
                </Flex>
                <Flex justify="space-between" gap={8} align="center" wrap>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {[formatAmount(d.amount, d.currency), d.expectedCloseDate ? formatDate(d.expectedCloseDate) : null, d.ownerName].filter(Boolean).join(' · ')}
                  </Typography.Text>
                  {d.status === 'open' && d.rotting ? <RottingTag deal={d} /> : null}
                </Flex>
              </Flex>
            </List.Item>
          );
        }}
      />
      {deals.hasNextPage ? (
        <Button type="link" block onClick={() => void deals.fetchNextPage()} loading={deals.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      ) : null}
      <DealFormModal open={createOpen} defaults={{ accountId, accountName }} onClose={() => setCreateOpen(false)} />
    </Card>
  );
}
