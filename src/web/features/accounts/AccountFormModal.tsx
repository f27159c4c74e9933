import { App, Col, Form, Input, Modal, Row } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_EDITABLE_FIELDS, type Account, type AccountInput, type AccountPatch } from '../../lib/api';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { UserSelect } from '../users/UserSelect';
import { isCreditCodeFormat, isValidCreditCode } from '../../../core/validation/creditCode';
import { getLanguage } from '../../lib/i18n';
import { customFieldsPayload, toCustomFieldFormValues } from '../custom-fields/customFieldForm';
import { CustomFieldInputs } from '../custom-fields/CustomFieldInputs';
import { useCustomFieldDefinitions } from '../custom-fields/useCustomFieldDefinitions';
import { DuplicateWarning } from '../duplicates/DuplicateWarning';
import { useDuplicateConfirm } from '../duplicates/useDuplicateConfirm';
import { useCreateAccount } from './useCreateAccount';
import { useUpdateAccount } from './useUpdateAccount';

type Values = Record<(typeof ACCOUNT_EDITABLE_FIELDS)[number], string | undefined> & { ownerId?: string; customFields?: Record<string, unknown> };

interface Props {
  open: boolean;
  /** Edit this account; create a new one when absent. */
  account?: Account;
  onClose: () => void;
  onSaved?: (account: Account) => void;
}

function clean(value: string | null | undefined): string {
  return (value ?? '').trim();
}

