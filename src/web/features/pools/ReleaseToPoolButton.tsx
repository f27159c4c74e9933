import { InboxOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../lib/api';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { poolKeys, poolsApi } from './poolsApi';

/** Release to the pool: the owner (or a manager) puts the customer back into a pool, with a reason. */
export function ReleaseToPoolButton({ account }: { account: Pick<Account, 'id' | 'version' | 'name'> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string; poolId?: string }>();
  const pools = useQuery({ queryKey: poolKeys.list, queryFn: poolsApi.list, enabled: open });
  const release = useMutation({
    mutationFn: (values: { reason: string; poolId?: string }) => poolsApi.release(account.id, values),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['accounts'] });
      await queryClient.invalidateQueries({ queryKey: poolKeys.all });
    },
  });

  return (
    <>
      <Button icon={<InboxOutlined />} onClick={() => setOpen(true)} data-testid="account-release">
        {t('pools.release.action')}
      </Button>
      <Modal
        open={open}
        title={t('pools.release.title', { name: account.name })}
        okText={t('pools.release.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: release.isPending, ...testId('release-confirm') }}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(values) =>
            release.mutate(values, {
              onSuccess: () => {
                message.success(t('pools.release.done'));
                setOpen(false);
              },
              onError: (err) => onError(err, form),
            })
          }
        >
          <Form.Item name="poolId" label={t('pools.release.pool')} extra={t('pools.release.poolHint')}>
            <Select
              allowClear
              data-testid="release-pool"
              placeholder={t('pools.release.poolAuto')}
              options={(pools.data?.items ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('pools.release.reason')} rules={[{ required: true, whitespace: true, message: t('pools.release.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="release-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
