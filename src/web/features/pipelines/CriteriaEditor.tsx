import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Form, InputNumber, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_KINDS } from '../../../core/pipelines/defaultPipeline';
import { MAX_FOLLOWUPS } from '../../../core/pipelines/pipelineValidation';
import type { Localized, StageCriterion } from './pipelinesApi';

export interface FieldOption {
  value: string;
  label: string;
}

interface Props {
  stageKey: string;
  criteria: StageCriterion[];
  /** `stages.<i>.entryCriteria` */
  path: string;
  errorAt: (path: string) => string | undefined;
  fieldOptions: FieldOption[];
  lang: keyof Localized;
  disabled: boolean;
  onChange: (next: StageCriterion[]) => void;
}

const KINDS = ['required_field', 'attachment', 'min_effective_followups'] as const;

function blank(kind: (typeof KINDS)[number], existing: StageCriterion[], fieldOptions: FieldOption[]): StageCriterion {
  if (kind === 'required_field') {
    const used = new Set(existing.flatMap((c) => (c.kind === 'required_field' ? [c.field] : [])));
    return { kind, field: fieldOptions.find((o) => !used.has(o.value))?.value ?? fieldOptions[0]?.value ?? 'amount' };
  }
  if (kind === 'attachment') {
    const used = new Set(existing.flatMap((c) => (c.kind === 'attachment' ? [c.attachmentKind] : [])));
    const k = (Object.keys(ATTACHMENT_KINDS) as (keyof typeof ATTACHMENT_KINDS)[]).find((x) => !used.has(x)) ?? 'requirements';
    return { kind, attachmentKind: k, label: { ...ATTACHMENT_KINDS[k] } };
  }
  return { kind, count: 1 };
}

/** The entry criteria of one stage: required fields, attachments of a kind, effective follow-ups. */
export function CriteriaEditor({ stageKey, criteria, path, errorAt, fieldOptions, lang, disabled, onChange }: Props) {
  const { t } = useTranslation();
  const set = (i: number, c: StageCriterion) => onChange(criteria.map((x, j) => (j === i ? c : x)));
  const kindOptions = (current: string, label: Localized) => {
    const builtIn = Object.entries(ATTACHMENT_KINDS).map(([value, l]) => ({ value, label: l[lang] }));
    return builtIn.some((o) => o.value === current) ? builtIn : [...builtIn, { value: current, label: label[lang] || current }];
  };

  return (
    <Flex vertical gap={8} data-testid={`pipeline-criteria-${stageKey}`}>
      {criteria.length === 0 ? <Typography.Text type="secondary">{t('pipelines.criteria.none')}</Typography.Text> : null}
      {criteria.map((c, i) => {
        const at = `${path}.${i}`;
        const err = errorAt(at) ?? errorAt(`${at}.field`) ?? errorAt(`${at}.attachmentKind`) ?? errorAt(`${at}.count`) ?? errorAt(`${at}.label.zh-CN`) ?? errorAt(`${at}.label.en`);
        return (
          <Form.Item key={i} style={{ marginBottom: 0 }} validateStatus={err ? 'error' : undefined} help={err}>
            <Flex gap={8} align="center" wrap data-testid={`pipeline-criterion-${stageKey}-${i}`}>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {t(`pipelines.criteria.kinds.${c.kind}`)}
              </Tag>
              {c.kind === 'required_field' ? (
                <Select
                  style={{ minWidth: 160, flex: 1 }}
                  value={c.field}
                  disabled={disabled}
                  options={fieldOptions.some((o) => o.value === c.field) ? fieldOptions : [...fieldOptions, { value: c.field, label: c.field }]}
                  onChange={(field: string) => set(i, { ...c, field })}
                  showSearch={{ optionFilterProp: 'label' }}
                  aria-label={t('pipelines.criteria.field')}
                  data-testid={`pipeline-criterion-field-${stageKey}-${i}`}
                />
              ) : null}
              {c.kind === 'attachment' ? (
                <Select
                  style={{ minWidth: 160, flex: 1 }}
                  value={c.attachmentKind}
                  disabled={disabled}
                  options={kindOptions(c.attachmentKind, c.label)}
                  onChange={(k: string) => {
                    const known = (ATTACHMENT_KINDS as Record<string, Localized>)[k];
                    set(i, { ...c, attachmentKind: k, label: known ? { ...known } : c.label });
                  }}
                  aria-label={t('pipelines.criteria.attachmentKind')}
                  data-testid={`pipeline-criterion-kind-${stageKey}-${i}`}
                />
              ) : null}
              {c.kind === 'min_effective_followups' ? (
                <InputNumber
                  min={1}
                  max={MAX_FOLLOWUPS}
                  precision={0}
                  value={c.count}
                  disabled={disabled}
                  onChange={(v) => set(i, { ...c, count: typeof v === 'number' ? v : 1 })}
                  aria-label={t('pipelines.criteria.count')}
                  data-testid={`pipeline-criterion-count-${stageKey}-${i}`}
                  suffix={t('pipelines.criteria.times')}
                />
              ) : null}
              {!disabled ? (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('pipelines.criteria.remove')}
                  onClick={() => onChange(criteria.filter((_, j) => j !== i))}
                  data-testid={`pipeline-criterion-remove-${stageKey}-${i}`}
                />
              ) : null}
            </Flex>
          </Form.Item>
        );
      })}
      {!disabled ? (
        <Dropdown
          trigger={['click']}
          menu={{
            items: KINDS.map((k) => ({ key: k, label: <span data-testid={`pipeline-add-criterion-${stageKey}-${k}`}>{t(`pipelines.criteria.kinds.${k}`)}</span> })),
            onClick: ({ key }) => onChange([...criteria, blank(key as (typeof KINDS)[number], criteria, fieldOptions)]),
          }}
        >
          <Button size="small" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} data-testid={`pipeline-add-criterion-${stageKey}`}>
            {t('pipelines.criteria.add')}
          </Button>
        </Dropdown>
      ) : null}
    </Flex>
  );
}
