import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Modal, Row, Skeleton, Switch, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { STRUCTURED_FIELDS, type ActivitySettings, type ActivityTypeDef, type StructuredField } from './activitiesApi';
import { useActivitySettings } from './useActivitySettings';
import { useSaveActivitySettings } from './useSaveActivitySettings';

const TYPE_KEY_RE = /^[a-z][a-z0-9_]{0,29}$/;

function AddTypeModal({ open, existing, onAdd, onClose }: { open: boolean; existing: string[]; onAdd: (t: ActivityTypeDef) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ key: string; zh: string; en: string }>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={t('activitySettings.addType')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      okButtonProps={testId('activity-type-add-submit')}
      forceRender
      onOk={() =>
        void form.validateFields().then(
          (v) => {
            onAdd({ key: v.key, name: { 'zh-CN': v.zh.trim(), en: v.en.trim() }, active: true, required: [...STRUCTURED_FIELDS] });
            onClose();
          },
          () => undefined,
        )
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="key"
          label={t('activitySettings.typeKey')}
          extra={t('activitySettings.typeKeyHint')}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: TYPE_KEY_RE, message: t('activitySettings.typeKeyInvalid') },
            { validator: (_r, v: string) => (existing.includes(v) ? Promise.reject(new Error(t('activitySettings.typeKeyTaken'))) : Promise.resolve()) },
          ]}
        >
          <Input data-testid="activity-type-add-key" />
        </Form.Item>
        <Form.Item name="zh" label={t('activitySettings.nameZh')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 40 }]}>
          <Input data-testid="activity-type-add-zh" />
        </Form.Item>
        <Form.Item name="en" label={t('activitySettings.nameEn')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 40 }]}>
          <Input data-testid="activity-type-add-en" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Follow-up settings (admins): the types, their required fields, and what counts as an effective follow-up. */
