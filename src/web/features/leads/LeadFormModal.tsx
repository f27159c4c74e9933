import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { CustomFieldInputs } from '../custom-fields/CustomFieldInputs';
import { customFieldsPayload, toCustomFieldFormValues } from '../custom-fields/customFieldForm';
import { useActiveCustomFields } from '../custom-fields/useCustomFieldDefinitions';
import { useServerError } from '../../lib/useServerError';
import { useDuplicateConfirm } from '../contacts/useDuplicateConfirm';
import { UserSelect } from '../users/UserSelect';
import { EDITABLE_LEAD_STATUSES, LEAD_TEXT_FIELDS, type EditableLeadStatus, type Lead, type LeadInput, type LeadPatch } from './leadsApi';
import { useCreateLead, useUpdateLead } from './useLeads';

type Values = Partial<Record<(typeof LEAD_TEXT_FIELDS)[number], string>> & {
  status?: EditableLeadStatus;
  ownerId?: string;
  customFields?: Record<string, unknown>;
};

const clean = (value: string | null | undefined) => (value ?? '').trim();
const MOBILE_RE = /^(\+86|0086)?1[3-9]\d{9}$/;

export function LeadFormModal({ open, lead: liveLead, onClose, onSaved }: { open: boolean; lead?: Lead; onClose: () => void; onSaved?: (lead: Lead) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateLead();
  const update = useUpdateLead(liveLead?.id ?? '');
  const onError = useServerError();
  const onDuplicate = useDuplicateConfirm();
  const { data: cfDefs = [] } = useActiveCustomFields('leads');
  const snapshot = useRef<Lead | undefined>(liveLead);
  if (!open) snapshot.current = liveLead;
  const lead = open ? snapshot.current : liveLead;
  const editing = Boolean(lead);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (lead) {
      const initial: Values = { status: lead.status === 'converted' ? undefined : lead.status };
      for (const key of LEAD_TEXT_FIELDS) initial[key] = lead[key] ?? undefined;
      form.setFieldsValue(initial);
    } else form.setFieldsValue({ status: 'new' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form]);

  useEffect(() => {
    if (open && lead) form.setFieldsValue({ customFields: toCustomFieldFormValues(cfDefs, lead.customFields) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form, cfDefs]);

  const done = (saved: Lead, text: string) => {
    message.success(text);
    onClose();
    onSaved?.(saved);
  };

  const submit = async (acknowledgeDuplicates = false) => {
    const values = await form.validateFields();
    if (!lead) {
      const cf = customFieldsPayload(cfDefs, values.customFields, undefined, getLanguage());
      const input: LeadInput = { name: clean(values.name) };
      for (const key of LEAD_TEXT_FIELDS) {
        if (key === 'name') continue;
        const v = clean(values[key]);
        if (v) input[key] = v;
      }
      if (values.status) input.status = values.status;
      if (values.ownerId) input.ownerId = values.ownerId;
      if (cf) input.customFields = cf;
      if (acknowledgeDuplicates) input.acknowledgeDuplicates = true;
      create.mutate(input, {
        onSuccess: (created) => done(created, t('leads.created')),
        onError: (err) => {
          if (!onDuplicate(err, () => void submit(true))) onError(err, form);
        },
      });
      return;
    }
    const patch: LeadPatch = { version: lead.version };
    let changed = 0;
    for (const key of LEAD_TEXT_FIELDS) {
      const before = clean(lead[key]);
      const after = clean(values[key]);
      if (before !== after) {
        patch[key] = after === '' ? null : after;
        changed += 1;
      }
    }
    if (values.status && values.status !== lead.status) {
      patch.status = values.status;
      changed += 1;
    }
    const cf = customFieldsPayload(cfDefs, values.customFields, lead.customFields, getLanguage());
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
      title={editing ? t('leads.editTitle') : t('leads.createTitle')}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={testId('lead-form-submit')}
      width={720}
      forceRender
    >
      <Form form={form} layout="vertical" data-testid="lead-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('leads.fields.name')}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { max: 200, message: t('validation.maxLength', { count: 200 }) },
              ]}
            >
              <Input data-testid="lead-form-name" autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="companyName" label={t('leads.fields.companyName')}>
              <Input data-testid="lead-form-company" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="title" label={t('leads.fields.title')}>
              <Input data-testid="lead-form-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="status" label={t('leads.fields.status')}>
              <Select
                options={EDITABLE_LEAD_STATUSES.map((s) => ({ value: s, label: t(`leads.statuses.${s}`) }))}
                data-testid="lead-form-status"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="mobile"
              label={t('leads.fields.mobile')}
              rules={[
                {
                  validator: (_, value?: string) => {
                    const v = clean(value).replace(/[\s-]/g, '');
                    return !v || v.includes('*') || MOBILE_RE.test(v) ? Promise.resolve() : Promise.reject(new Error(t('validation.mobile')));
                  },
                },
              ]}
            >
              <Input data-testid="lead-form-mobile" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={t('leads.fields.phone')}>
              <Input data-testid="lead-form-phone" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="email"
              label={t('leads.fields.email')}
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
              <Input data-testid="lead-form-email" inputMode="email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="source" label={t('leads.fields.source')}>
              <Input data-testid="lead-form-source" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="externalId" label={t('leads.fields.externalId')}>
              <Input data-testid="lead-form-external-id" />
            </Form.Item>
          </Col>
          {!editing ? (
            <Col xs={24} md={12}>
              <Form.Item name="ownerId" label={t('leads.fields.ownerId')} extra={t('accounts.ownerDefaultHint')}>
                <UserSelect allowClear data-testid="lead-form-owner" />
              </Form.Item>
            </Col>
          ) : null}
          <CustomFieldInputs objectType="leads" form={form} />
          <Col xs={24}>
            <Form.Item name="notes" label={t('leads.fields.notes')}>
              <Input.TextArea rows={3} data-testid="lead-form-notes" maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
