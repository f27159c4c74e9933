import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Empty, Flex, Input, Modal, Result, Segmented, Select, Space, Steps, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Id } from '../../lib/api';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { UserSelect } from '../users/UserSelect';
import { HoldingsSummary } from './HoldingsSummary';
import { handoverApi, handoverKeys, type Handover, type HandoverInput } from './handoverApi';

interface ReceiverRow {
  key: number;
  userId?: Id;
  mode: 'all' | 'selected';
  accountIds: Id[];
}

/** Handover of a leaving user: pick user → see holdings → split to receivers → confirm → result. */
export function HandoverWizard({ open, userId, userName, onClose }: { open: boolean; userId?: Id; userName?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const onError = useServerError();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [fromUserId, setFromUserId] = useState<Id | undefined>(userId);
  const [rows, setRows] = useState<ReceiverRow[]>([{ key: 1, mode: 'all', accountIds: [] }]);
  const [includeContacts, setIncludeContacts] = useState(true);
  const [includeLeads, setIncludeLeads] = useState(true);
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<Handover | null>(null);

  useEffect(() => {
    if (!open) return;
    setFromUserId(userId);
    setStep(userId ? 1 : 0);
    setRows([{ key: 1, mode: 'all', accountIds: [] }]);
    setReason('');
    setResult(null);
  }, [open, userId]);

  const holdings = useQuery({
    queryKey: handoverKeys.holdings(fromUserId ?? ''),
    queryFn: () => handoverApi.holdings(fromUserId!),
    enabled: open && Boolean(fromUserId),
  });
  // the leaver's customers, for picking (the first 200 by name; "all the rest" covers any number)
  const owned = useQuery({
    queryKey: ['handover', 'accounts', fromUserId],
    queryFn: () => api.accounts.list({ ownerId: fromUserId, limit: 200, sort: 'name' }),
    enabled: open && Boolean(fromUserId) && step >= 2,
  });
  const accountOptions = useMemo(() => (owned.data?.items ?? []).map((a) => ({ value: a.id, label: a.name })), [owned.data]);

  const create = useMutation({
    mutationFn: (input: HandoverInput) => handoverApi.create(input),
    onSuccess: async (r) => {
      setResult(r);
      setStep(4);
      await queryClient.invalidateQueries({ queryKey: ['handover'] });
      await queryClient.invalidateQueries({ queryKey: ['accounts'] });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });

  const pickedTotal = rows.reduce((n, r) => n + (r.mode === 'selected' ? r.accountIds.length : 0), 0);
  const accountsHeld = holdings.data?.counts.accounts ?? 0;
  const hasAll = rows.some((r) => r.mode === 'all');
  const receiversValid =
    rows.length > 0 &&
    rows.every((r) => r.userId && r.userId !== fromUserId && (r.mode === 'all' || r.accountIds.length > 0)) &&
    new Set(rows.map((r) => r.userId)).size === rows.length;

  const update = (key: number, patch: Partial<ReceiverRow>) =>
    setRows((list) =>
      list.map((r) => {
        if (r.key === key) return { ...r, ...patch };
        // only one receiver takes "all the rest"
        return patch.mode === 'all' && r.mode === 'all' ? { ...r, mode: 'selected' } : r;
      }),
    );

  const submit = () =>
    create.mutate(
      {
        fromUserId: fromUserId!,
        to: rows.map((r) => (r.mode === 'all' ? { userId: r.userId!, all: true as const } : { userId: r.userId!, accountIds: r.accountIds })),
        includeContacts,
        includeLeads,
        reason: reason.trim() || undefined,
      },
      { onError: (err) => onError(err) },
    );

  const userLabel = (id: Id | undefined) => (id === userId ? userName : undefined);

  const body = [
    // 0: pick the user
    <Space key="pick" orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text>{t('handover.pickUser')}</Typography.Text>
      <UserSelect value={fromUserId} onChange={setFromUserId} activeOnly={false} style={{ width: '100%' }} data-testid="handover-from" />
    </Space>,
    // 1: holdings
    <div key="holdings" data-testid="handover-holdings-step">
      {holdings.isError ? <Alert type="error" showIcon title={holdings.error.message} /> : null}
      {holdings.data ? (
        holdings.data.total === 0 ? (
          <Empty description={t('handover.nothingHeld')} data-testid="handover-nothing" />
        ) : (
          <Space orientation="vertical">
            <Typography.Text>{t('handover.holdingsIntro')}</Typography.Text>
            <HoldingsSummary counts={holdings.data.counts} testid="handover-holdings" />
          </Space>
        )
      ) : null}
    </div>,
    // 2: split to receivers
    <Space key="split" orientation="vertical" style={{ width: '100%' }} data-testid="handover-split-step">
      {rows.map((r, i) => (
        <Card key={r.key} size="small" data-testid="handover-receiver">
          <Flex gap={8} wrap align="center">
            <UserSelect
              value={r.userId}
              onChange={(v) => update(r.key, { userId: v })}
              style={{ minWidth: 200, flex: 1 }}
              data-testid={`handover-receiver-user-${i}`}
            />
            <Segmented
              value={r.mode}
              onChange={(v) => update(r.key, { mode: v as ReceiverRow['mode'] })}
              options={[
                { value: 'all', label: t('handover.modeAll') },
                { value: 'selected', label: t('handover.modeSelected') },
              ]}
              data-testid={`handover-receiver-mode-${i}`}
            />
            {rows.length > 1 ? (
              <Button icon={<DeleteOutlined />} onClick={() => setRows((list) => list.filter((x) => x.key !== r.key))} aria-label={t('common.delete')} />
            ) : null}
          </Flex>
          {r.mode === 'selected' ? (
            <Select
              mode="multiple"
              style={{ width: '100%', marginTop: 8 }}
              placeholder={t('handover.pickAccounts')}
              loading={owned.isFetching}
              value={r.accountIds}
              onChange={(ids: Id[]) => update(r.key, { accountIds: ids })}
              options={accountOptions.filter((o) => !rows.some((x) => x.key !== r.key && x.accountIds.includes(o.value)))}
              optionFilterProp="label"
              data-testid={`handover-receiver-accounts-${i}`}
            />
          ) : (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
              {t('handover.allHint', { count: Math.max(accountsHeld - pickedTotal, 0) })}
            </Typography.Text>
          )}
        </Card>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => setRows((list) => [...list, { key: Date.now(), mode: hasAll ? 'selected' : 'all', accountIds: [] }])} data-testid="handover-add-receiver">
        {t('handover.addReceiver')}
      </Button>
      {!hasAll && pickedTotal < accountsHeld ? <Alert type="info" showIcon title={t('handover.partialHint', { count: accountsHeld - pickedTotal })} /> : null}
      <Space wrap>
        <Checkbox checked={includeContacts} onChange={(e) => setIncludeContacts(e.target.checked)} data-testid="handover-include-contacts">
          {t('handover.includeContacts')}
        </Checkbox>
        <Checkbox checked={includeLeads} onChange={(e) => setIncludeLeads(e.target.checked)} data-testid="handover-include-leads">
          {t('handover.includeLeads')}
        </Checkbox>
      </Space>
      <Input.TextArea rows={2} maxLength={500} placeholder={t('handover.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="handover-reason" />
    </Space>,
    // 3: confirm
    <div key="confirm" data-testid="handover-confirm-step">
      <Descriptions
        size="small"
        column={1}
        items={rows.map((r, i) => ({
          key: r.key,
          label: t('handover.receiverN', { n: i + 1 }),
          children: (
            <span data-testid="handover-confirm-row">
              <ReceiverName id={r.userId!} />
              {' · '}
              {r.mode === 'all' ? t('handover.allHint', { count: Math.max(accountsHeld - pickedTotal, 0) }) : t('handover.pickedN', { count: r.accountIds.length })}
            </span>
          ),
        }))}
      />
      <Alert type="warning" showIcon title={t('handover.confirmHint')} />
    </div>,
    // 4: result
    result ? (
      <Result
        key="result"
        status="success"
        title={t('handover.done')}
        subTitle={<HoldingsSummary counts={result.counts} testid="handover-result" />}
        extra={
          <Table
            size="small"
            rowKey="userId"
            pagination={false}
            dataSource={result.byReceiver}
            columns={[
              { key: 'user', title: t('handover.receiver'), render: (_, r) => r.userName },
              { key: 'counts', title: t('handover.received'), render: (_, r) => <HoldingsSummary counts={r.counts} testid="handover-result-receiver" /> },
            ]}
          />
        }
        data-testid="handover-result-step"
      />
    ) : null,
  ];

  const canNext = [Boolean(fromUserId), Boolean(holdings.data && holdings.data.total > 0), receiversValid, true][step] ?? false;

  return (
    <Modal
      open={open}
      onCancel={onClose}
      width={720}
      title={t('handover.title', { name: userLabel(fromUserId) ?? '' })}
      destroyOnHidden
      data-testid="handover-wizard"
      footer={
        step === 4 ? (
          <Button type="primary" onClick={onClose} data-testid="handover-close">
            {t('handover.close')}
          </Button>
        ) : (
          <Space>
            {step > 0 ? <Button onClick={() => setStep(step - 1)}>{t('handover.prev')}</Button> : null}
            {step < 3 ? (
              <Button type="primary" disabled={!canNext} onClick={() => setStep(step + 1)} data-testid="handover-next">
                {t('handover.next')}
              </Button>
            ) : (
              <Button type="primary" danger loading={create.isPending} onClick={submit} {...testId('handover-submit')}>
                {t('handover.submit')}
              </Button>
            )}
          </Space>
        )
      }
    >
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[t('handover.steps.user'), t('handover.steps.holdings'), t('handover.steps.split'), t('handover.steps.confirm'), t('handover.steps.result')].map((title) => ({ title }))}
      />
      {body[step]}
    </Modal>
  );
}

function ReceiverName({ id }: { id: Id }) {
  const user = useQuery({ queryKey: ['users', 'detail', id], queryFn: () => api.users.get(id) });
  return <>{user.data?.displayName ?? '…'}</>;
}