export default function ActivitySettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const { data, isPending, isError, error, refetch } = useActivitySettings();
  const save = useSaveActivitySettings();
  const [draft, setDraft] = useState<ActivitySettings | null>(null);
  const [addOpen, setAddOpen] = useState(false);

  useEffect(() => {
    if (data) setDraft(structuredClone(data));
  }, [data]);

  if (isPending || (!draft && !isError)) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (isError || !draft) {
    return <Alert type="error" showIcon title={error?.message ?? t('errors.loadFailed')} action={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>} />;
  }

  const setType = (key: string, patch: Partial<ActivityTypeDef>) =>
    setDraft((d) => (d ? { ...d, types: d.types.map((x) => (x.key === key ? { ...x, ...patch } : x)) } : d));
  const setByType = (typeKey: string, patch: Partial<ActivitySettings['effective']['byType'][string]>) =>
    setDraft((d) => (d ? { ...d, effective: { ...d.effective, byType: { ...d.effective.byType, [typeKey]: { ...d.effective.byType[typeKey], ...patch } } } } : d));

  const hasCall = draft.types.some((x) => x.key === 'call');
  const hasVisit = draft.types.some((x) => x.key === 'visit');
  const callMinSeconds = draft.effective.byType.call?.minDurationSeconds ?? draft.effective.default.minDurationSeconds;
  const visitCheckIn = draft.effective.byType.visit?.requireCheckIn ?? draft.effective.default.requireCheckIn;
  const dirty = JSON.stringify(draft) !== JSON.stringify(data);

  const columns: TableProps<ActivityTypeDef>['columns'] = [
    { key: 'key', title: t('activitySettings.typeKey'), dataIndex: 'key', width: 110, render: (k: string) => <Tag>{k}</Tag> },
    {
      key: 'zh',
      title: t('activitySettings.nameZh'),
      render: (_v, r) => <Input value={r.name['zh-CN']} maxLength={40} onChange={(e) => setType(r.key, { name: { ...r.name, 'zh-CN': e.target.value } })} data-testid={`activity-type-${r.key}-zh`} />,
    },
    {
      key: 'en',
      title: t('activitySettings.nameEn'),
      render: (_v, r) => <Input value={r.name.en} maxLength={40} onChange={(e) => setType(r.key, { name: { ...r.name, en: e.target.value } })} data-testid={`activity-type-${r.key}-en`} />,
    },
    {
      key: 'active',
      title: t('activitySettings.active'),
      width: 80,
      render: (_v, r) => <Switch checked={r.active} onChange={(active) => setType(r.key, { active })} data-testid={`activity-type-${r.key}-active`} />,
    },
    {
      key: 'required',
      title: t('activitySettings.required'),
      render: (_v, r) => (
        <Checkbox.Group<StructuredField>
          value={r.required}
          onChange={(required) => setType(r.key, { required })}
          options={STRUCTURED_FIELDS.map((f) => ({ value: f, label: <span data-testid={`activity-type-${r.key}-req-${f}`}>{t(`activitySettings.fields.${f}`)}</span> }))}
        />
      ),
    },
  ];

  const submit = () => {
    const missing = draft.types.find((x) => !x.name['zh-CN'].trim() || !x.name.en.trim());
    if (missing) {
      message.error(t('activitySettings.nameMissing', { key: missing.key }));
      return;
    }
    save.mutate(draft, {
      onSuccess: () => message.success(t('common.saved')),
      onError: (err) => onError(err, undefined, { onVersionConflict: () => void refetch() }),
    });
  };

  return (
    <div data-testid="activity-settings">
      <PageHeader
        title={t('activitySettings.title')}
        subTitle={t('activitySettings.subtitle')}
        extra={
          <>
            <Button disabled={!dirty} onClick={() => setDraft(structuredClone(data) ?? null)} data-testid="activity-settings-reset">
              {t('activitySettings.reset')}
            </Button>
            <Button type="primary" loading={save.isPending} onClick={submit} data-testid="activity-settings-save">
              {t('common.save')}
            </Button>
          </>
        }
      />
      <Flex vertical gap={16}>
        <Card
          title={t('activitySettings.types')}
          extra={
            <Button icon={<PlusOutlined />} onClick={() => setAddOpen(true)} data-testid="activity-type-add">
              {t('activitySettings.addType')}
            </Button>
          }
        >
          <Table<ActivityTypeDef>
            rowKey="key"
            size="small"
            columns={columns}
            dataSource={draft.types}
            pagination={false}
            scroll={{ x: 760 }}
            onRow={(r) => testId(`activity-type-row-${r.key}`)}
          />
        </Card>
        <Card title={t('activitySettings.effectiveRule')}>
          <Typography.Paragraph type="secondary">{t('activitySettings.effectiveHint')}</Typography.Paragraph>
          <Row gutter={[24, 16]}>
            <Col xs={24} md={12}>
              <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
                {t('activitySettings.callMinMinutes')}
              </Typography.Text>
              <InputNumber<number>
                min={0}
                max={600}
                precision={0}
                disabled={!hasCall}
                value={callMinSeconds == null ? null : Math.round(callMinSeconds / 60)}
                onChange={(v) => setByType('call', { minDurationSeconds: v == null || v === 0 ? null : v * 60 })}
                suffix={t('activities.minutes')}
                placeholder={t('activitySettings.noLimit')}
                style={{ width: 180 }}
                data-testid="activity-rule-call-minutes"
              />
            </Col>
            <Col xs={24} md={12}>
              <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
                {t('activitySettings.minTextChars')}
              </Typography.Text>
              <InputNumber<number>
                min={0}
                max={2000}
                precision={0}
                value={draft.effective.default.minTextChars}
                onChange={(v) => setDraft({ ...draft, effective: { ...draft.effective, default: { ...draft.effective.default, minTextChars: v == null || v === 0 ? null : v } } })}
                suffix={t('activitySettings.chars')}
                placeholder={t('activitySettings.noLimit')}
                style={{ width: 180 }}
                data-testid="activity-rule-min-text"
              />
            </Col>
            <Col xs={24} md={12}>
              <Flex gap={8} align="center">
                <Switch checked={visitCheckIn} disabled={!hasVisit} onChange={(v) => setByType('visit', { requireCheckIn: v })} data-testid="activity-rule-visit-checkin" />
                <span>{t('activitySettings.visitRequiresCheckIn')}</span>
              </Flex>
            </Col>
            <Col xs={24} md={12}>
              <Flex gap={8} align="center">
                <Switch
                  checked={draft.negativeFeedbackTaskForManager}
                  onChange={(v) => setDraft({ ...draft, negativeFeedbackTaskForManager: v })}
                  data-testid="activity-rule-negative-task"
                />
                <span>{t('activitySettings.negativeFeedbackTask')}</span>
              </Flex>
            </Col>
          </Row>
        </Card>
      </Flex>
      <AddTypeModal
        open={addOpen}
        existing={draft.types.map((x) => x.key)}
        onAdd={(type) => setDraft({ ...draft, types: [...draft.types, type] })}
        onClose={() => setAddOpen(false)}
      />
    </div>
  );
}
