import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServerError } from '../../lib/useServerError';
import { downloadFile } from '../exports/download';
import { isRunning, useImportProblems, type ImportJob } from './importsApi';

const STATUS_COLORS: Record<string, string> = {
  uploaded: 'default',
  validating: 'processing',
  running: 'processing',
  validated: 'success',
  completed: 'success',
  failed: 'error',
  cancelled: 'default',
};

export function ImportStatusTag({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[job.status]} data-testid="import-status" data-status={job.status}>
      {t(`imports.status.${job.status}`)}
    </Tag>
  );
}

/** Progress while running, then the counters, the problem rows and the download of rejected rows. */
export function ImportResult({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const onError = useServerError();
  const running = isRunning(job.status);
  const problems = useImportProblems(job.id, !running && job.failedRows + job.skippedRows > 0);
  const [downloading, setDownloading] = useState(false);
  const prefix = job.dryRun ? 'imports.wouldBe.' : 'imports.counters.';

  const download = async () => {
    setDownloading(true);
    try {
      await downloadFile(`/imports/${job.id}/problems.csv`, 'problems.csv');
    } catch (err) {
      onError(err);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div data-testid="import-result" data-status={job.status}>
      {running ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Typography.Text>{t('imports.processing', { processed: job.processedRows, total: job.totalRows ?? '…' })}</Typography.Text>
          <Progress percent={Math.round(job.progress * 100)} status="active" data-testid="import-progress" />
        </Card>
      ) : null}
      {job.status === 'failed' && job.error ? <Alert type="error" showIcon message={job.error.message} style={{ marginBottom: 16 }} data-testid="import-error" /> : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(['created', 'updated', 'skipped', 'failed'] as const).map((k) => (
          <Col xs={12} md={6} key={k}>
            <Card size="small">
              <Statistic title={t(`${prefix}${k}`)} value={job[`${k}Rows`]} data-testid={`import-counter-${k}`} />
            </Card>
          </Col>
        ))}
      </Row>
      {!running && job.failedRows + job.skippedRows > 0 ? (
        <Card
          size="small"
          title={t('imports.problemsTitle')}
          extra={
            <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void download()} data-testid="import-download-problems">
              {t('imports.downloadProblems')}
            </Button>
          }
        >
          <Table
            size="small"
            rowKey={(r) => `${r.rowNumber}-${r.severity}`}
            loading={problems.isLoading}
            dataSource={problems.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="import-problems-table"
            columns={[
              { title: t('imports.row'), dataIndex: 'rowNumber', width: 80 },
              {
                title: t('imports.severity'),
                dataIndex: 'severity',
                width: 90,
                render: (s: string) => <Tag color={s === 'error' ? 'red' : 'gold'}>{t(`imports.severities.${s}`)}</Tag>,
              },
              { title: t('imports.reason'), key: 'reason', render: (_, r) => r.problems.map((p) => p.message).join('；') },
            ]}
          />
        </Card>
      ) : null}
    </div>
  );
}
