import { DeleteOutlined, PlusOutlined, ReloadOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Flex, Grid, Input, Row, Select, Skeleton, Switch, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { ExportButton } from '../exports/ExportButton';
import { formatDateTime, orDash } from '../../lib/format';
import { testId } from '../../lib/testid';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { UserSelect } from '../users/UserSelect';
import { LeadFormModal } from './LeadFormModal';
import { LeadStatusTag } from './LeadStatusTag';
import { LEAD_STATUSES, type Lead, type LeadSort, type LeadStatus } from './leadsApi';
import { useLeads, useRestoreLead } from './useLeads';
import { useSetSearchParam } from '../../lib/useSetSearchParam';

const SORTS = ['updatedAt:desc', 'createdAt:desc', 'createdAt:asc', 'name:asc', 'companyName:asc'] as const;
type SortValue = (typeof SORTS)[number];

export default function LeadsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isWide = screens.md ?? true;
  const can = usePermission();
  const onError = useServerError();
  const restore = useRestoreLead();

  const [params] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(search.trim(), 300);
  const ownerId = params.get('owner') ?? undefined;
  const statusParam = params.get('status');
  const status = (LEAD_STATUSES as readonly string[]).includes(statusParam ?? '') ? (statusParam as LeadStatus) : undefined;
  const sortParam = params.get('sort');
  const sortValue: SortValue = (SORTS as readonly string[]).includes(sortParam ?? '') ? (sortParam as SortValue) : 'updatedAt:desc';
  const deleted = params.get('deleted') === '1';
  const [sort, order] = sortValue.split(':') as [LeadSort, 'asc' | 'desc'];

  const updateParam = useSetSearchParam();

  const listParams = { q: q || undefined, ownerId, status, sort, order, deleted: deleted || undefined };
  const leads = useLeads(listParams);
  const rows = useMemo(() => leads.data?.pages.flatMap((p) => p.items) ?? [], [leads.data]);
  const [createOpen, setCreateOpen] = useState(false);
  const canRestore = deleted && can('leads', 'delete');
  const doRestore = (lead: Lead) => restore.mutate(lead.id, { onSuccess: () => message.success(t('leads.restored')), onError: (err) => onError(err) });
  const open = (lead: Lead) => navigate(`/leads/${lead.id}`);

  const columns: TableColumnsType<Lead> = [
    {
      title: t('leads.fields.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 140,
      render: (name: string, record) => (
        <Link to={`/leads/${record.id}`} onClick={(e) => e.stopPropagation()} data-testid="lead-row-name">
          {name}
        </Link>
      ),
    },
    { title: t('leads.fields.companyName'), dataIndex: 'companyName', width: 200, render: orDash },
    { title: t('leads.fields.status'), dataIndex: 'status', width: 100, render: (s: LeadStatus) => <LeadStatusTag status={s} /> },
    { title: t('leads.fields.mobile'), dataIndex: 'mobile', width: 140, render: orDash },
    { title: t('leads.fields.source'), dataIndex: 'source', width: 110, render: orDash },
    { title: t('leads.fields.ownerId'), dataIndex: 'ownerName', width: 110, render: orDash },
    deleted
      ? { title: t('leads.fields.deletedAt'), dataIndex: 'deletedAt', width: 170, render: formatDateTime }
      : { title: t('leads.fields.updatedAt'), dataIndex: 'updatedAt', width: 170, render: formatDateTime },
  ];
  if (canRestore) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 110,
      render: (_, record) => (
        <Button
          size="small"
          icon={<UndoOutlined />}
          loading={restore.isPending && restore.variables === record.id}
          onClick={(e) => {
            e.stopPropagation();
            doRestore(record);
          }}
          data-testid="lead-row-restore"
        >
          {t('accounts.restore')}
        </Button>
      ),
    });
  }

  const emptyText = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={deleted ? t('accounts.trashEmpty') : q || ownerId || status ? t('leads.noMatch') : t('leads.empty')}
    />
  );

  return (
    <>
      <PageHeader
        title={deleted ? t('leads.trashTitle') : t('leads.title')}
        extra={
          <>
            {can('leads', 'export') ? <ExportButton objectType="leads" params={listParams} /> : null}
            <Button icon={<ReloadOutlined />} onClick={() => void leads.refetch()} aria-label={t('common.refresh')} data-testid="leads-refresh" />
            {can('leads', 'import') && !deleted ? (
              <Link to="/imports/new?objectType=leads">
                <Button icon={<UploadOutlined />} data-testid="leads-import">
                  {t('imports.button')}
                </Button>
              </Link>
            ) : null}
            {can('leads', 'create') && !deleted ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="leads-create">
                {t('leads.create')}
              </Button>
            ) : null}
          </>
        }
      />

      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} md={8} lg={7}>
            <Input.Search
              allowClear
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(v) => {
                setSearch(v);
                updateParam('q', v.trim() || undefined);
              }}
              onBlur={() => updateParam('q', search.trim() || undefined)}
              placeholder={t('leads.searchPlaceholder')}
              data-testid="leads-search"
            />
          </Col>
          <Col xs={12} md={5} lg={4}>
            <Select<LeadStatus>
              allowClear
              value={status}
              onChange={(v) => updateParam('status', v)}
              placeholder={t('leads.fields.status')}
              options={LEAD_STATUSES.map((s) => ({ value: s, label: t(`leads.statuses.${s}`) }))}
              style={{ width: '100%' }}
              data-testid="leads-status-filter"
            />
          </Col>
          <Col xs={12} md={5} lg={4}>
            <UserSelect
              allowClear
              activeOnly={false}
              value={ownerId}
              onChange={(v) => updateParam('owner', v)}
              placeholder={t('accounts.ownerFilter')}
              style={{ width: '100%' }}
              data-testid="leads-owner-filter"
            />
          </Col>
          <Col xs={14} md={6} lg={5}>
            <Select<SortValue>
              value={sortValue}
              onChange={(v) => updateParam('sort', v === 'updatedAt:desc' ? undefined : v)}
              options={SORTS.map((s) => ({ value: s, label: t(`leads.sort.${s.replace(':', '_')}`) }))}
              style={{ width: '100%' }}
              data-testid="leads-sort"
              aria-label={t('accounts.sortLabel')}
            />
          </Col>
          <Col xs={10} md={24} lg={4} style={{ textAlign: isWide ? undefined : 'right' }}>
            {can('leads', 'delete') ? (
              <Flex align="center" gap={8} justify={isWide ? 'flex-start' : 'flex-end'}>
                <Switch size="small" checked={deleted} onChange={(v) => updateParam('deleted', v ? '1' : undefined)} data-testid="leads-show-deleted" />
                <Typography.Text>
                  <DeleteOutlined /> {t('accounts.trash')}
                </Typography.Text>
              </Flex>
            ) : null}
          </Col>
        </Row>
      </Card>

      {leads.isError ? <Alert type="error" showIcon title={leads.error.message} style={{ marginBottom: 16 }} /> : null}

      {isWide ? (
        <Table<Lead>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={leads.isFetching && !leads.isFetchingNextPage}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText }}
          onRow={(record) => ({ ...testId('lead-row', { 'data-id': record.id }), onClick: () => open(record), style: { cursor: 'pointer' } })}
          data-testid="leads-table"
        />
      ) : leads.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Card>{emptyText}</Card>
      ) : (
        <Flex vertical gap={8} data-testid="leads-cards">
          {rows.map((l) => (
            <Card key={l.id} size="small" hoverable onClick={() => open(l)} data-testid="lead-row" data-id={l.id}>
              <Flex justify="space-between" align="flex-start" gap={8}>
                <Typography.Text strong style={{ fontSize: 15 }}>
                  {l.name}
                </Typography.Text>
                <LeadStatusTag status={l.status} />
              </Flex>
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 13 }}>
                {[l.companyName, l.mobile, l.ownerName].filter(Boolean).join(' · ') || '—'}
              </Typography.Text>
              <Flex justify="space-between" align="center" style={{ marginTop: 6 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {deleted ? `${t('leads.fields.deletedAt')} ${formatDateTime(l.deletedAt)}` : `${t('leads.fields.updatedAt')} ${formatDateTime(l.updatedAt)}`}
                </Typography.Text>
                {canRestore ? (
                  <Button
                    size="small"
                    icon={<UndoOutlined />}
                    onClick={(e) => {
                      e.stopPropagation();
                      doRestore(l);
                    }}
                    data-testid="lead-row-restore"
                  >
                    {t('accounts.restore')}
                  </Button>
                ) : null}
              </Flex>
            </Card>
          ))}
        </Flex>
      )}

      <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }} wrap>
        {rows.length > 0 ? (
          <Typography.Text type="secondary" data-testid="leads-count">
            {t('common.loadedCount', { count: rows.length })}
          </Typography.Text>
        ) : null}
        {leads.hasNextPage ? (
          <Button onClick={() => void leads.fetchNextPage()} loading={leads.isFetchingNextPage} data-testid="leads-load-more">
            {t('common.loadMore')}
          </Button>
        ) : rows.length > 0 ? (
          <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        ) : null}
      </Flex>

      <LeadFormModal open={createOpen} onClose={() => setCreateOpen(false)} />
    </>
  );
}
