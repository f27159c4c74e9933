import { Button, Empty, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useServerError } from '../../lib/useServerError';
import { ImportResult, ImportStatusTag } from './ImportResult';
import { importsApi, useImport, useRunImport } from './importsApi';
import { useQueryClient } from '@tanstack/react-query';
import { importKeys } from './importsApi';

export default function ImportDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const job = useImport(id);
  const run = useRunImport();
  const onError = useServerError();
  const qc = useQueryClient();
  if (job.isLoading) return <Skeleton active />;
  if (!job.data) return <Empty description={t('imports.notFound')} />;
  const j = job.data;
  return (
    <>
      <PageHeader
        title={j.fileName}
        subTitle={<Space>{j.dryRun ? t('imports.dryRunLabel') : t('imports.realRunLabel')}<ImportStatusTag job={j} /></Space>}
        extra={
          <>
            <Link to="/imports">
              <Button data-testid="import-back-to-list">{t('imports.history')}</Button>
            </Link>
            {j.dryRun && j.status === 'validated' ? (
              <Button type="primary" loading={run.isPending} onClick={() => run.mutate({ id: j.id }, { onError: (e) => onError(e) })} data-testid="import-run">
                {t('imports.runForReal')}
              </Button>
            ) : null}
            {j.status === 'failed' || j.resumable ? (
              <Button
                onClick={() =>
                  importsApi.resume(j.id).then(
                    () => void qc.invalidateQueries({ queryKey: importKeys.one(j.id) }),
                    (e: unknown) => onError(e),
                  )
                }
                data-testid="import-resume"
              >
                {t('imports.resume')}
              </Button>
            ) : null}
          </>
        }
      />
      <ImportResult job={j} />
    </>
  );
}
