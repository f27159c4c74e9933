import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServerError } from '../../lib/useServerError';
import { downloadFile } from './download';

type Params = Record<string, string | number | boolean | undefined | null>;

/** Export: the current list view (same filters) as CSV or XLSX. */
export function ExportButton({ objectType, params }: { objectType: 'accounts' | 'contacts' | 'leads'; params: Params }) {
  const { t } = useTranslation();
  const onError = useServerError();
  const [busy, setBusy] = useState(false);

  const run = async (format: 'csv' | 'xlsx') => {
    const query = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) query.set(k, String(v));
    setBusy(true);
    try {
      await downloadFile(`/exports/${objectType}?${query.toString()}`, `${objectType}.${format}`);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'csv', label: <span data-testid="export-csv">{t('exports.csv')}</span> },
          { key: 'xlsx', label: <span data-testid="export-xlsx">{t('exports.xlsx')}</span> },
        ],
        onClick: ({ key }) => void run(key as 'csv' | 'xlsx'),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy} data-testid={`${objectType}-export`}>
        {t('exports.button')}
      </Button>
    </Dropdown>
  );
}
