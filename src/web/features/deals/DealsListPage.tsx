import { AppstoreOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, formatDateTime, orDash } from '../../lib/format';
import { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { QuickLogButton } from '../activities/QuickLogButton';
import { usePermission } from '../auth/usePermission';
import { BulkEditModal } from './BulkEditModal';
import { DealFilterBar } from './DealFilterBar';
import { DealFormModal } from './DealFormModal';
import { findStage, formatAmount, localized, sumAmounts, weighted } from './dealHelpers';
import type { Amount, DealCard, DealStatus } from './dealsApi';
import { RottingTag } from './RottingTag';
import { useDealFilterParams } from './useDealFilterParams';
import { useDeals } from './useDeals';

const STATUSES: DealStatus[] = ['open', 'won', 'lost'];

/** The deal list (/deals/list): the board's filters plus stage, status and rotting; totals; bulk edit. */
export default function DealsListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = usePermission();
  const lang = getLanguage();
  const state = useDealFilterParams();
  const { pipeline, filters, params, setParam } = state;
  const stageKey = params.get('stage') ?? undefined;
  const status = (STATUSES as string[]).includes(params.get('status') ?? '') ? (params.get('status') as DealStatus) : undefined;
  const rotting = params.get('rotting') === '1' ? true : undefined;
  const listParams = { ...filters, stageKey, status, rotting };
  const deals = useDeals(listParams, { enabled: Boolean(filters.pipelineId) || state.pipelines.isError });
  const rows = useMemo(() => deals.data?.pages.flatMap((p) => p.items) ?? [], [deals.data]);
  const serverTotals = deals.data?.pages[0]?.totals;
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [createOpen, setCreateOpen] = useState(false);

  const weightedOf = (d: DealCard): Amount => d.weightedAmount ?? weighted(d.amount, findStage(pipeline, d.stageKey)?.probability ?? 0);
  const totals = serverTotals ?? {
    count: rows.length,
    amount: sumAmounts(rows.map((d) => d.amount)),
    weightedAmount: sumAmounts(rows.map(weightedOf)),
  };

  const columns: TableColumnsType<DealCard> = [
    {
      title: t('deals.fields.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 220,
      render: (name: string, d) => (
        <Link to={`/deals/${d.id}`} onClick={(e) => e.stopPropagation()} data-testid="deal-row-name">
          {name}
        </Link>
      ),
    },
    {
      title: t('deals.fields.accountId'),
      dataIndex: 'accountName',
      width: 180,
      render: (name: string | null, d) => (name && d.accountId ? <Link to={`/accounts/${d.accountId}`} onClick={(e) => e.stopPropagation()}>{name}</Link> : orDash(name)),
    },
    {
      title: t('deals.fields.stage'),
      dataIndex: 'stageKey',
      width: 130,
      render: (key: string, d) => (
        <Tag color={d.status === 'won' ? 'green' : d.status === 'lost' ? 'default' : 'blue'} data-testid="deal-row-stage" data-stage={key}>
          {localized(findStage(pipeline, key)?.name, lang) || key}
        </Tag>
      ),
    },
    { title: t('deals.fields.amount'), dataIndex: 'amount', width: 140, align: 'right', render: (a: number | null, d) => formatAmount(a, d.currency) },
    { title: t('deals.fields.weightedAmount'), key: 'weighted', width: 140, align: 'right', render: (_, d) => (d.amount === null ? '—' : formatAmount(weightedOf(d), d.currency)) },
    { title: t('deals.fields.owner'), dataIndex: 'ownerName', width: 120, render: orDash },
    { title: t('deals.fields.expectedCloseDate'), dataIndex: 'expectedCloseDate', width: 130, render: formatDate },
    {
      title: t('deals.fields.idle'),
      key: 'idle',
      width: 130,
      render: (_, d) => (d.status === 'open' ? <RottingTag deal={d} /> : <Tag>{t(`deals.status.${d.status}`)}</Tag>),
    },
    { title: t('deals.fields.lastUpdateAt'), dataIndex: 'lastUpdateAt', width: 160, render: formatDateTime },
    { key: 'quickLog', width: 56, fixed: 'right', render: (_, d) => <QuickLogButton dealId={d.id} size="small" iconOnly /> },
  ];

  const boardLink = `/deals${params.toString() ? `?${params.toString()}` : ''}`;
  const canBulk = can('deals', 'edit');

  return (
    <>
      <PageHeader
        title={t('deals.listTitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void deals.refetch()} aria-label={t('common.refresh')} data-testid="deals-list-refresh" />
            <Link to={boardLink}>
              <Button icon={<AppstoreOutlined />} data-testid="deals-board-view">
                {t('deals.boardView')}
              </Button>
            </Link>
            {canBulk ? (
              <Button icon={<EditOutlined />} disabled={selected.length === 0} onClick={() => setBulkOpen(true)} data-testid="deals-bulk-edit">
                {t('deals.bulk.button', { count: selected.length })}
              </Button>
            ) : null}
            {can('deals', 'create') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="deals-create">
                {t('deals.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <DealFilterBar state={state}>
          <Col xs={12} sm={8} md={4} lg={3}>
            <Select
              allowClear
              value={stageKey}
              onChange={(v) => setParam('stage', v)}
              options={(pipeline?.stages ?? []).map((s) => ({ value: s.key, label: localized(s.name, lang) }))}
              placeholder={t('deals.stageFilter')}
              style={{ width: '100%' }}
              data-testid="deals-stage-filter"
            />
          </Col>
          <Col xs={12} sm={8} md={4} lg={3}>
            <Select
              allowClear
              value={status}
              onChange={(v) => setParam('status', v)}
              options={STATUSES.map((s) => ({ value: s, label: t(`deals.status.${s}`) }))}
              placeholder={t('deals.statusFilter')}
              style={{ width: '100%' }}
              data-testid="deals-status-filter"
            />
          </Col>
          <Col xs={12} sm={8} md={4} lg={3}>
            <Select
              allowClear
              value={rotting ? '1' : undefined}
              onChange={(v) => setParam('rotting', v)}
              options={[{ value: '1', label: t('deals.rottingOnly') }]}
              placeholder={t('deals.rottingFilter')}
              style={{ width: '100%' }}
              data-testid="deals-rotting-filter"
            />
          </Col>
        </DealFilterBar>
      </Card>
      {deals.isError ? <Alert type="error" showIcon title={deals.error.message} style={{ marginBottom: 12 }} /> : null}
      <Table<DealCard>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={deals.isFetching && !deals.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 'max-content' }}
        size="middle"
        rowSelection={
          canBulk
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                columnWidth: 40,
                fixed: 'left',
                onCell: () => ({ onClick: (e) => e.stopPropagation() }),
                getCheckboxProps: (d) => testId('deal-row-select', { 'data-id': d.id }),
              }
            : undefined
        }
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.empty')} /> }}
        onRow={(d) => ({ ...testId('deal-row', { 'data-id': d.id, 'data-rotting': d.rotting ? 'true' : 'false' }), onClick: () => navigate(`/deals/${d.id}`), style: { cursor: 'pointer' } })}
        summary={() =>
          rows.length ? (
            <Table.Summary fixed>
              <Table.Summary.Row data-testid="deals-list-totals">
                <Table.Summary.Cell index={0} colSpan={canBulk ? 4 : 3}>
                  <Typography.Text strong data-testid="deals-total-count" data-value={totals.count}>
                    {serverTotals ? t('deals.totals.count', { count: totals.count }) : t('deals.totals.loadedCount', { count: totals.count })}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <Typography.Text strong data-testid="deals-total-amount" data-value={totals.amount}>
                    {formatAmount(totals.amount)}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Typography.Text strong data-testid="deals-total-weighted" data-value={totals.weightedAmount}>
                    {formatAmount(totals.weightedAmount)}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} colSpan={4} />
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
        data-testid="deals-table"
      />
      <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }} wrap>
        {rows.length > 0 ? (
          <Typography.Text type="secondary" data-testid="deals-count">
            {t('common.loadedCount', { count: rows.length })}
          </Typography.Text>
        ) : null}
        {deals.hasNextPage ? (
          <Button onClick={() => void deals.fetchNextPage()} loading={deals.isFetchingNextPage} data-testid="deals-load-more">
            {t('common.loadMore')}
          </Button>
        ) : null}
      </Flex>
      <BulkEditModal
        open={bulkOpen}
        deals={rows.filter((d) => selected.includes(d.id))}
        pipeline={pipeline}
        onClose={() => setBulkOpen(false)}
        onDone={(ok) => setSelected((s) => s.filter((id) => !ok.includes(id)))}
      />
      <DealFormModal open={createOpen} defaults={{ pipelineId: pipeline?.id }} onClose={() => setCreateOpen(false)} />
    </>
  );
}
