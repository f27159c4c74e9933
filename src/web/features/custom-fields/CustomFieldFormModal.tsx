import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Col, Flex, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { definitionProblems } from '../../../core/custom-fields/definitions';
import {
  CUSTOM_FIELD_KEY_RE,
  CUSTOM_FIELD_TYPES,
  TEXT_LIKE_TYPES,
  UNIQUE_CAPABLE_TYPES,
  type CustomFieldObjectType,
  type CustomFieldType,
  type SelectOption,
} from '../../../core/custom-fields/types';
import { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import type { CustomFieldDefinition } from './customFieldsApi';
import { useCreateCustomField, useUpdateCustomField } from './useCustomFieldDefinitions';

interface Values {
  key: string;
  labelZh: string;
  labelEn: string;
  type: CustomFieldType;
  required: boolean;
  unique: boolean;
  active: boolean;
  options?: SelectOption[];
  currency?: string;
  decimals?: number;
  regex?: string;
  min?: number | null;
  max?: number | null;
  maxLength?: number | null;
}

interface Props {
  open: boolean;
  objectType: CustomFieldObjectType;
  /** edit this field; create when absent */
  field?: CustomFieldDefinition;
  onClose: () => void;
}

const CURRENCIES = ['CNY', 'USD', 'HKD', 'EUR', 'GBP'];

/** Create / edit one custom field, with the options of its type. Key and type are fixed once created. */
export function CustomFieldFormModal({ open, objectType, field, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateCustomField();
  const update = useUpdateCustomField();
  const onError = useServerError();
  const type = Form.useWatch('type', form) ?? field?.type ?? 'text';
  const isSelect = type === 'single_select' || type === 'multi_select';
  const textLike = TEXT_LIKE_TYPES.includes(type);
  const ranged = type === 'number' || type === 'money';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (field) {
      form.setFieldsValue({
        key: field.key,
        labelZh: field.labelZh,
        labelEn: field.labelEn,
        type: field.type,
        required: field.required,
        unique: field.unique,
        active: field.active,
        options: field.options.options,
        currency: field.options.currency,
        decimals: field.options.decimals,
        regex: field.validation.regex,
        min: field.validation.min,
        max: field.validation.max,
        maxLength: field.validation.maxLength,
      });
    } else form.setFieldsValue({ type: 'text', required: false, unique: false, active: true });
  }, [open, field, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const options =
      v.type === 'single_select' || v.type === 'multi_select'
        ? { options: (v.options ?? []).map((o) => ({ value: o.value.trim(), labelZh: o.labelZh.trim(), labelEn: (o.labelEn || o.labelZh).trim() })) }
        : v.type === 'money'
          ? { currency: v.currency ?? 'CNY' }
          : v.type === 'number'
            ? { decimals: v.decimals ?? 0 }
            : {};
    const validation = {
      ...(TEXT_LIKE_TYPES.includes(v.type) && v.regex ? { regex: v.regex } : {}),
      ...(TEXT_LIKE_TYPES.includes(v.type) && v.maxLength ? { maxLength: v.maxLength } : {}),
      ...((v.type === 'number' || v.type === 'money') && v.min != null ? { min: v.min } : {}),
      ...((v.type === 'number' || v.type === 'money') && v.max != null ? { max: v.max } : {}),
    };
    const problems = definitionProblems({ key: v.key, type: v.type, options, unique: v.unique, validation }, getLanguage());
    if (problems.length) {
      form.setFields(problems.map((p) => ({ name: p.field === 'options.options' ? 'options' : p.field.replace(/^(options|validation)\./, ''), errors: [p.message] })) as never);
      return;
    }
    const done = () => {
      message.success(t('common.saved'));
      onClose();
    };
    if (!field) {
      create.mutate(
        { objectType, key: v.key, labelZh: v.labelZh, labelEn: v.labelEn, type: v.type, options, validation, required: v.required, unique: v.unique, active: v.active },
        { onSuccess: done, onError: (err) => onError(err, form) },
      );
    } else {
      update.mutate(
        {
          id: field.id,
          patch: { labelZh: v.labelZh, labelEn: v.labelEn, options, validation, required: v.required, unique: v.unique, active: v.active, version: field.version },
        },
        { onSuccess: done, onError: (err) => onError(err, form, { onVersionConflict: onClose }) },
      );
    }
  };

  return (
    <Modal
      open={open}
      title={field ? t('customFields.editTitle') : t('customFields.createTitle')}
      okText={field ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={testId('cf-form-submit')}
      width={720}
      forceRender
    >
      <Form form={form} layout="vertical" data-testid="cf-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="labelZh" label={t('customFields.labelZh')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]}>
              <Input data-testid="cf-form-label-zh" autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="labelEn" label={t('customFields.labelEn')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]}>
              <Input data-testid="cf-form-label-en" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="key"
              label={t('customFields.key')}
              extra={t('customFields.keyHint')}
              rules={[
                { required: true, message: t('validation.required') },
                { pattern: CUSTOM_FIELD_KEY_RE, message: t('customFields.keyFormat') },
              ]}
            >
              <Input data-testid="cf-form-key" disabled={Boolean(field)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="type" label={t('customFields.type')} extra={field ? t('customFields.typeFixed') : undefined}>
              <Select
                disabled={Boolean(field)}
                options={CUSTOM_FIELD_TYPES.map((ty) => ({ value: ty, label: t(`customFields.types.${ty}`) }))}
                data-testid="cf-form-type"
              />
            </Form.Item>
          </Col>

          {isSelect ? (
            <Col xs={24}>
              <Form.Item label={t('customFields.options')} required>
                <Form.List name="options">
                  {(items, { add, remove }) => (
                    <Flex vertical gap={8}>
                      {items.map(({ key, name }) => (
                        <Flex key={key} gap={8} align="baseline">
                          <Form.Item name={[name, 'value']} noStyle rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                            <Input placeholder={t('customFields.optionValue')} style={{ width: '30%' }} />
                          </Form.Item>
                          <Form.Item name={[name, 'labelZh']} noStyle rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                            <Input placeholder={t('customFields.labelZh')} style={{ width: '30%' }} />
                          </Form.Item>
                          <Form.Item name={[name, 'labelEn']} noStyle>
                            <Input placeholder={t('customFields.labelEn')} style={{ width: '30%' }} />
                          </Form.Item>
                          <MinusCircleOutlined onClick={() => remove(name)} aria-label={t('common.delete')} />
                        </Flex>
                      ))}
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ value: '', labelZh: '', labelEn: '' })} data-testid="cf-form-add-option">
                        {t('customFields.addOption')}
                      </Button>
                    </Flex>
                  )}
                </Form.List>
              </Form.Item>
            </Col>
          ) : null}
          {type === 'money' ? (
            <Col xs={24} md={12}>
              <Form.Item name="currency" label={t('customFields.currency')} initialValue="CNY">
                <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
              </Form.Item>
            </Col>
          ) : null}
          {type === 'number' ? (
            <Col xs={24} md={12}>
              <Form.Item name="decimals" label={t('customFields.decimals')} initialValue={0} extra={field?.hasValues ? t('customFields.decimalsFixed') : undefined}>
                <InputNumber min={0} max={6} precision={0} disabled={Boolean(field?.hasValues)} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ) : null}
          {ranged ? (
            <>
              <Col xs={12} md={6}>
                <Form.Item name="min" label={t('customFields.min')}>
                  <InputNumber style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="max" label={t('customFields.max')}>
                  <InputNumber style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          ) : null}
          {textLike ? (
            <>
              <Col xs={24} md={16}>
                <Form.Item name="regex" label={t('customFields.regex')} extra={t('customFields.regexHint')}>
                  <Input data-testid="cf-form-regex" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="maxLength" label={t('customFields.maxLength')}>
                  <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          ) : null}
          {type === 'attachment' ? (
            <Col xs={24}>
              <Form.Item>
                <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('customFields.attachmentHint')}</span>
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24}>
            <Flex gap={24} wrap>
              <Form.Item name="required" valuePropName="checked" noStyle>
                <Checkbox data-testid="cf-form-required">{t('customFields.required')}</Checkbox>
              </Form.Item>
              {UNIQUE_CAPABLE_TYPES.includes(type) ? (
                <Form.Item name="unique" valuePropName="checked" noStyle>
                  <Checkbox data-testid="cf-form-unique">{t('customFields.unique')}</Checkbox>
                </Form.Item>
              ) : null}
              <Form.Item name="active" valuePropName="checked" noStyle>
                <Checkbox data-testid="cf-form-active">{t('customFields.active')}</Checkbox>
              </Form.Item>
            </Flex>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
