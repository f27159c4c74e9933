import { App, Col, Form, Input, Modal, Row, Switch } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { CustomFieldInputs } from '../custom-fields/CustomFieldInputs';
import { customFieldsPayload, toCustomFieldFormValues } from '../custom-fields/customFieldForm';
import { useActiveCustomFields } from '../custom-fields/useCustomFieldDefinitions';
import { useServerError } from '../../lib/useServerError';
import { UserSelect } from '../users/UserSelect';
import { AccountSelect } from './AccountSelect';
import { CONTACT_TEXT_FIELDS, type Contact, type ContactInput, type ContactPatch } from './contactsApi';
import { useCreateContact, useUpdateContact } from './useContacts';
import { useDuplicateConfirm } from './useDuplicateConfirm';

type Values = Partial<Record<(typeof CONTACT_TEXT_FIELDS)[number], string>> & {
  accountId?: string | null;
  ownerId?: string;
  isPrimary?: boolean;
  customFields?: Record<string, unknown>;
};

interface Props {
  open: boolean;
  /** Edit this contact; create a new one when absent. */
  contact?: Contact;
  /** For a new contact: the account it belongs to (fixed when given). */
  account?: { id: string; name: string };
  onClose: () => void;
  onSaved?: (contact: Contact) => void;
}

const clean = (value: string | null | undefined) => (value ?? '').trim();
const MOBILE_RE = /^(\+86|0086)?1[3-9]\d{9}$/;

export function ContactFormModal({ open, contact: liveContact, account, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateContact();
  const update = useUpdateContact(liveContact?.id ?? '');
  const onError = useServerError();
  const onDuplicate = useDuplicateConfirm();
  const { data: cfDefs = [] } = useActiveCustomFields('contacts');
  const snapshot = useRef<Contact | undefined>(liveContact);
  if (!open) snapshot.current = liveContact;
  const contact = open ? snapshot.current : liveContact;
  const editing = Boolean(contact);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (contact) {
      const initial: Values = { accountId: contact.accountId, isPrimary: contact.isPrimary };
      for (const key of CONTACT_TEXT_FIELDS) initial[key] = contact[key] ?? undefined;
      form.setFieldsValue(initial);
    } else if (account) form.setFieldsValue({ accountId: account.id });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form]);

  // custom field values once their definitions are known
  useEffect(() => {
    if (open && contact) form.setFieldsValue({ customFields: toCustomFieldFormValues(cfDefs, contact.customFields) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form, cfDefs]);

  const done = (saved: Contact, text: string) => {
    message.success(text);
    onClose();
    onSaved?.(saved);
  };

  const submit = async (acknowledgeDuplicates = false) => {
    const values = await form.validateFields();
    if (!contact) {
      const cf = customFieldsPayload(cfDefs, values.customFields, undefined, getLanguage());
      const input: ContactInput = { name: clean(values.name) };
      for (const key of CONTACT_TEXT_FIELDS) {
        if (key === 'name') continue;
        const v = clean(values[key]);
        if (v) input[key] = v;
      }
      if (values.accountId) input.accountId = values.accountId;
      if (values.isPrimary) input.isPrimary = true;
      if (values.ownerId) input.ownerId = values.ownerId;
      if (cf) input.customFields = cf;
      if (acknowledgeDuplicates) input.acknowledgeDuplicates = true;
      create.mutate(input, {
        onSuccess: (created) => done(created, t('contacts.created')),
        onError: (err) => {
          if (!onDuplicate(err, () => void submit(true))) onError(err, form);
        },
      });
      return;
    }
    const patch: ContactPatch = { version: contact.version };
    let changed = 0;
    for (const key of CONTACT_TEXT_FIELDS) {
      const before = clean(contact[key]);
      const after = clean(values[key]);
      if (before !== after) {
        patch[key] = after === '' ? null : after;
        changed += 1;
      }
    }
    if ((values.accountId ?? null) !== contact.accountId) {
      patch.accountId = values.accountId ?? null;
      changed += 1;
    }
    if (Boolean(values.isPrimary) !== contact.isPrimary) {
      patch.isPrimary = Boolean(values.isPrimary);
      changed += 1;
    }
    const cf = customFieldsPayload(cfDefs, values.customFields, contact.customFields, getLanguage());
    if (cf) {
      patch.customFields = cf;
      changed += 1;
    }
    if (changed === 0) {
      onClose();
      return;
    }
    if (acknowledgeDuplicates) patch.acknowledgeDuplicates = true;
    update.mutate(patch, {
      onSuccess: (saved) => done(saved, t('common.saved')),
      onError: (err) => {
        if (!onDuplicate(err, () => void submit(true))) onError(err, form, { onVersionConflict: onClose });
      },
    });
  };

  return (
    <Modal
      open={open}
      title={editing ? t('contacts.editTitle') : t('contacts.createTitle')}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={testId('contact-form-submit')}
      width={720}
      forceRender
    >
      <Form form={form} layout="vertical" data-testid="contact-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('contacts.fields.name')}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { max: 200, message: t('validation.maxLength', { count: 200 }) },
              ]}
            >
              <Input data-testid="contact-form-name" autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="title" label={t('contacts.fields.title')}>
              <Input data-testid="contact-form-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="mobile"
              label={t('contacts.fields.mobile')}
              rules={[
                {
                  validator: (_, value?: string) => {
                    const v = clean(value).replace(/[\s-]/g, '');
                    return !v || v.includes('*') || MOBILE_RE.test(v) ? Promise.resolve() : Promise.reject(new Error(t('validation.mobile')));
                  },
                },
              ]}
            >
              <Input data-testid="contact-form-mobile" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={t('contacts.fields.phone')}>
              <Input data-testid="contact-form-phone" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="email"
              label={t('contacts.fields.email')}
              rules={[
                {
                  validator: (_, value?: string) => {
                    const v = clean(value);
                    if (!v || v.includes('*') || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return Promise.resolve();
                    return Promise.reject(new Error(t('validation.email')));
                  },
                },
              ]}
            >
              <Input data-testid="contact-form-email" inputMode="email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="wechat" label={t('contacts.fields.wechat')}>
              <Input data-testid="contact-form-wechat" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="accountId" label={t('contacts.fields.accountId')}>
              <AccountSelect
                allowClear
                disabled={Boolean(account) && !editing}
                currentLabel={contact?.accountName ?? account?.name}
                data-testid="contact-form-account"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="isPrimary" label={t('contacts.fields.isPrimary')} valuePropName="checked">
              <Switch data-testid="contact-form-primary" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="externalId" label={t('contacts.fields.externalId')}>
              <Input data-testid="contact-form-external-id" />
            </Form.Item>
          </Col>
          {!editing ? (
            <Col xs={24} md={12}>
              <Form.Item name="ownerId" label={t('contacts.fields.ownerId')} extra={t('contacts.ownerDefaultHint')}>
                <UserSelect allowClear data-testid="contact-form-owner" />
              </Form.Item>
            </Col>
          ) : null}
          <CustomFieldInputs objectType="contacts" form={form} />
          <Col xs={24}>
            <Form.Item name="notes" label={t('contacts.fields.notes')}>
              <Input.TextArea rows={3} data-testid="contact-form-notes" maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
