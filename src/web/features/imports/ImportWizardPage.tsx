import { InboxOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Radio, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { ImportResult } from './ImportResult';
import { importsApi, isRunning, useImport, useRunImport, type DuplicatePolicy, type ImportPreview } from './importsApi';

const SKIP = '';

/** The object types the import pipeline takes (the server's IMPORT_FIELDS). */
export const IMPORT_OBJECTS = ['accounts', 'contacts', 'leads'] as const;

/**
 * Import wizard: upload → preview & mapping (save the mapping) → dry run report → run with progress → result
 * (with the rejected rows to download).
 */
export default function ImportWizardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const [params, setParams] = useSearchParams();
  const can = usePermission();
  // the object types this user may import; `?objectType=` picks one (the list pages' import buttons set it)
  const importable = IMPORT_OBJECTS.filter((o) => can(o, 'import'));
  const asked = params.get('objectType');
  const objectType = asked && (IMPORT_OBJECTS as readonly string[]).includes(asked) ? asked : (importable[0] ?? 'accounts');
  const objectName = t(`imports.objects.${objectType}`, { defaultValue: objectType });
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [policy, setPolicy] = useState<DuplicatePolicy>('skip');
  const [dateOrder, setDateOrder] = useState<'mdy' | 'dmy'>('mdy');
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | undefined>();
  const job = useImport(jobId);
  const run = useRunImport();

  const j = job.data;
  const step = !preview ? 0 : !j ? 1 : j.dryRun ? 2 : isRunning(j.status) ? 3 : 4;

  const upload = async (f: File) => {
    setBusy(true);
    try {
      const p = await importsApi.preview(objectType, f);
      setFile(f);
      setPreview(p);
      setMapping(p.suggestedMapping);
      setJobId(undefined);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const requiredMissing = useMemo(
    () => (preview?.fields ?? []).filter((f) => f.required && !f.custom && !Object.values(mapping).includes(f.key)),
    [preview, mapping],
  );

  const start = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const clean = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v));
      const created = await importsApi.start({ objectType, file, mapping: clean, dryRun, duplicatePolicy: policy, dateOrder });
      setJobId(created.id);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const saveMapping = async () => {
    if (!preview) return;
    try {
      await importsApi.saveMapping({ objectType, headers: preview.headers, mapping: Object.fromEntries(Object.entries(mapping).filter(([, v]) => v)) });
      message.success(t('imports.mappingSaved'));
    } catch (err) {
      onError(err);
    }
  };

  useEffect(() => {
    if (j && !j.dryRun && j.status === 'completed') message.success(t('imports.done'));
  }, [j?.status, j?.dryRun]); // eslint-disable-line react-hooks/exhaustive-deps

  const used = new Set(Object.values(mapping).filter(Boolean));
  const fieldOptions = (header: string) => [
    { value: SKIP, label: t('imports.doNotImport') },
    ...(preview?.fields ?? []).map((f) => ({
      value: f.key,
      label: `${f.label}${f.required ? ' *' : ''}${f.custom ? ` (${t('imports.customField')})` : ''}`,
      disabled: used.has(f.key) && mapping[header] !== f.key,
    })),
  ];

  return (
    <>
      <PageHeader
        title={t('imports.wizardTitle', { object: objectName })}
        extra={
          <Link to="/imports">
            <Button data-testid="import-history-link">{t('imports.history')}</Button>
          </Link>
        }
      />
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('imports.steps.upload') },
          { title: t('imports.steps.mapping') },
          { title: t('imports.steps.dryRun') },
          { title: t('imports.steps.run') },
          { title: t('imports.steps.result') },
        ]}
      />

      {step === 0 ? (
        <Card>
          {importable.length > 1 ? (
            <Space style={{ marginBottom: 16 }}>
              <Typography.Text strong>{t('imports.objectType')}</Typography.Text>
              <Radio.Group
                optionType="button"
                value={objectType}
                onChange={(e) => setParams({ objectType: e.target.value as string }, { replace: true })}
                options={importable.map((o) => ({ value: o, label: t(`imports.objects.${o}`) }))}
                data-testid="import-object-type"
              />
            </Space>
          ) : null}
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(f) => {
              void upload(f);
              return false;
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{busy ? t('imports.reading') : t('imports.uploadHint')}</p>
            <p className="ant-upload-hint">{t('imports.uploadFormats')}</p>
          </Upload.Dragger>
        </Card>
      ) : null}

      {step === 1 && preview ? (
        <Card
          title={
            <Space wrap>
              {file?.name}
              <Tag>{preview.format.toUpperCase()}</Tag>
              {preview.encoding ? <Tag data-testid="import-encoding">{preview.encoding}</Tag> : null}
              <Tag color={preview.mappingSource === 'saved' ? 'green' : 'blue'} data-testid="import-mapping-source">
                {t(`imports.mappingSource.${preview.mappingSource}`)}
              </Tag>
            </Space>
          }
          extra={
            <Button size="small" onClick={() => setPreview(null)} data-testid="import-change-file">
              {t('imports.changeFile')}
            </Button>
          }
        >
          <Table
            size="small"
            pagination={false}
            rowKey="header"
            scroll={{ x: 700 }}
            data-testid="import-preview-table"
            dataSource={preview.headers.map((header, i) => ({ header, i, samples: preview.rows.slice(0, 3).map((r) => r[i]).filter(Boolean) }))}
            columns={[
              { title: t('imports.column'), dataIndex: 'header', width: 200 },
              {
                title: t('imports.samples'),
                dataIndex: 'samples',
                render: (s: string[]) => <Typography.Text type="secondary">{s.join(' · ')}</Typography.Text>,
              },
              {
                title: t('imports.field'),
                key: 'field',
                width: 280,
                render: (_, r) => (
                  <Select
                    style={{ width: '100%' }}
                    value={mapping[r.header] ?? SKIP}
                    options={fieldOptions(r.header)}
                    onChange={(v: string) => setMapping((m) => ({ ...m, [r.header]: v }))}
                    data-testid={`import-mapping-select-${r.i}`}
                    aria-label={r.header}
                  />
                ),
              },
            ]}
          />
          <Flex wrap gap={24} style={{ marginTop: 16 }} align="center">
            <Space direction="vertical" size={4}>
              <Typography.Text strong>{t('imports.policyLabel', { object: objectName })}</Typography.Text>
              <Radio.Group value={policy} onChange={(e) => setPolicy(e.target.value as DuplicatePolicy)} data-testid="import-policy">
                <Radio value="skip">{t('imports.policy.skip')}</Radio>
                <Radio value="update">{t('imports.policy.update')}</Radio>
                <Radio value="create">{t('imports.policy.create')}</Radio>
              </Radio.Group>
            </Space>
            <Space direction="vertical" size={4}>
              <Typography.Text strong>{t('imports.dateOrderLabel')}</Typography.Text>
              <Select
                value={dateOrder}
                onChange={setDateOrder}
                style={{ width: 260 }}
                data-testid="import-date-order"
                options={[
                  { value: 'mdy', label: t('imports.dateOrder.mdy') },
                  { value: 'dmy', label: t('imports.dateOrder.dmy') },
                ]}
              />
            </Space>
          </Flex>
          {requiredMissing.length ? (
            <Alert type="warning" showIcon style={{ marginTop: 16 }} message={t('imports.requiredMissing', { fields: requiredMissing.map((f) => f.label).join('、') })} />
          ) : null}
          <Flex gap={8} justify="flex-end" style={{ marginTop: 16 }}>
            <Button icon={<SaveOutlined />} onClick={() => void saveMapping()} data-testid="import-save-mapping">
              {t('imports.saveMapping')}
            </Button>
            <Button type="primary" disabled={requiredMissing.length > 0} loading={busy} onClick={() => void start(true)} data-testid="import-dry-run">
              {t('imports.dryRun')}
            </Button>
          </Flex>
        </Card>
      ) : null}

      {step >= 2 && j ? (
        <>
          {j.dryRun && j.status === 'validated' ? (
            <Alert
              type={j.failedRows ? 'warning' : 'success'}
              showIcon
              style={{ marginBottom: 16 }}
              message={t('imports.dryRunDone', { created: j.createdRows, updated: j.updatedRows, skipped: j.skippedRows, failed: j.failedRows })}
              action={
                <Space>
                  <Button onClick={() => setJobId(undefined)} data-testid="import-back-to-mapping">
                    {t('imports.backToMapping')}
                  </Button>
                  <Button
                    type="primary"
                    loading={run.isPending}
                    onClick={() => run.mutate({ id: j.id, duplicatePolicy: policy }, { onError: (e) => onError(e) })}
                    data-testid="import-run"
                  >
                    {t('imports.runForReal')}
                  </Button>
                </Space>
              }
            />
          ) : null}
          <ImportResult job={j} />
          {!j.dryRun && j.status === 'completed' ? (
            <Flex gap={8} justify="flex-end">
              <Link to={`/${objectType}`}>
                <Button type="primary" data-testid="import-go-to-list">
                  {t('imports.goToList')}
                </Button>
              </Link>
            </Flex>
          ) : null}
        </>
      ) : null}
    </>
  );
}
