import { App, Form, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type Account } from '../../lib/api';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { UserSelect } from '../users/UserSelect';
import { useTransferAccount } from './useTransferAccount';

export function TransferOwnerModal({ open, account, onClose }: { open: boolean; account: Account; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ ownerId: string }>();
  const transfer = useTransferAccount(account.id);
  const onError = useServerError();

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    const { ownerId } = await form.validateFields();
    transfer.mutate(
      { ownerId, version: account.version },
      {
        onSuccess: () => {
          message.success(t('accounts.transferred'));
          onClose();
        },
        onError: (err) => onError(err, form, { onVersionConflict: onClose }),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('accounts.transferTitle')}
      okText={t('accounts.transfer')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={transfer.isPending}
      okButtonProps={testId('transfer-submit')}
      forceRender
    >
      <Typography.Paragraph type="secondary">
        {t('accounts.transferHint', { owner: account.ownerName ?? t('accounts.noOwner') })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="ownerId" label={t('accounts.newOwner')} rules={[{ required: true, message: t('validation.required') }]}>
          <UserSelect data-testid="transfer-owner-select" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
