import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import type { ApiTokenItem } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { CreateApiTokenModal } from './CreateApiTokenModal';
import { useApiTokens } from './useApiTokens';
import { useDeleteApiToken } from './useDeleteApiToken';

export default function ApiTokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const { data = [], isPending, isError, error } = useApiTokens();
  const remove = useDeleteApiToken();
  const [createOpen, setCreateOpen] = useState(false);

  const columns: TableColumnsType<ApiTokenItem> = [
    {
      title: t('apiTokens.fields.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 180,
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    {
      title: t('apiTokens.fields.scopes'),
      dataIndex: 'scopes',
      render: (scopes: string[]) => (
        <Flex wrap gap={4}>
          {scopes.map((s) => (
            <Tag key={s} style={{ marginInlineEnd: 0 }}>
              {s}
            </Tag>
          ))}
        </Flex>
      ),
    },
    { title: t('apiTokens.fields.createdAt'), dataIndex: 'createdAt', width: 160, render: formatDateTime },
    {
      title: t('apiTokens.fields.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      width: 160,
      render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('apiTokens.neverUsed')}</Typography.Text>),
    },
    {
      title: t('apiTokens.fields.expiresAt'),
      dataIndex: 'expiresAt',
      width: 160,
      render: (v: string | null) => {
        if (!v) return <Typography.Text type="secondary">{t('apiTokens.neverExpires')}</Typography.Text>;
        const expired = new Date(v).getTime() < Date.now();
        return expired ? <Tag color="red">{t('apiTokens.expired')}</Tag> : formatDateTime(v);
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 100,
      render: (_, item) => (
        <Popconfirm
          title={t('apiTokens.revokeConfirm', { name: item.name })}
          okText={t('apiTokens.revoke')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, ...testId('api-token-delete-confirm') }}
          onConfirm={() =>
            new Promise<void>((resolve) =>
              remove.mutate(item.id, {
                onSuccess: () => {
                  message.success(t('apiTokens.revoked'));
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
          <Button size="small" danger icon={<DeleteOutlined />} data-testid="api-token-delete">
            {t('apiTokens.revoke')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('apiTokens.title')}
        subTitle={t('apiTokens.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="api-tokens-create">
            {t('apiTokens.create')}
          </Button>
        }
      />
      {isError ? <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} /> : null}
      <Table<ApiTokenItem>
        rowKey="id"
        columns={columns}
        dataSource={data}
        loading={isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(item) => testId('api-token-row', { 'data-id': item.id })}
        data-testid="api-tokens-table"
      />
      <CreateApiTokenModal open={createOpen} onClose={() => setCreateOpen(false)} />
    </>
  );
}
