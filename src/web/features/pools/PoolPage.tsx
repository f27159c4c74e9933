import { SettingOutlined, UserAddOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import type { Account, Id } from '../../lib/api';
import { formatDateTime, orDash } from '../../lib/format';
import { testId } from '../../lib/testid';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { UserSelect } from '../users/UserSelect';
import { poolKeys, poolsApi, type Pool } from './poolsApi';

/** Public pool: customers of the pools the user may browse; claim (reps) and assign (managers). */
export default function PoolPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const can = usePermission();
  const queryClient = useQueryClient();
  const [poolId, setPoolId] = useState<Id | undefined>();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search, 250);
  const [selected, setSelected] = useState<Id[]>([]);
  const [assignOpen, setAssignOpen] = useState(false);
  const [assignee, setAssignee] = useState<Id | undefined>();

  const pools = useQuery({ queryKey: poolKeys.list, queryFn: poolsApi.list });
  const activePools = (pools.data?.items ?? []).filter((p) => p.active);
  const current: Pool | undefined = activePools.find((p) => p.id === poolId) ?? activePools[0];

  const accounts = useInfiniteQuery({
    queryKey: poolKeys.accounts(current?.id, q),
    queryFn: ({ pageParam }) => poolsApi.accounts({ poolId: current!.id, q: q || undefined, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(current),
  });
  const rows = useMemo(() => accounts.data?.pages.flatMap((p) => p.items) ?? [], [accounts.data]);

  const refresh = async () => {
    setSelected([]);
    await queryClient.invalidateQueries({ queryKey: poolKeys.all });
    await queryClient.invalidateQueries({ queryKey: ['accounts'] });
  };
  const claim = useMutation({ mutationFn: (ids: Id[]) => poolsApi.claim(current!.id, ids), onSuccess: refresh });
  const assign = useMutation({ mutationFn: (v: { ids: Id[]; userId: Id }) => poolsApi.assign(current!.id, v.ids, v.userId), onSuccess: refresh });

  const doClaim = (ids: Id[]) =>
    claim.mutate(ids, {
      onSuccess: (r) => message.success(t('pools.claim.done', { count: r.accountIds.length })),
      onError: (err) => onError(err),
    });

  const columns: TableProps<Account>['columns'] = [
    {
      key: 'name',
      title: t('accounts.fields.name'),
      render: (_, a) => (
        <Link to={`/accounts/${a.id}`} data-testid="pool-account-link">
          {a.name}
        </Link>
      ),
    },
    { key: 'industry', title: t('accounts.fields.industry'), render: (_, a) => orDash(a.industry), responsive: ['md'] },
    { key: 'pool', title: t('pools.columns.pool'), render: (_, a) => <Tag data-testid="pool-account-pool">{a.poolName}</Tag> },
    { key: 'department', title: t('accounts.fields.department'), render: (_, a) => orDash(a.departmentName), responsive: ['lg'] },
    { key: 'updatedAt', title: t('accounts.fields.updatedAt'), render: (_, a) => formatDateTime(a.updatedAt), responsive: ['md'] },
    {
      key: 'actions',
      title: '',
      align: 'right',
      render: (_, a) =>
        can('accounts', 'edit') ? (
          <Button size="small" type="link" onClick={() => doClaim([a.id])} loading={claim.isPending && claim.variables?.includes(a.id)} data-testid="pool-claim-one">
            {t('pools.claim.one')}
          </Button>
        ) : null,
    },
  ];

  const rules = current?.rules;
  return (
    <div data-testid="pool-page">
      <PageHeader
        title={t('pools.title')}
        subTitle={t('pools.subtitle')}
        extra={
          can('roles', 'edit') ? (
            <Link to="/pools/rules" data-testid="pool-rules-link">
              <Button icon={<SettingOutlined />}>{t('pools.rules.title')}</Button>
            </Link>
          ) : null
        }
      />
      {pools.isError ? <Alert type="error" showIcon title={pools.error.message} /> : null}
      {activePools.length > 1 ? (
        <Segmented
          style={{ marginBottom: 12 }}
          value={current?.id}
          onChange={(v) => {
            setPoolId(v as Id);
            setSelected([]);
          }}
          options={activePools.map((p) => ({ value: p.id, label: `${p.name} (${p.accountCount})` }))}
          data-testid="pool-switch"
        />
      ) : null}
      {rules ? (
        <Typography.Paragraph type="secondary" data-testid="pool-rules-summary">
          {t('pools.rulesSummary', {
            claimCap: rules.claimCapPerDay ?? '∞',
            cooldown: rules.cooldownDays,
            holdingCap: rules.holdingCap ?? '∞',
          })}
        </Typography.Paragraph>
      ) : null}
      <Card>
        <Flex wrap gap={8} justify="space-between" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('pools.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ maxWidth: 320 }}
            data-testid="pool-search"
          />
          <Space wrap>
            {can('accounts', 'edit') ? (
              <Button type="primary" disabled={selected.length === 0} loading={claim.isPending} onClick={() => doClaim(selected)} data-testid="pool-claim">
                {t('pools.claim.selected', { count: selected.length })}
              </Button>
            ) : null}
            {can('accounts', 'transfer') ? (
              <Button icon={<UserAddOutlined />} disabled={selected.length === 0} onClick={() => setAssignOpen(true)} data-testid="pool-assign">
                {t('pools.assign.action')}
              </Button>
            ) : null}
          </Space>
        </Flex>
        <Table<Account>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={pools.isPending || accounts.isPending}
          pagination={false}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as Id[]) }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pools.empty')} /> }}
          onRow={(a) => testId('pool-account-row', { 'data-id': a.id })}
          scroll={{ x: 'max-content' }}
          data-testid="pool-accounts"
        />
        {accounts.hasNextPage ? (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => accounts.fetchNextPage()} loading={accounts.isFetchingNextPage} data-testid="pool-more">
              {t('pools.more')}
            </Button>
          </Flex>
        ) : null}
      </Card>
      <Modal
        open={assignOpen}
        title={t('pools.assign.title', { count: selected.length })}
        okText={t('pools.assign.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !assignee, loading: assign.isPending, ...testId('pool-assign-confirm') }}
        onCancel={() => setAssignOpen(false)}
        onOk={() =>
          assign.mutate(
            { ids: selected, userId: assignee! },
            {
              onSuccess: (r) => {
                message.success(t('pools.assign.done', { count: r.accountIds.length }));
                setAssignOpen(false);
                setAssignee(undefined);
              },
              onError: (err) => onError(err),
            },
          )
        }
        destroyOnHidden
      >
        <UserSelect value={assignee} onChange={setAssignee} style={{ width: '100%' }} data-testid="pool-assignee" />
      </Modal>
    </div>
  );
}
