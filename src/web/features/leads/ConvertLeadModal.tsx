import { Alert, App, Checkbox, Form, Input, Modal, Radio, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../lib/api';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { AccountSelect } from '../contacts/AccountSelect';
import type { ConvertLeadInput, Lead } from './leadsApi';
import { useConvertLead } from './useLeads';

interface Values {
  mode: 'create' | 'existing';
  name?: string;
  industry?: string;
  accountId?: string;
  createContact: boolean;
}

/**
 * Lead conversion: create an account from the lead (or pick an existing one) and a contact from its person fields.
 * Duplicate warnings (with the owner of the match, as the server words them) are shown in the dialog and
 * may be acknowledged; blocking duplicates cannot.
 */
export function ConvertLeadModal({ open, lead, onClose }: { open: boolean; lead: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const convert = useConvertLead(lead.id);
  const onError = useServerError();
  const [duplicate, setDuplicate] = useState<{ blocked: boolean; text: string } | null>(null);
  const mode = Form.useWatch('mode', form) ?? 'create';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ mode: 'create', name: lead.companyName ?? '', createContact: true });
    setDuplicate(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form]);

  const submit = async () => {
    const values = await form.validateFields();
    const input: ConvertLeadInput = {
      account:
        values.mode === 'create'
          ? { mode: 'create', name: (values.name ?? '').trim() || undefined, industry: (values.industry ?? '').trim() || undefined }
          : { mode: 'existing', accountId: values.accountId as string },
      createContact: values.createContact,
      version: lead.version,
    };
    if (duplicate && !duplicate.blocked) input.acknowledgeDuplicates = true;
    convert.mutate(input, {
      onSuccess: (result) => {
        message.success(t('leads.converted'));
        onClose();
        navigate(`/accounts/${result.account.id}`);
      },
      onError: (err) => {
        if (isApiError(err, 'DUPLICATE_WARNING')) setDuplicate({ blocked: false, text: err.message });
        else if (isApiError(err, 'DUPLICATE_BLOCKED')) setDuplicate({ blocked: true, text: err.message });
        else onError(err, form, { onVersionConflict: onClose });
      },
    });
  };

  return (
    <Modal
      open={open}
      title={t('leads.convertTitle')}
      okText={duplicate && !duplicate.blocked ? t('leads.convertAnyway') : t('leads.convert')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={convert.isPending}
      okButtonProps={{ ...testId('lead-convert-submit'), disabled: Boolean(duplicate?.blocked) }}
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('leads.convertHint', { name: lead.name })}</Typography.Paragraph>
      {duplicate ? (
        <Alert
          type={duplicate.blocked ? 'error' : 'warning'}
          showIcon
          title={duplicate.blocked ? t('contacts.duplicateBlockedTitle') : t('contacts.duplicateWarningTitle')}
          description={duplicate.text}
          style={{ marginBottom: 16 }}
          data-testid="lead-convert-duplicate"
        />
      ) : null}
      <Form form={form} layout="vertical" data-testid="lead-convert-form" onValuesChange={() => setDuplicate(null)}>
        <Form.Item name="mode">
          <Radio.Group
            options={[
              { value: 'create', label: t('leads.convertCreateAccount') },
              { value: 'existing', label: t('leads.convertExistingAccount') },
            ]}
            data-testid="lead-convert-mode"
          />
        </Form.Item>
        {mode === 'create' ? (
          <>
            <Form.Item
              name="name"
              label={t('accounts.fields.name')}
              rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
            >
              <Input data-testid="lead-convert-account-name" />
            </Form.Item>
            <Form.Item name="industry" label={t('accounts.fields.industry')}>
              <Input data-testid="lead-convert-industry" />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="accountId" label={t('contacts.fields.accountId')} rules={[{ required: true, message: t('validation.required') }]}>
            <AccountSelect data-testid="lead-convert-account" />
          </Form.Item>
        )}
        <Form.Item name="createContact" valuePropName="checked">
          <Checkbox data-testid="lead-convert-create-contact">{t('leads.convertCreateContact')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
