import { Card, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, orDash } from '../../lib/format';
import { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { daysFromSeconds, stageName } from './dealHelpers';
import type { PipelineDto, StageHistoryEntry } from './dealsApi';

/** Every stage move of the deal: from, to, when, who, days spent in the previous stage. */
export function StageHistoryTable({ history, pipeline }: { history: StageHistoryEntry[]; pipeline: PipelineDto | undefined }) {
  const { t } = useTranslation();
  const lang = getLanguage();
  const rows = [...history].sort((a, b) => (a.movedAt < b.movedAt ? 1 : a.movedAt > b.movedAt ? -1 : 0));
  const columns: TableColumnsType<StageHistoryEntry> = [
    { title: t('deals.history.from'), dataIndex: 'fromStage', render: (k: string | null) => (k ? stageName(pipeline, k, lang) : t('deals.history.created')) },
    { title: t('deals.history.to'), dataIndex: 'toStage', render: (k: string) => stageName(pipeline, k, lang) },
    { title: t('deals.history.at'), dataIndex: 'movedAt', render: formatDateTime },
    { title: t('deals.history.by'), dataIndex: 'movedByName', render: orDash },
    {
      title: t('deals.history.daysInPrevious'),
      dataIndex: 'secondsInPrevious',
      align: 'right',
      render: (s: number | null) => {
        const days = daysFromSeconds(s);
        return days === null ? '—' : t('deals.history.days', { count: days });
      },
    },
  ];
  return (
    <Card title={t('deals.history.title')} size="small" data-testid="deal-stage-history">
      <Table<StageHistoryEntry>
        rowKey={(r) => r.id ?? `${r.movedAt}-${r.toStage}`}
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(r) => testId('deal-stage-history-row', { 'data-to': r.toStage, 'data-from': r.fromStage ?? '' })}
      />
    </Card>
  );
}
