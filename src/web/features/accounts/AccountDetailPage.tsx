import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, SwapOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Popconfirm, Result, Row, Skeleton, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { formatDateTime, orDash } from '../../lib/format';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { AccountContactsCard } from '../contacts/AccountContactsCard';
import { QuickLogButton } from '../activities/QuickLogButton';
import { Timeline } from '../timeline/Timeline';
import { AccountDealsCard } from '../deals/AccountDealsCard';
import { labelOf } from '../../../core/custom-fields/types';
import { getLanguage } from '../../lib/i18n';
import { CustomFieldValue } from '../custom-fields/CustomFieldValue';
import { useCustomFieldDefinitions } from '../custom-fields/useCustomFieldDefinitions';
import { useMe } from '../auth/useMe';
import { ReclaimCountdown } from '../pools/ReclaimCountdown';
import { ReleaseToPoolButton } from '../pools/ReleaseToPoolButton';
import { TagPicker } from '../tags/TagPicker';
import { AccountTierControl } from '../tiers/AccountTierControl';
import { AccountTierBadge } from '../tiers/TierTag';
import { AccountFormModal } from './AccountFormModal';
import { AccountHistory } from './AccountHistory';
import { TransferOwnerModal } from './TransferOwnerModal';
import { useAccount } from './useAccount';
import { useDeleteAccount } from './useDeleteAccount';
import { useRestoreAccount } from './useRestoreAccount';

function websiteHref(url: string): string | null {
  if (url.includes('*')) return null;
  return /^https?:\/\//i.test(url) ? url : `https://${url}`;
}

