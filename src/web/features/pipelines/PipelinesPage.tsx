import { PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, Row, Select, Skeleton, Switch, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STANDARD_DEAL_FIELDS, validatePipeline } from '../../../core/pipelines/pipelineValidation';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { useActiveCustomFields } from '../custom-fields/useCustomFieldDefinitions';
import type { FieldOption } from './CriteriaEditor';
import { draftOf, inputOf, insertIndex, newDraft, newStage, type DraftStage, type PipelineDraft } from './pipelineDraft';
import type { Localized } from './pipelinesApi';
import { StageCard } from './StageCard';
import { usePipelineSettings } from './usePipelineSettings';
import { useSavePipeline } from './useSavePipeline';

const NEW = '__new__';

/** Messages by field path; several problems of one field are shown together. */
function byField(items: { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, message } of items) out[field] = out[field] ? `${out[field]} ${message}` : message;
  return out;
}

/** Admin: the organization's pipelines and their stages, entry criteria and switches. */
export default function PipelinesPage() {
  const { t, i18n } = useTranslation();
  const lang: keyof Localized = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { message } = App.useApp();
  const can = usePermission();
  const canEdit = can('pipelines', 'edit');
  const onServerError = useServerError();
  const list = usePipelineSettings();
  const save = useSavePipeline();
  const { data: cfDefs = [] } = useActiveCustomFields('deals');
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<PipelineDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const pipelines = useMemo(() => list.data ?? [], [list.data]);
  const current = selected === NEW ? null : (pipelines.find((p) => p.id === selected) ?? pipelines[0] ?? null);

  // the draft follows the server's copy whenever it changes (loaded, saved, reloaded after a conflict)
  useEffect(() => {
    if (selected === NEW || !current) return;
    setDraft(draftOf(current));
    setDirty(false);
    setErrors({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current?.id, current?.version, selected]);

  const fieldOptions: FieldOption[] = useMemo(
    () => [
      ...Object.entries(STANDARD_DEAL_FIELDS).map(([value, label]) => ({ value, label: label[lang] })),
      ...cfDefs.map((d) => ({ value: `cf.${d.key}`, label: lang === 'en' ? d.labelEn : d.labelZh })),
    ],
    [cfDefs, lang],
  );

  const errorAt = (path: string) => errors[path];
  const edit = (patch: Partial<PipelineDraft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setDirty(true);
  };
  const editStages = (fn: (stages: DraftStage[]) => DraftStage[]) => {
    setDraft((d) => (d ? { ...d, stages: fn(d.stages) } : d));
    setDirty(true);
    // paths name stage positions: after a structural change the old messages may point elsewhere
    setErrors({});
  };
  const setStage = (i: number, patch: Partial<DraftStage>) => {
    setDraft((d) => (d ? { ...d, stages: d.stages.map((s, j) => (j === i ? { ...s, ...patch } : s)) } : d));
    setDirty(true);
  };
  const moveStage = (i: number, delta: -1 | 1) =>
    editStages((stages) => {
      const next = [...stages];
      const [s] = next.splice(i, 1);
      next.splice(i + delta, 0, s!);
      return next;
    });
  const addStage = () =>
    editStages((stages) => {
      const next = [...stages];
      next.splice(insertIndex(stages), 0, newStage(stages));
      return next;
    });

  const pick = (id: string) => {
    setSelected(id);
    if (id === NEW) {
      setDraft(newDraft());
      setDirty(true);
      setErrors({});
    }
  };

  const doSave = () => {
    if (!draft) return;
    const input = inputOf(draft);
    const issues = validatePipeline(input, { dealCustomFieldKeys: cfDefs.map((d) => d.key) });
    if (issues.length) {
      setErrors(byField(issues.map((i) => ({ field: i.field, message: i.message[lang] }))));
      message.error(issues[0]!.message[lang]);
      return;
    }
    save.mutate(
      { id: draft.id, version: draft.version, pipeline: input },
      {
        onSuccess: (saved) => {
          message.success(t('pipelines.saved'));
          setSelected(saved.id);
          setDraft(draftOf(saved));
          setDirty(false);
          setErrors({});
        },
        onError: (err) => {
          if (isApiError(err) && err.fields.length) setErrors(byField(err.fields));
          onServerError(err, undefined, { onVersionConflict: () => setDirty(false) });
        },
      },
    );
  };

  if (list.isPending) {
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  }
  if (list.isError) return <Alert type="error" showIcon title={list.error.message} />;

  // problems of the stage list as a whole (count, won/lost stages)
  const stagesError = errors.stages;
  const editable = canEdit;

  return (
    <div data-testid="pipelines-page">
      <PageHeader
        title={t('pipelines.title')}
        subTitle={t('pipelines.subtitle')}
        extra={
          editable ? (
            <Button type="primary" icon={<SaveOutlined />} onClick={doSave} loading={save.isPending} disabled={!dirty || !draft} data-testid="pipeline-save">
              {t('common.save')}
            </Button>
          ) : null
        }
      />
      {!editable ? <Alert type="info" showIcon title={t('pipelines.readOnly')} style={{ marginBottom: 16 }} /> : null}
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <Select
          style={{ minWidth: 220, flex: '1 1 220px', maxWidth: 420 }}
          value={selected === NEW ? NEW : (current?.id ?? undefined)}
          onChange={pick}
          aria-label={t('pipelines.pick')}
          data-testid="pipeline-pick"
          options={[
            ...pipelines.map((p) => ({
              value: p.id,
              label: (
                <span>
                  {p.name[lang] || p.name['zh-CN']}
                  {p.isDefault ? <Tag style={{ marginInlineStart: 8 }}>{t('pipelines.default')}</Tag> : null}
                  {!p.active ? <Tag style={{ marginInlineStart: 8 }}>{t('pipelines.inactive')}</Tag> : null}
                </span>
              ),
            })),
            ...(selected === NEW ? [{ value: NEW, label: <span>{t('pipelines.newName')}</span> }] : []),
          ]}
        />
        {editable ? (
          <Button icon={<PlusOutlined />} onClick={() => pick(NEW)} disabled={selected === NEW} data-testid="pipeline-new">
            {t('pipelines.new')}
          </Button>
        ) : null}
      </Flex>

      {!draft ? (
        <Empty />
      ) : (
        <Flex vertical gap={16}>
          <Card size="small" title={t('pipelines.general')}>
            <Form layout="vertical" component="div" disabled={!editable}>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item label={t('pipelines.nameZh')} required validateStatus={errors['name.zh-CN'] ? 'error' : undefined} help={errors['name.zh-CN']}>
                    <Input value={draft.name['zh-CN']} maxLength={100} onChange={(e) => edit({ name: { ...draft.name, 'zh-CN': e.target.value } })} data-testid="pipeline-name-zh" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label={t('pipelines.nameEn')} required validateStatus={errors['name.en'] ? 'error' : undefined} help={errors['name.en']}>
                    <Input value={draft.name.en} maxLength={100} onChange={(e) => edit({ name: { ...draft.name, en: e.target.value } })} data-testid="pipeline-name-en" />
                  </Form.Item>
                </Col>
              </Row>
              <Flex gap={24} wrap>
                <Form.Item label={t('pipelines.allowSkip')} tooltip={t('pipelines.allowSkipHelp')} style={{ marginBottom: 8 }}>
                  <Switch checked={draft.allowSkip} onChange={(allowSkip) => edit({ allowSkip })} data-testid="pipeline-allow-skip" />
                </Form.Item>
                <Form.Item label={t('pipelines.allowBackward')} tooltip={t('pipelines.allowBackwardHelp')} style={{ marginBottom: 8 }}>
                  <Switch checked={draft.allowBackward} onChange={(allowBackward) => edit({ allowBackward })} data-testid="pipeline-allow-backward" />
                </Form.Item>
                <Form.Item label={t('pipelines.isDefault')} style={{ marginBottom: 8 }}>
                  <Switch
                    checked={draft.isDefault}
                    disabled={!editable || (current?.isDefault ?? false)}
                    onChange={(isDefault) => edit({ isDefault, active: isDefault ? true : draft.active })}
                    data-testid="pipeline-is-default"
                  />
                </Form.Item>
                <Form.Item label={t('pipelines.active')} style={{ marginBottom: 8 }}>
                  <Switch checked={draft.active} disabled={!editable || draft.isDefault} onChange={(active) => edit({ active })} data-testid="pipeline-active" />
                </Form.Item>
              </Flex>
            </Form>
          </Card>

          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('pipelines.stages', { count: draft.stages.length })}
            </Typography.Title>
            {editable ? (
              <Button icon={<PlusOutlined />} onClick={addStage} data-testid="pipeline-add-stage">
                {t('pipelines.addStage')}
              </Button>
            ) : null}
          </Flex>
          {stagesError ? <Alert type="error" showIcon title={stagesError} data-testid="pipeline-stages-error" /> : null}
          {draft.stages.map((s, i) => (
            <StageCard
              key={s.uid}
              stage={s}
              index={i}
              count={draft.stages.length}
              errorAt={errorAt}
              fieldOptions={fieldOptions}
              lang={lang}
              disabled={!editable}
              onChange={(patch) => setStage(i, patch)}
              onMove={(delta) => moveStage(i, delta)}
              onRemove={() => editStages((stages) => stages.filter((_, j) => j !== i))}
            />
          ))}
          {editable ? (
            <Flex justify="flex-end">
              <Button type="primary" icon={<SaveOutlined />} onClick={doSave} loading={save.isPending} disabled={!dirty} data-testid="pipeline-save-bottom">
                {t('common.save')}
              </Button>
            </Flex>
          ) : null}
        </Flex>
      )}
    </div>
  );
}
