import { Col, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { labelOf, optionLabel, type CustomFieldObjectType } from '../../../core/custom-fields/types';
import { validateCustomFieldValue } from '../../../core/custom-fields/validate';
import { getLanguage } from '../../lib/i18n';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { UserSelect } from '../users/UserSelect';
import type { CustomFieldDefinition } from './customFieldsApi';
import { useActiveCustomFields } from './useCustomFieldDefinitions';

interface Props {
  objectType: CustomFieldObjectType;
  /** the enclosing antd form (optional; the inputs register under `customFields.<key>` either way) */
  form?: FormInstance;
  /** names of users/departments for values not in the pickers' first page */
  labels?: Record<string, string | null | undefined>;
  /** grid span per field (md and up); default 12 */
  span?: number;
}

/** The antd input of one field type. */
export function CustomFieldInput({ def, currentLabel, ...rest }: { def: CustomFieldDefinition; currentLabel?: string | null; 'data-testid'?: string }) {
  const lang = getLanguage();
  const options = (def.options.options ?? []).map((o) => ({ value: o.value, label: optionLabel(o, lang) }));
  switch (def.type) {
    case 'single_select':
      return <Select allowClear options={options} {...rest} />;
    case 'multi_select':
      return <Select mode="multiple" allowClear options={options} {...rest} />;
    case 'number':
      return <InputNumber style={{ width: '100%' }} precision={def.options.decimals ?? 0} min={def.validation.min} max={def.validation.max} {...rest} />;
    case 'money':
      return <Input inputMode="decimal" prefix={def.options.currency === 'CNY' || !def.options.currency ? '¥' : def.options.currency} {...rest} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} {...rest} />;
    case 'user':
      return <UserSelect allowClear currentLabel={currentLabel} {...rest} />;
    case 'department':
      return <DepartmentTreeSelect allowClear {...rest} />;
    case 'email':
      return <Input inputMode="email" {...rest} />;
    case 'url':
      return <Input inputMode="url" {...rest} />;
    case 'phone':
      return <Input inputMode="tel" {...rest} />;
    default:
      return <Input maxLength={def.validation.maxLength} {...rest} />;
  }
}

/**
 * The form items of an object type's active custom fields, each under `customFields.<key>`, validated on
 * the client with the same rules as the server (src/core/custom-fields). Use inside an antd `<Form>` and
 * `<Row>`; convert with customFieldForm.ts.
 */
export function CustomFieldInputs({ objectType, labels, span = 12 }: Props) {
  const { t } = useTranslation();
  const { data: defs = [] } = useActiveCustomFields(objectType);
  const lang = getLanguage();
  return (
    <>
      {defs.map((def) => {
        const isDate = def.type === 'date';
        return (
          <Col xs={24} md={def.type === 'text' && (def.validation.maxLength ?? 1000) > 200 ? 24 : span} key={def.id}>
            <Form.Item
              name={['customFields', def.key]}
              label={labelOf(def, lang)}
              required={def.required}
              data-testid={`cf-item-${def.key}`}
              {...(isDate
                ? {
                    getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : null }),
                    normalize: (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null),
                  }
                : {})}
              rules={[
                {
                  validator: async (_, value: unknown) => {
                    const r = validateCustomFieldValue(def, value, lang);
                    if (!r.ok) throw new Error(r.error);
                    if (def.required && r.value === null) throw new Error(t('validation.required'));
                  },
                },
              ]}
            >
              <CustomFieldInput def={def} currentLabel={labels?.[def.key]} data-testid={`cf-input-${def.key}`} />
            </Form.Item>
          </Col>
        );
      })}
    </>
  );
}
