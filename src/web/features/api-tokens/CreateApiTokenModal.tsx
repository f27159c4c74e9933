import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API_TOKEN_SCOPES } from '../../lib/api';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { useCreateApiToken } from './useCreateApiToken';

interface Values {
  name: string;
  scopes: string[];
  expiresInDays?: number | null;
}

export function CreateApiTokenModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateApiToken();
  const onError = useServerError();
  const [token, setToken] = useState<string | null>(null);

  useEffect(() => {
    if (open) form.resetFields();
    else setToken(null); // the secret is shown once, then forgotten
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    create.mutate(
      { name: v.name.trim(), scopes: v.scopes, ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}) },
      { onSuccess: (res) => setToken(res.token), onError: (err) => onError(err, form) },
    );
  };

  if (token) {
    return (
      <Modal
        open={open}
        title={t('apiTokens.createdTitle')}
        onCancel={onClose}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={onClose} data-testid="api-token-done">
            {t('apiTokens.done')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('apiTokens.showOnce')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph copyable={{ text: token }} code style={{ wordBreak: 'break-all' }} data-testid="api-token-value">
          {token}
        </Typography.Paragraph>
      </Modal>
    );
  }

  return (
    <Modal
      open={open}
      title={t('apiTokens.createTitle')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okButtonProps={testId('api-token-form-submit')}
      forceRender
    >
      <Form form={form} layout="vertical" initialValues={{ scopes: ['accounts:read'] }}>
        <Form.Item
          name="name"
          label={t('apiTokens.fields.name')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 100, message: t('validation.maxLength', { count: 100 }) },
          ]}
        >
          <Input placeholder={t('apiTokens.namePlaceholder')} data-testid="api-token-form-name" />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('apiTokens.fields.scopes')}
          rules={[{ required: true, type: 'array', min: 1, message: t('apiTokens.scopesRequired') }]}
        >
          <Checkbox.Group data-testid="api-token-form-scopes" style={{ display: 'grid', gap: 8 }}>
            {API_TOKEN_SCOPES.map((s) => (
              <Checkbox key={s} value={s} data-testid={`api-token-scope-${s.replace(':', '-')}`}>
                <Typography.Text code>{s}</Typography.Text> {t(`apiTokens.scopes.${s.replace(':', '_')}`)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('apiTokens.fields.expiresInDays')} extra={t('apiTokens.expiresHint')}>
          <InputNumber min={1} max={3650} precision={0} style={{ width: 200 }} data-testid="api-token-form-expires" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
