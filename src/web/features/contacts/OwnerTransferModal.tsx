import { Form, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { testId } from '../../lib/testid';
import { UserSelect } from '../users/UserSelect';

interface Props {
  open: boolean;
  ownerName: string | null;
  pending: boolean;
  onSubmit: (ownerId: string) => void;
  onClose: () => void;
}

/** Pick a new owner (transfer) for a contact or lead. */
export function OwnerTransferModal({ open, ownerName, pending, onSubmit, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ ownerId: string }>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={t('accounts.transferTitle')}
      okText={t('accounts.transfer')}
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then((v) => onSubmit(v.ownerId), () => undefined)}
      onCancel={onClose}
      confirmLoading={pending}
      okButtonProps={testId('record-transfer-submit')}
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('accounts.transferHint', { owner: ownerName ?? t('accounts.noOwner') })}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="ownerId" label={t('accounts.newOwner')} rules={[{ required: true, message: t('validation.required') }]}>
          <UserSelect data-testid="record-transfer-owner" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
