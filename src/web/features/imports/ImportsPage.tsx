import { UploadOutlined } from '@ant-design/icons';
import { Button, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { testId } from '../../lib/testid';
import { ImportStatusTag } from './ImportResult';
import { useImports, type ImportJob } from './importsApi';

/** Import history: past imports, newest first. */
export default function ImportsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const imports = useImports();
  return (
    <>
      <PageHeader
        title={t('imports.history')}
        extra={
          <Link to="/imports/new">
            <Button type="primary" icon={<UploadOutlined />} data-testid="imports-new">
              {t('imports.new')}
            </Button>
          </Link>
        }
      />
      <Table<ImportJob>
        rowKey="id"
        loading={imports.isLoading}
        dataSource={imports.data?.items ?? []}
        data-testid="imports-table"
        onRow={(r) => ({ onClick: () => navigate(`/imports/${r.id}`), style: { cursor: 'pointer' }, ...testId('imports-row') })}
        scroll={{ x: 900 }}
        columns={[
          { title: t('imports.file'), dataIndex: 'fileName', render: (v: string, r) => <Link to={`/imports/${r.id}`}>{v}</Link> },
          { title: t('imports.objectType'), dataIndex: 'objectType', width: 100, render: (v: string) => t(`imports.objects.${v}`, { defaultValue: v }) },
          { title: t('imports.kind'), dataIndex: 'dryRun', width: 100, render: (v: boolean) => (v ? t('imports.dryRunLabel') : t('imports.realRunLabel')) },
          { title: t('imports.statusLabel'), dataIndex: 'status', width: 110, render: (_, r) => <ImportStatusTag job={r} /> },
          { title: t('imports.counters.created'), dataIndex: 'createdRows', width: 90 },
          { title: t('imports.counters.updated'), dataIndex: 'updatedRows', width: 90 },
          { title: t('imports.counters.skipped'), dataIndex: 'skippedRows', width: 90 },
          { title: t('imports.counters.failed'), dataIndex: 'failedRows', width: 90 },
          { title: t('imports.by'), dataIndex: 'createdByName', width: 110 },
          { title: t('imports.at'), dataIndex: 'createdAt', width: 170, render: formatDateTime },
        ]}
      />
    </>
  );
}
