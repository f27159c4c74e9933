import { App, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { AccountSelect } from '../contacts/AccountSelect';
import { customFieldsPayload, toCustomFieldFormValues } from '../custom-fields/customFieldForm';
import { CustomFieldInputs } from '../custom-fields/CustomFieldInputs';
import { useCustomFieldDefinitions } from '../custom-fields/useCustomFieldDefinitions';
import { UserSelect } from '../users/UserSelect';
import { amountInputText, localized, parseAmountInput } from './dealHelpers';
import { MoneyInput, dateItemProps, moneyRules } from './DealFieldInput';
import type { Deal, DealChanges, DealInput, DealPatch } from './dealsApi';
import { useCreateDeal } from './useCreateDeal';
import { usePipelines } from './usePipelines';
import { useUpdateDeal } from './useUpdateDeal';

export const CURRENCIES = ['CNY', 'USD', 'HKD', 'EUR', 'GBP'] as const;

interface Values {
  name?: string;
  accountId?: string;
  amount?: string;
  currency?: string;
  expectedCloseDate?: string | null;
  pipelineId?: string;
  ownerId?: string;
  product?: string;
  source?: string;
  description?: string;
  customFields?: Record<string, unknown>;
}

interface Props {
  open: boolean;
  /** edit this deal; create a new one when absent */
  deal?: Deal;
  /** create: preset account (from the account page) and pipeline (the board's) */
  defaults?: { accountId?: string; accountName?: string | null; pipelineId?: string };
  onClose: () => void;
  onSaved?: (deal: Deal) => void;
}

const TEXT_FIELDS = ['product', 'source', 'description'] as const;

function clean(v: string | null | undefined): string {
  return (v ?? '').trim();
}

/** Create or edit a deal: account, name, amount (typed in yuan, sent in fen), currency, expected close date, pipeline. */
export function DealFormModal({ open, deal: liveDeal, defaults, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateDeal();
  const update = useUpdateDeal();
  const onError = useServerError();
  const { data: pipelines = [] } = usePipelines();
  const lang = getLanguage();
  // edit against the record as it was when the dialog opened (the version we send is what the user saw)
  const snapshot = useRef<Deal | undefined>(liveDeal);
  if (!open) snapshot.current = liveDeal;
  const deal = open ? snapshot.current : liveDeal;
  const editing = Boolean(deal);
  const currency = Form.useWatch('currency', form) ?? 'CNY';
  const { data: cfDefs } = useCustomFieldDefinitions('deals');

  // custom fields: filled in once their definitions are known (usually cached already)
  useEffect(() => {
    if (open && deal && cfDefs) form.setFieldValue('customFields', toCustomFieldFormValues(cfDefs, deal.customFields));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, cfDefs, form]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (deal) {
      form.setFieldsValue({
        name: deal.name,
        accountId: deal.accountId ?? undefined,
        amount: amountInputText(deal.amount),
        currency: deal.currency,
        expectedCloseDate: deal.expectedCloseDate,
        ownerId: deal.ownerId ?? undefined,
        product: deal.product ?? undefined,
        source: deal.source ?? undefined,
        description: deal.description ?? undefined,
      });
    } else {
      form.setFieldsValue({
        currency: 'CNY',
        accountId: defaults?.accountId,
        pipelineId: defaults?.pipelineId ?? pipelines.find((p) => p.isDefault)?.id ?? pipelines[0]?.id,
      });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form]);

  // pipelines may arrive after the dialog opened
  useEffect(() => {
    if (open && !deal && !form.getFieldValue('pipelineId') && pipelines.length) {
      form.setFieldValue('pipelineId', defaults?.pipelineId ?? pipelines.find((p) => p.isDefault)?.id ?? pipelines[0]?.id);
    }
  }, [open, deal, pipelines, defaults?.pipelineId, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const amount = parseAmountInput(v.amount) ?? null;
    if (!deal) {
      const input: DealInput = { name: clean(v.name), currency: v.currency ?? 'CNY' };
      if (v.accountId) input.accountId = v.accountId;
      if (amount !== null) input.amount = amount;
      if (v.expectedCloseDate) input.expectedCloseDate = v.expectedCloseDate;
      if (v.pipelineId) input.pipelineId = v.pipelineId;
      if (v.ownerId) input.ownerId = v.ownerId;
      for (const key of TEXT_FIELDS) if (clean(v[key])) input[key] = clean(v[key]);
      const customFields = customFieldsPayload(cfDefs ?? [], v.customFields, undefined, lang);
      if (customFields) input.customFields = customFields;
      create.mutate(input, {
        onSuccess: (created) => {
          message.success(t('deals.created'));
          onClose();
          onSaved?.(created);
        },
        onError: (err) => onError(err, form),
      });
      return;
    }
    // only what changed
    const changes: DealChanges = {};
    if (clean(v.name) !== deal.name) changes.name = clean(v.name);
    if ((v.accountId ?? null) !== (deal.accountId ?? null)) changes.accountId = v.accountId ?? null;
    // a masked amount stays untouched unless the user types one
    if (amount !== (deal.amount ?? null) && (typeof deal.amount !== 'string' || amount !== null)) changes.amount = amount;
    if (v.currency && v.currency !== deal.currency) changes.currency = v.currency;
    if ((v.expectedCloseDate ?? null) !== (deal.expectedCloseDate ?? null)) changes.expectedCloseDate = v.expectedCloseDate ?? null;
    if (v.ownerId && v.ownerId !== deal.ownerId) changes.ownerId = v.ownerId;
    for (const key of TEXT_FIELDS) if (clean(v[key]) !== clean(deal[key])) changes[key] = clean(v[key]) || null;
    const customFields = customFieldsPayload(cfDefs ?? [], v.customFields, deal.customFields ?? {}, lang);
    if (customFields) changes.customFields = customFields;
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    const patch: DealPatch = { ...changes, version: deal.version };
    update.mutate(
      { id: deal.id, patch },
      {
        onSuccess: (saved) => {
          message.success(t('common.saved'));
          onClose();
          onSaved?.(saved);
        },
        onError: (err) => onError(err, form, { onVersionConflict: onClose }),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={editing ? t('deals.editTitle') : t('deals.createTitle')}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={testId('deal-form-submit')}
      width={720}
      forceRender
    >
      <Form form={form} layout="vertical" data-testid="deal-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="accountId" label={t('deals.fields.accountId')} rules={[{ required: !editing, message: t('validation.required') }]}>
              <AccountSelect allowClear currentLabel={deal?.accountName ?? defaults?.accountName} data-testid="deal-form-account" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('deals.fields.name')}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { max: 200, message: t('validation.maxLength', { count: 200 }) },
              ]}
            >
              <Input data-testid="deal-form-name" />
            </Form.Item>
          </Col>
          <Col xs={16} md={8}>
            <Form.Item name="amount" label={t('deals.fields.amountYuan')} rules={moneyRules(t)}>
              <MoneyInput currency={currency} data-testid="deal-form-amount" placeholder="0.00" />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="currency" label={t('deals.fields.currency')}>
              <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} data-testid="deal-form-currency" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="expectedCloseDate" label={t('deals.fields.expectedCloseDate')} {...dateItemProps}>
              <DatePicker style={{ width: '100%' }} data-testid="deal-form-close-date" />
            </Form.Item>
          </Col>
          {!editing ? (
            <Col xs={24} md={12}>
              <Form.Item name="pipelineId" label={t('deals.fields.pipeline')} rules={[{ required: true, message: t('validation.required') }]}>
                <Select
                  options={pipelines.filter((p) => p.active).map((p) => ({ value: p.id, label: localized(p.name, lang) }))}
                  data-testid="deal-form-pipeline"
                />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} md={12}>
            <Form.Item name="ownerId" label={t('deals.fields.owner')} extra={editing ? undefined : t('deals.ownerDefaultHint')}>
              <UserSelect allowClear={!editing} currentLabel={deal?.ownerName} data-testid="deal-form-owner" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="product" label={t('deals.fields.product')} rules={[{ max: 200, message: t('validation.maxLength', { count: 200 }) }]}>
              <Input data-testid="deal-form-product" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="source" label={t('deals.fields.source')} rules={[{ max: 100, message: t('validation.maxLength', { count: 100 }) }]}>
              <Input data-testid="deal-form-source" />
            </Form.Item>
          </Col>
          <CustomFieldInputs objectType="deals" form={form} />
          <Col xs={24}>
            <Form.Item name="description" label={t('deals.fields.description')}>
              <Input.TextArea rows={3} maxLength={5000} showCount data-testid="deal-form-description" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