export function AccountFormModal({ open, account: liveAccount, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateAccount();
  const update = useUpdateAccount(liveAccount?.id ?? '');
  const onError = useServerError();
  const onDuplicate = useDuplicateConfirm();
  // Edit against the record as it was when the dialog opened, so the version we send matches what the user saw.
  const snapshot = useRef<Account | undefined>(liveAccount);
  if (!open) snapshot.current = liveAccount;
  const account = open ? snapshot.current : liveAccount;
  const editing = Boolean(account);
  const pending = create.isPending || update.isPending;
  const { data: cfDefs } = useCustomFieldDefinitions('accounts');

  // live duplicate check of what is typed; an edit checks only the keys it changes, as the server does
  const watched = {
    companyName: Form.useWatch('name', form),
    phone: Form.useWatch('phone', form),
    email: Form.useWatch('email', form),
    creditCode: Form.useWatch('creditCode', form),
  };
  const original = { companyName: account?.name, phone: account?.phone, email: account?.email, creditCode: account?.creditCode };
  const probeFields = Object.fromEntries(
    (Object.keys(watched) as (keyof typeof watched)[]).filter((k) => !account || clean(watched[k]) !== clean(original[k])).map((k) => [k, watched[k]]),
  );

  // custom fields: filled in once their definitions are known (usually cached already)
  useEffect(() => {
    if (open && account && cfDefs) form.setFieldValue('customFields', toCustomFieldFormValues(cfDefs, account.customFields));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, cfDefs, form]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (account) {
      const initial: Partial<Values> = {};
      for (const key of ACCOUNT_EDITABLE_FIELDS) initial[key] = account[key] ?? undefined;
      form.setFieldsValue(initial);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form]);

  const submit = async (acknowledgeDuplicates = false) => {
    const values = await form.validateFields();
    if (!account) {
      const input: AccountInput & { acknowledgeDuplicates?: boolean } = { name: clean(values.name) };
      for (const key of ACCOUNT_EDITABLE_FIELDS) {
        if (key === 'name') continue;
        const v = clean(values[key]);
        if (v) input[key] = v;
      }
      if (values.ownerId) input.ownerId = values.ownerId;
      const customFields = customFieldsPayload(cfDefs ?? [], values.customFields, undefined, getLanguage());
      if (customFields) input.customFields = customFields;
      if (acknowledgeDuplicates) input.acknowledgeDuplicates = true;
      create.mutate(input, {
        onSuccess: (created) => {
          message.success(t('accounts.created'));
          onClose();
          onSaved?.(created);
        },
        onError: (err) => {
          if (!onDuplicate(err, () => void submit(true).catch(() => undefined))) onError(err, form);
        },
      });
      return;
    }

    // Send only what changed (masked values stay untouched unless the user edits them).
    const patch: AccountPatch & { acknowledgeDuplicates?: boolean } = { version: account.version };
    let changed = 0;
    for (const key of ACCOUNT_EDITABLE_FIELDS) {
      const before = clean(account[key]);
      const after = clean(values[key]);
      if (before !== after) {
        patch[key] = after === '' ? null : after;
        changed += 1;
      }
    }
    const customFields = customFieldsPayload(cfDefs ?? [], values.customFields, account.customFields ?? {}, getLanguage());
    if (customFields) {
      patch.customFields = customFields;
      changed += 1;
    }
    if (changed === 0) {
      onClose();
      return;
    }
    if (acknowledgeDuplicates) patch.acknowledgeDuplicates = true;
    update.mutate(patch, {
      onSuccess: (saved) => {
        message.success(t('common.saved'));
        onClose();
        onSaved?.(saved);
      },
      onError: (err) => {
        if (!onDuplicate(err, () => void submit(true).catch(() => undefined))) onError(err, form, { onVersionConflict: onClose });
      },
    });
  };

  const creditCodeRules = [
    {
      validator: (_: unknown, value?: string) => {
        const v = clean(value).toUpperCase();
        return !v || isCreditCodeFormat(v) ? Promise.resolve() : Promise.reject(new Error(t('validation.creditCodeFormat')));
      },
    },
    {
      warningOnly: true,
      validator: (_: unknown, value?: string) => {
        const v = clean(value).toUpperCase();
        return !v || !isCreditCodeFormat(v) || isValidCreditCode(v)
          ? Promise.resolve()
          : Promise.reject(new Error(t('validation.creditCodeCheck')));
      },
    },
  ];

  return (
    <Modal
      open={open}
      title={editing ? t('accounts.editTitle') : t('accounts.createTitle')}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={pending}
      okButtonProps={testId('account-form-submit')}
      width={720}
      forceRender
    >
      <Form form={form} layout="vertical" data-testid="account-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('accounts.fields.name')}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { max: 200, message: t('validation.maxLength', { count: 200 }) },
              ]}
            >
              <Input data-testid="account-form-name" autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="creditCode"
              label={t('accounts.fields.creditCode')}
              rules={creditCodeRules}
              normalize={(v: string) => v?.toUpperCase()}
            >
              <Input data-testid="account-form-credit-code" maxLength={18} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={t('accounts.fields.phone')} rules={[{ max: 40, message: t('validation.maxLength', { count: 40 }) }]}>
              <Input data-testid="account-form-phone" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="email"
              label={t('accounts.fields.email')}
              rules={[
                {
                  validator: (_, value?: string) => {
                    const v = clean(value);
                    // Masked values (e.g. "***") arrive from the server; only validate what the user typed.
                    if (!v || v.includes('*') || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return Promise.resolve();
                    return Promise.reject(new Error(t('validation.email')));
                  },
                },
              ]}
            >
              <Input data-testid="account-form-email" inputMode="email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="industry" label={t('accounts.fields.industry')}>
              <Input data-testid="account-form-industry" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="website" label={t('accounts.fields.website')}>
              <Input data-testid="account-form-website" inputMode="url" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label={t('accounts.fields.address')}>
              <Input data-testid="account-form-address" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="externalId" label={t('accounts.fields.externalId')}>
              <Input data-testid="account-form-external-id" />
            </Form.Item>
          </Col>
          {!editing ? (
            <Col xs={24} md={12}>
              <Form.Item name="ownerId" label={t('accounts.fields.owner')} extra={t('accounts.ownerDefaultHint')}>
                <UserSelect allowClear data-testid="account-form-owner" />
              </Form.Item>
            </Col>
          ) : null}
          <CustomFieldInputs objectType="accounts" form={form} />
          <Col xs={24}>
            <Form.Item name="notes" label={t('accounts.fields.notes')}>
              <Input.TextArea rows={3} data-testid="account-form-notes" maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <DuplicateWarning objectType="accounts" fields={probeFields} excludeId={account?.id} enabled={open} />
    </Modal>
  );
}
