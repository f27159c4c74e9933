import { Alert, App, Button, Card, Col, Divider, Flex, Form, InputNumber, Row, Select, Skeleton, Slider, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { MATCH_KINDS, RULE_ACTIONS, type DuplicateRules } from './duplicatesApi';
import { useDuplicateSettings } from './useDuplicateSettings';
import { useUpdateDuplicateSettings } from './useUpdateDuplicateSettings';

const ACTION_COLORS = { block: '#cf1322', warn: '#d48806', off: undefined } as const;

/** Duplicate rules: what each kind of match does when a record is saved; admins (roles.edit) change them. */
export default function DuplicateSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const can = usePermission();
  const canEdit = can('roles', 'edit');
  const [form] = Form.useForm<DuplicateRules>();
  const settings = useDuplicateSettings();
  const save = useUpdateDuplicateSettings();
  const fuzzyOff = Form.useWatch(['rules', 'name_fuzzy'], form) === 'off';

  // (re)load the form whenever the stored rules change (first load, save, reload after a version conflict)
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ rules: settings.data.rules, fuzzyThreshold: settings.data.fuzzyThreshold });
  }, [settings.data, form]);

  const submit = (values: DuplicateRules) => {
    if (!settings.data) return;
    save.mutate(
      { rules: values.rules, fuzzyThreshold: values.fuzzyThreshold, version: settings.data.version },
      {
        onSuccess: () => message.success(t('common.saved')),
        // the hook reloads the rules; the form follows them
        onError: (err) => onError(err, form, { onVersionConflict: () => undefined }),
      },
    );
  };

  return (
    <div data-testid="duplicate-settings-page">
      <PageHeader title={t('duplicates.settings.title')} subTitle={t('duplicates.settings.subtitle')} />
      {settings.isError ? <Alert type="error" showIcon title={settings.error.message} style={{ marginBottom: 16 }} /> : null}
      {!canEdit ? <Alert type="info" showIcon title={t('duplicates.settings.readOnly')} style={{ marginBottom: 16 }} /> : null}
      <Card>
        {settings.isPending ? (
          <Skeleton active />
        ) : (
          <Form form={form} layout="vertical" onFinish={submit} disabled={!canEdit || !settings.data} data-testid="duplicate-settings-form">
            <Typography.Paragraph type="secondary">{t('duplicates.settings.actionsHelp')}</Typography.Paragraph>
            {MATCH_KINDS.map((kind, i) => (
              <div key={kind}>
                {i > 0 ? <Divider style={{ margin: '12px 0' }} /> : null}
                <Row gutter={[12, 8]} align="middle">
                  <Col xs={24} sm={16}>
                    <Typography.Text strong>{t(`duplicates.settings.kinds.${kind}`)}</Typography.Text>
                    <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
                      {t(`duplicates.settings.hints.${kind}`)}
                    </Typography.Paragraph>
                  </Col>
                  <Col xs={24} sm={8}>
                    <Form.Item name={['rules', kind]} noStyle rules={[{ required: true }]}>
                      <Select
                        style={{ width: '100%' }}
                        aria-label={t(`duplicates.settings.kinds.${kind}`)}
                        data-testid={`duplicate-rule-${kind}`}
                        options={RULE_ACTIONS.map((a) => ({
                          value: a,
                          label: <span style={{ color: ACTION_COLORS[a] }}>{t(`duplicates.settings.actions.${a}`)}</span>,
                        }))}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              </div>
            ))}
            <Divider style={{ margin: '16px 0' }} />
            <Form.Item label={t('duplicates.settings.fuzzyThreshold')} extra={t('duplicates.settings.fuzzyThresholdHint')} required>
              <Flex gap={12} align="center">
                <Form.Item name="fuzzyThreshold" noStyle>
                  <Slider min={0.1} max={1} step={0.05} disabled={!canEdit || fuzzyOff} style={{ flex: 1, minWidth: 0 }} />
                </Form.Item>
                <Form.Item name="fuzzyThreshold" noStyle rules={[{ required: true, type: 'number', min: 0.1, max: 1, message: t('duplicates.settings.fuzzyRange') }]}>
                  <InputNumber
                    min={0.1}
                    max={1}
                    step={0.05}
                    precision={2}
                    disabled={!canEdit || fuzzyOff}
                    style={{ width: 96 }}
                    aria-label={t('duplicates.settings.fuzzyThreshold')}
                    data-testid="duplicate-fuzzy-threshold"
                  />
                </Form.Item>
              </Flex>
            </Form.Item>
            {canEdit ? (
              <Flex justify="flex-end">
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="duplicate-settings-save">
                  {t('common.save')}
                </Button>
              </Flex>
            ) : null}
          </Form>
        )}
      </Card>
    </div>
  );
}