export default function AccountDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const can = usePermission();
  const { data: me } = useMe();
  const onError = useServerError();
  const { data: account, isPending, isError, error } = useAccount(id);
  const remove = useDeleteAccount();
  const restore = useRestoreAccount();
  const [editOpen, setEditOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const { data: cfDefs = [] } = useCustomFieldDefinitions('accounts');

  const back = (
    <Link to="/accounts" data-testid="account-back">
      <ArrowLeftOutlined /> {t('accounts.backToList')}
    </Link>
  );

  if (isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (isError) {
    const status = isApiError(error) ? error.status : 0;
    return (
      <Result
        status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
        title={error.message}
        extra={<Button onClick={() => navigate('/accounts')}>{t('accounts.backToList')}</Button>}
      />
    );
  }

  const isDeleted = Boolean(account.deletedAt);

  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('accounts.fields.name'), children: account.name },
    // tier and tags (features/tiers, features/tags)
    { key: 'tier', label: t('accounts.fields.tier'), children: <AccountTierControl account={account} editable={!isDeleted && can('accounts', 'edit')} /> },
    { key: 'tags', label: t('accounts.fields.tags'), children: <TagPicker objectType="accounts" recordId={account.id} editable={!isDeleted && can('accounts', 'edit')} /> },
    { key: 'creditCode', label: t('accounts.fields.creditCode'), children: orDash(account.creditCode) },
    { key: 'phone', label: t('accounts.fields.phone'), children: orDash(account.phone) },
    { key: 'email', label: t('accounts.fields.email'), children: orDash(account.email) },
    { key: 'industry', label: t('accounts.fields.industry'), children: orDash(account.industry) },
    {
      key: 'website',
      label: t('accounts.fields.website'),
      children: account.website ? (
        websiteHref(account.website) ? (
          <a href={websiteHref(account.website) as string} target="_blank" rel="noopener noreferrer">
            {account.website}
          </a>
        ) : (
          account.website
        )
      ) : (
        '—'
      ),
    },
    { key: 'address', label: t('accounts.fields.address'), children: orDash(account.address), span: 'filled' },
    {
      key: 'owner',
      label: t('accounts.fields.owner'),
      children: (
        <Flex gap={6} wrap align="center">
          <span data-testid="account-owner">{account.inPool ? <Tag color="orange" data-testid="account-in-pool">{account.poolName}</Tag> : orDash(account.ownerName)}</span>
          <ReclaimCountdown dueAt={account.reclaimDueAt} />
        </Flex>
      ),
    },
    { key: 'department', label: t('accounts.fields.department'), children: orDash(account.departmentName) },
    { key: 'externalId', label: t('accounts.fields.externalId'), children: orDash(account.externalId) },
    { key: 'createdAt', label: t('accounts.fields.createdAt'), children: formatDateTime(account.createdAt) },
    { key: 'updatedAt', label: t('accounts.fields.updatedAt'), children: formatDateTime(account.updatedAt) },
    ...(isDeleted
      ? [{ key: 'deletedAt', label: t('accounts.fields.deletedAt'), children: formatDateTime(account.deletedAt) }]
      : []),
    // custom fields: active ones, and deactivated ones that still hold a value
    ...cfDefs
      .filter((d) => d.active || account.customFields?.[d.key] != null)
      .map((d) => ({
        key: `cf-${d.key}`,
        label: labelOf(d, getLanguage()),
        children: <CustomFieldValue def={d} value={account.customFields?.[d.key]} />,
      })),
    {
      key: 'notes',
      label: t('accounts.fields.notes'),
      span: 'filled' as const,
      children: <span style={{ whiteSpace: 'pre-wrap' }}>{orDash(account.notes)}</span>,
    },
  ];

  const actions = isDeleted ? (
    can('accounts', 'delete') ? (
      <Button
        type="primary"
        icon={<UndoOutlined />}
        loading={restore.isPending}
        onClick={() =>
          restore.mutate(account.id, {
            onSuccess: () => message.success(t('accounts.restored')),
            onError: (err) => onError(err),
          })
        }
        data-testid="account-restore"
      >
        {t('accounts.restore')}
      </Button>
    ) : null
  ) : (
    <>
      {can('activities', 'create') ? <QuickLogButton accountId={account.id} /> : null}
      {can('accounts', 'edit') ? (
        <Button type="primary" icon={<EditOutlined />} onClick={() => setEditOpen(true)} data-testid="account-edit">
          {t('common.edit')}
        </Button>
      ) : null}
      {account.ownerId && ((account.ownerId === me?.user.id && can('accounts', 'edit')) || can('accounts', 'transfer')) ? (
        <ReleaseToPoolButton account={account} />
      ) : null}
      {can('accounts', 'transfer') ? (
        <Button icon={<SwapOutlined />} onClick={() => setTransferOpen(true)} data-testid="account-transfer">
          {t('accounts.transfer')}
        </Button>
      ) : null}
      {can('accounts', 'delete') ? (
        <Popconfirm
          title={t('accounts.deleteConfirmTitle')}
          description={t('accounts.deleteConfirm')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, loading: remove.isPending, ...testId('account-delete-confirm') }}
          onConfirm={() =>
            new Promise<void>((resolve) =>
              remove.mutate(account.id, {
                onSuccess: () => {
                  message.success(t('accounts.deleted'));
                  resolve();
                },
                onError: (err) => {
                  onError(err);
                  resolve();
                },
              }),
            )
          }
        >
          <Button danger icon={<DeleteOutlined />} data-testid="account-delete">
            {t('common.delete')}
          </Button>
        </Popconfirm>
      ) : null}
    </>
  );

  return (
    <div data-testid="account-detail">
      <div style={{ marginBottom: 8 }}>{back}</div>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <span data-testid="account-name">{account.name}</span>
            <AccountTierBadge account={account} />
            {isDeleted ? (
              <Tag color="red" data-testid="account-deleted-tag">
                {t('accounts.deletedTag')}
              </Tag>
            ) : null}
          </Flex>
        }
        extra={actions}
      />
      {isDeleted ? <Alert type="warning" showIcon title={t('accounts.deletedBanner')} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={t('accounts.details')}>
            <Descriptions
              items={items}
              column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }}
              size="small"
              styles={{ label: { whiteSpace: 'nowrap' } }}
              data-testid="account-fields"
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <AccountHistory accountId={account.id} />
        </Col>
        <Col xs={24} xl={15}>
          <AccountContactsCard accountId={account.id} accountName={account.name} readOnly={isDeleted} />
        </Col>
        <Col xs={24} xl={15}>
          <AccountDealsCard accountId={account.id} accountName={account.name} readOnly={isDeleted} />
        </Col>
        <Col xs={24} xl={15}>
          <Timeline objectType="accounts" recordId={account.id} />
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: 12 }}>
        {t('accounts.versionLabel', { version: account.version })}
      </Typography.Text>
      <AccountFormModal open={editOpen} account={account} onClose={() => setEditOpen(false)} />
      <TransferOwnerModal open={transferOpen} account={account} onClose={() => setTransferOpen(false)} />
    </div>
  );
}
