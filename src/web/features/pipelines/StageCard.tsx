import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Divider, Flex, Form, Input, InputNumber, Popconfirm, Row, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FORECAST_CATEGORIES, MAX_DAYS, STAGE_TYPES } from '../../../core/pipelines/pipelineValidation';
import { testId } from '../../lib/testid';
import { CriteriaEditor, type FieldOption } from './CriteriaEditor';
import type { DraftStage } from './pipelineDraft';
import type { Localized } from './pipelinesApi';

interface Props {
  stage: DraftStage;
  index: number;
  count: number;
  errorAt: (path: string) => string | undefined;
  fieldOptions: FieldOption[];
  lang: keyof Localized;
  disabled: boolean;
  onChange: (patch: Partial<DraftStage>) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

const TYPE_COLORS = { open: 'processing', won: 'success', lost: 'default' } as const;

/** One stage of the pipeline editor: names, key (new stages only), numbers, category, type, exit outputs, criteria. */
export function StageCard({ stage, index, count, errorAt, fieldOptions, lang, disabled, onChange, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const at = `stages.${index}`;
  const fe = (path: string, ...more: string[]) => {
    const err = [path, ...more].map((p) => errorAt(`${at}.${p}`)).find(Boolean);
    return err ? { validateStatus: 'error' as const, help: err } : {};
  };
  const tid = (name: string) => `pipeline-stage-${name}-${stage.key}`;
  const days = (v: number | null) => (typeof v === 'number' ? v : null);
  const setOutput = (i: number, patch: Partial<Localized>) => onChange({ exitOutputs: stage.exitOutputs.map((o, j) => (j === i ? { ...o, ...patch } : o)) });

  return (
    <Card
      size="small"
      data-testid={`pipeline-stage-row-${stage.key}`}
      title={
        <Flex gap={8} align="center" wrap style={{ minWidth: 0 }}>
          <Typography.Text type="secondary">{index + 1}.</Typography.Text>
          <Typography.Text strong ellipsis style={{ maxWidth: 200 }}>
            {stage.name[lang] || stage.key}
          </Typography.Text>
          <Tag color={TYPE_COLORS[stage.type]}>{t(`pipelines.types.${stage.type}`)}</Tag>
        </Flex>
      }
      extra={
        disabled ? null : (
          <Flex gap={4}>
            <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('pipelines.stage.moveUp')} data-testid={tid('up')} />
            <Button
              size="small"
              icon={<ArrowDownOutlined />}
              disabled={index === count - 1}
              onClick={() => onMove(1)}
              aria-label={t('pipelines.stage.moveDown')}
              data-testid={tid('down')}
            />
            <Popconfirm
              title={t('pipelines.stage.removeConfirm')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true, ...testId(tid('remove-confirm')) }}
              onConfirm={onRemove}
            >
              <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('pipelines.stage.remove')} data-testid={tid('remove')} />
            </Popconfirm>
          </Flex>
        )
      }
    >
      <Form layout="vertical" component="div" disabled={disabled}>
        <Row gutter={12}>
          <Col xs={24} sm={12} md={8}>
            <Form.Item label={t('pipelines.stage.nameZh')} required {...fe('name.zh-CN')}>
              <Input value={stage.name['zh-CN']} maxLength={100} onChange={(e) => onChange({ name: { ...stage.name, 'zh-CN': e.target.value } })} data-testid={tid('name-zh')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item label={t('pipelines.stage.nameEn')} required {...fe('name.en')}>
              <Input value={stage.name.en} maxLength={100} onChange={(e) => onChange({ name: { ...stage.name, en: e.target.value } })} data-testid={tid('name-en')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item label={t('pipelines.stage.key')} tooltip={t('pipelines.stage.keyHelp')} {...fe('key')}>
              <Input
                value={stage.key}
                maxLength={40}
                disabled={disabled || !stage.isNew}
                onChange={(e) => onChange({ key: e.target.value.toLowerCase() })}
                data-testid={`pipeline-stage-key-${index}`}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12} md={6}>
            <Form.Item label={t('pipelines.stage.type')} {...fe('type')}>
              <Select
                value={stage.type}
                options={STAGE_TYPES.map((v) => ({ value: v, label: t(`pipelines.types.${v}`) }))}
                onChange={(type) => onChange({ type })}
                data-testid={tid('type')}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12} md={6}>
            <Form.Item label={t('pipelines.stage.probability')} {...fe('probability')}>
              <InputNumber
                style={{ width: '100%' }}
                min={0}
                max={100}
                precision={0}
                suffix="%"
                value={stage.probability}
                onChange={(v) => onChange({ probability: typeof v === 'number' ? v : 0 })}
                data-testid={tid('probability')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            <Form.Item label={t('pipelines.stage.forecastCategory')} {...fe('forecastCategory')}>
              <Select
                value={stage.forecastCategory}
                options={FORECAST_CATEGORIES.map((v) => ({ value: v, label: t(`pipelines.forecast.${v}`) }))}
                onChange={(forecastCategory) => onChange({ forecastCategory })}
                data-testid={tid('forecast')}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} md={3}>
            <Form.Item label={t('pipelines.stage.expectedDays')} {...fe('expectedDays')}>
              <InputNumber
                style={{ width: '100%' }}
                min={0}
                max={MAX_DAYS}
                precision={0}
                value={stage.expectedDays}
                placeholder={t('pipelines.stage.none')}
                onChange={(v) => onChange({ expectedDays: days(v) })}
                data-testid={tid('expected-days')}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} md={3}>
            <Form.Item label={t('pipelines.stage.rottingDays')} tooltip={t('pipelines.stage.rottingHelp')} {...fe('rottingDays')}>
              <InputNumber
                style={{ width: '100%' }}
                min={0}
                max={MAX_DAYS}
                precision={0}
                value={stage.rottingDays}
                placeholder={t('pipelines.stage.none')}
                onChange={(v) => onChange({ rottingDays: days(v) })}
                data-testid={tid('rotting-days')}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Divider titlePlacement="start" plain style={{ margin: '4px 0 8px' }}>
        {t('pipelines.stage.entryCriteria')}
      </Divider>
      <CriteriaEditor
        stageKey={stage.key}
        criteria={stage.entryCriteria}
        path={`${at}.entryCriteria`}
        errorAt={errorAt}
        fieldOptions={fieldOptions}
        lang={lang}
        disabled={disabled}
        onChange={(entryCriteria) => onChange({ entryCriteria })}
      />
      <Divider titlePlacement="start" plain style={{ margin: '12px 0 8px' }}>
        {t('pipelines.stage.exitOutputs')}
      </Divider>
      <Flex vertical gap={8}>
        {stage.exitOutputs.length === 0 ? <Typography.Text type="secondary">{t('pipelines.stage.noOutputs')}</Typography.Text> : null}
        {stage.exitOutputs.map((o, i) => {
          const err = errorAt(`${at}.exitOutputs.${i}.zh-CN`) ?? errorAt(`${at}.exitOutputs.${i}.en`);
          return (
            <Form.Item key={i} style={{ marginBottom: 0 }} validateStatus={err ? 'error' : undefined} help={err}>
              <Flex gap={8} wrap>
                <Input
                  style={{ flex: '1 1 140px' }}
                  placeholder={t('pipelines.stage.nameZh')}
                  value={o['zh-CN']}
                  disabled={disabled}
                  maxLength={100}
                  onChange={(e) => setOutput(i, { 'zh-CN': e.target.value })}
                  data-testid={`pipeline-stage-output-zh-${stage.key}-${i}`}
                />
                <Input
                  style={{ flex: '1 1 140px' }}
                  placeholder={t('pipelines.stage.nameEn')}
                  value={o.en}
                  disabled={disabled}
                  maxLength={100}
                  onChange={(e) => setOutput(i, { en: e.target.value })}
                  data-testid={`pipeline-stage-output-en-${stage.key}-${i}`}
                />
                {!disabled ? (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('pipelines.stage.removeOutput')}
                    onClick={() => onChange({ exitOutputs: stage.exitOutputs.filter((_, j) => j !== i) })}
                  />
                ) : null}
              </Flex>
            </Form.Item>
          );
        })}
        {!disabled ? (
          <Button
            size="small"
            icon={<PlusOutlined />}
            style={{ alignSelf: 'flex-start' }}
            onClick={() => onChange({ exitOutputs: [...stage.exitOutputs, { 'zh-CN': '', en: '' }] })}
            data-testid={tid('add-output')}
          >
            {t('pipelines.stage.addOutput')}
          </Button>
        ) : null}
      </Flex>
    </Card>
  );
}
