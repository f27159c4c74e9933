import { DeleteOutlined, PlusOutlined, ReloadOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Flex, Grid, Input, Row, Select, Skeleton, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import type { Account, AccountSort } from '../../lib/api';
import { formatDateTime, orDash } from '../../lib/format';
import { testId } from '../../lib/testid';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { UserSelect } from '../users/UserSelect';
import {
  CustomFieldColumnPicker,
  CustomFieldFilterBar,
  customFieldColumns,
  customFieldSortOptions,
  parseCustomFieldFilters,
  serializeCustomFieldFilters,
} from '../custom-fields/CustomFieldListControls';
import { useCustomFieldDefinitions } from '../custom-fields/useCustomFieldDefinitions';
import { ExportButton } from '../exports/ExportButton';
import { MergeAccountsButton } from '../duplicates/MergeAccountsButton';
import { useCanMergeAccounts } from '../duplicates/useCanMergeAccounts';
import { ReclaimCountdown } from '../pools/ReclaimCountdown';
import { AccountCardExtras } from '../saved-views/AccountCardExtras';
import { AccountListToolbar } from '../saved-views/AccountListToolbar';
import { hiddenColumnsOf, withoutHiddenColumns } from '../saved-views/accountListView';
import { tagsColumn } from '../tags/tagsColumn';
import { tierColumn } from '../tiers/tierColumn';
import { AccountFormModal } from './AccountFormModal';
import { useAccounts } from './useAccounts';
import { useRestoreAccount } from './useRestoreAccount';
import { useSetSearchParam } from '../../lib/useSetSearchParam';

const SORTS = ['updatedAt:desc', 'createdAt:desc', 'createdAt:asc', 'name:asc', 'name:desc'] as const;
type SortValue = (typeof SORTS)[number] | `cf.${string}:${'asc' | 'desc'}`;
const CF_SORT_RE = /^cf\.[a-z][a-z0-9_]{0,39}:(asc|desc)$/;

export default function AccountsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isWide = screens.md ?? true;
  const can = usePermission();
  const onError = useServerError();
  const restore = useRestoreAccount();

  // Filters live in the URL so back/forward and reloads keep them.
  const [params] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(search.trim(), 300);
  const ownerId = params.get('owner') ?? undefined;
  const departmentId = params.get('dept') ?? undefined;
  const sortParam = params.get('sort');
  const sortValue: SortValue =
    (SORTS as readonly string[]).includes(sortParam ?? '') || CF_SORT_RE.test(sortParam ?? '') ? (sortParam as SortValue) : 'updatedAt:desc';
  // custom fields: filters (JSON in `cff`), optional columns (`cols`), sort `cf.<key>:asc|desc`
  const { data: cfDefs = [] } = useCustomFieldDefinitions('accounts');
  const cfFilters = useMemo(() => parseCustomFieldFilters(params.get('cff')), [params]);
  const cfColumns = useMemo(() => (params.get('cols') ?? '').split(',').filter(Boolean), [params]);
  const deleted = params.get('deleted') === '1';
  const [sort, order] = sortValue.split(':') as [AccountSort, 'asc' | 'desc'];

  const updateParam = useSetSearchParam();

  const listParams = { q: q || undefined, ownerId, departmentId, sort, order, deleted: deleted || undefined, filters: serializeCustomFieldFilters(cfFilters), tier: params.get('tier') ?? undefined, tagId: params.get('tag') ?? undefined };
  const accounts = useAccounts(listParams);
  const rows = useMemo(() => accounts.data?.pages.flatMap((p) => p.items) ?? [], [accounts.data]);
  const [createOpen, setCreateOpen] = useState(false);
  // merge (features/duplicates): row selection on the table; phone cards don't select
  const canMerge = useCanMergeAccounts() && !deleted;
  const [mergeIds, setMergeIds] = useState<string[]>([]);

  const doRestore = (account: Account) => {
    restore.mutate(account.id, {
      onSuccess: () => message.success(t('accounts.restored')),
      onError: (err) => onError(err),
    });
  };

  const open = (account: Account) => navigate(`/accounts/${account.id}`);

  const columns: TableColumnsType<Account> = [
    {
      title: t('accounts.fields.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 240,
      render: (name: string, record) => (
        <Link to={`/accounts/${record.id}`} onClick={(e) => e.stopPropagation()} data-testid="account-row-name">
          {name}
        </Link>
      ),
    },
    {
      title: t('accounts.fields.owner'),
      dataIndex: 'ownerName',
      width: 170,
      // public pool: days before reclaim (red below 3), or the pool it sits in
      render: (name: string | null, a: Account) => (
        <Flex gap={6} wrap align="center">
          {a.inPool ? <Tag color="orange">{a.poolName}</Tag> : orDash(name)}
          <ReclaimCountdown dueAt={a.reclaimDueAt} />
        </Flex>
      ),
    },
    { title: t('accounts.fields.department'), dataIndex: 'departmentName', width: 140, render: orDash },
    { title: t('accounts.fields.phone'), dataIndex: 'phone', width: 140, render: orDash },
    { title: t('accounts.fields.industry'), dataIndex: 'industry', width: 120, render: orDash },
    deleted
      ? { title: t('accounts.fields.deletedAt'), dataIndex: 'deletedAt', width: 170, render: formatDateTime }
      : { title: t('accounts.fields.updatedAt'), dataIndex: 'updatedAt', width: 170, render: formatDateTime },
  ];
  columns.splice(columns.length - 1, 0, ...customFieldColumns<Account>(cfDefs, cfColumns));
  columns.splice(1, 0, tierColumn<Account>(t), tagsColumn<Account>(t)); // features/tiers, features/tags
  if (deleted && can('accounts', 'delete')) {
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
          data-testid="account-row-restore"
        >
          {t('accounts.restore')}
        </Button>
      ),
    });
  }

  const emptyText = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={deleted ? t('accounts.trashEmpty') : q || ownerId || departmentId || cfFilters.length || params.get('tier') || params.get('tag') ? t('accounts.noMatch') : t('accounts.empty')}
    />
  );

  return (
    <>
      <PageHeader
        title={deleted ? t('accounts.trashTitle') : t('accounts.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void accounts.refetch()} aria-label={t('common.refresh')} data-testid="accounts-refresh" />
            {can('accounts', 'import') && !deleted ? (
              <Link to="/imports/new?objectType=accounts">
                <Button icon={<UploadOutlined />} data-testid="accounts-import">
                  {t('imports.button')}
                </Button>
              </Link>
            ) : null}
            {canMerge ? <MergeAccountsButton selected={rows.filter((r) => mergeIds.includes(r.id))} onMerged={() => setMergeIds([])} /> : null}
            {can('accounts', 'export') ? <ExportButton objectType="accounts" params={listParams} /> : null}
            {can('accounts', 'create') && !deleted ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="accounts-create">
                {t('accounts.create')}
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
              placeholder={t('accounts.searchPlaceholder')}
              data-testid="accounts-search"
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
              data-testid="accounts-owner-filter"
            />
          </Col>
          <Col xs={12} md={5} lg={4}>
            <DepartmentTreeSelect
              allowClear
              value={departmentId}
              onChange={(v) => updateParam('dept', v)}
              placeholder={t('accounts.departmentFilter')}
              style={{ width: '100%' }}
              data-testid="accounts-department-filter"
            />
          </Col>
          <Col xs={14} md={6} lg={5}>
            <Select<SortValue>
              value={sortValue}
              onChange={(v) => updateParam('sort', v === 'updatedAt:desc' ? undefined : v)}
              options={[...SORTS.map((s) => ({ value: s as string, label: t(`accounts.sort.${s.replace(':', '_')}`) })), ...customFieldSortOptions(cfDefs)]}
              style={{ width: '100%' }}
              data-testid="accounts-sort"
              aria-label={t('accounts.sortLabel')}
            />
          </Col>
          <Col xs={10} md={24} lg={4} style={{ textAlign: isWide ? undefined : 'right' }}>
            <Flex align="center" gap={8} justify={isWide ? 'flex-start' : 'flex-end'}>
              <Switch
                size="small"
                checked={deleted}
                onChange={(v) => updateParam('deleted', v ? '1' : undefined)}
                data-testid="accounts-show-deleted"
              />
              <Typography.Text>
                <DeleteOutlined /> {t('accounts.trash')}
              </Typography.Text>
            </Flex>
          </Col>
        </Row>
        <AccountListToolbar search={search} onSearchChange={setSearch} />
        {cfDefs.some((d) => d.active) ? (
          <Row gutter={[12, 12]} align="middle" style={{ marginTop: 12 }}>
            <Col xs={24} md={16}>
              <CustomFieldFilterBar objectType="accounts" value={cfFilters} onChange={(f) => updateParam('cff', serializeCustomFieldFilters(f))} />
            </Col>
            <Col xs={24} md={8}>
              <CustomFieldColumnPicker
                objectType="accounts"
                value={cfColumns}
                onChange={(keys) => updateParam('cols', keys.join(',') || undefined)}
                style={{ width: '100%' }}
              />
            </Col>
          </Row>
        ) : null}
      </Card>

      {accounts.isError ? (
        <Alert type="error" showIcon title={accounts.error.message} style={{ marginBottom: 16 }} />
      ) : null}

      {isWide ? (
        <Table<Account>
          rowKey="id"
          columns={withoutHiddenColumns(columns, hiddenColumnsOf(params))}
          dataSource={rows}
          loading={accounts.isFetching && !accounts.isFetchingNextPage}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowSelection={
            canMerge
              ? {
                  selectedRowKeys: mergeIds,
                  onChange: (keys) => setMergeIds(keys as string[]),
                  columnWidth: 40,
                  fixed: 'left',
                  // a click beside the checkbox selects nothing, but must not open the row either
                  onCell: () => ({ onClick: (e) => e.stopPropagation() }),
                  getCheckboxProps: (r) => testId('account-row-select', { 'data-id': r.id }),
                }
              : undefined
          }
          locale={{ emptyText }}
          onRow={(record) => ({
            ...testId('account-row', { 'data-id': record.id }),
            onClick: () => open(record),
            style: { cursor: 'pointer' },
          })}
          data-testid="accounts-table"
        />
      ) : accounts.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Card>{emptyText}</Card>
      ) : (
        <Flex vertical gap={8} data-testid="accounts-cards">
          {rows.map((a) => (
            <Card key={a.id} size="small" hoverable onClick={() => open(a)} data-testid="account-row" data-id={a.id}>
              <Flex justify="space-between" align="flex-start" gap={8}>
                <Typography.Text strong style={{ fontSize: 15 }}>
                  {a.name}
                </Typography.Text>
                {a.industry ? <Tag style={{ marginInlineEnd: 0 }}>{a.industry}</Tag> : null}
              </Flex>
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 13 }}>
                {[a.ownerName, a.departmentName, a.phone].filter(Boolean).join(' · ') || '—'}
              </Typography.Text>
              <AccountCardExtras account={a} />
              <Flex justify="space-between" align="center" style={{ marginTop: 6 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {deleted
                    ? `${t('accounts.fields.deletedAt')} ${formatDateTime(a.deletedAt)}`
                    : `${t('accounts.fields.updatedAt')} ${formatDateTime(a.updatedAt)}`}
                </Typography.Text>
                {deleted && can('accounts', 'delete') ? (
                  <Button
                    size="small"
                    icon={<UndoOutlined />}
                    onClick={(e) => {
                      e.stopPropagation();
                      doRestore(a);
                    }}
                    data-testid="account-row-restore"
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
          <Typography.Text type="secondary" data-testid="accounts-count">
            {t('common.loadedCount', { count: rows.length })}
          </Typography.Text>
        ) : null}
        {accounts.hasNextPage ? (
          <Button onClick={() => void accounts.fetchNextPage()} loading={accounts.isFetchingNextPage} data-testid="accounts-load-more">
            {t('common.loadMore')}
          </Button>
        ) : rows.length > 0 ? (
          <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        ) : null}
      </Flex>

      <AccountFormModal open={createOpen} onClose={() => setCreateOpen(false)} />
    </>
  );
}
