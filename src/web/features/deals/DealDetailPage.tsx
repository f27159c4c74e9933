import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Flex, Result, Row, Skeleton, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { formatDate, formatDateTime, orDash } from '../../lib/format';
import { getLanguage } from '../../lib/i18n';
import { QuickLogButton } from '../activities/QuickLogButton';
import { labelOf } from '../../../core/custom-fields/types';
import { usePermission } from '../auth/usePermission';
import { CustomFieldValue } from '../custom-fields/CustomFieldValue';
import { useCustomFieldDefinitions } from '../custom-fields/useCustomFieldDefinitions';
import { DealCommentsCard } from '../deals-collab/DealCommentsCard';
import { DealTeamCard } from '../deals-collab/DealTeamCard';
import { Timeline } from '../timeline/Timeline';
import { DealAttachmentsCard } from './DealAttachmentsCard';
import { DealFormModal } from './DealFormModal';
import { findStage, formatAmount, localized, weighted } from './dealHelpers';
import { RottingTag } from './RottingTag';
import { StageHistoryTable } from './StageHistoryTable';
import { StageProgress } from './StageProgress';
import { useDeal } from './useDeal';
import { usePipelines } from './usePipelines';
import { useStageMove } from './useStageMove';

/** A deal (/deals/:id): stage progress, fields, rotting banner, stage history, attachments, follow-ups, team, comments. */
export default function DealDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = usePermission();
  const lang = getLanguage();
  const { data: deal, isPending, isError, error, refetch } = useDeal(id);
  const { data: pipelines = [] } = usePipelines();
  const pipeline = pipelines.find((p) => p.id === deal?.pipelineId);
  const { move, modal } = useStageMove(pipeline, 'api');
  const [editOpen, setEditOpen] = useState(false);
  const { data: cfDefs = [] } = useCustomFieldDefinitions('deals');

  const back = (
    <Link to="/deals" data-testid="deal-back">
      <ArrowLeftOutlined /> {t('deals.backToBoard')}
    </Link>
  );

  if (isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (isError) {
    const status = isApiError(error) ? error.status : 0;
    return (
      <Result
        status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
        title={error.message}
        extra={<Button onClick={() => navigate('/deals')}>{t('deals.backToBoard')}</Button>}
      />
    );
  }

  const editable = can('deals', 'edit');
  const stage = findStage(pipeline, deal.stageKey);
  const probability = stage?.probability ?? 0;

  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('deals.fields.name'), children: deal.name },
    {
      key: 'account',
      label: t('deals.fields.accountId'),
      children: deal.accountId ? <Link to={`/accounts/${deal.accountId}`}>{orDash(deal.accountName)}</Link> : '—',
    },
    { key: 'amount', label: t('deals.fields.amount'), children: <span data-testid="deal-amount">{formatAmount(deal.amount, deal.currency)}</span> },
    {
      key: 'weighted',
      label: t('deals.fields.weightedAmount'),
      children: deal.amount === null ? '—' : `${formatAmount(deal.weightedAmount ?? weighted(deal.amount, probability), deal.currency)} (${probability}%)`,
    },
    { key: 'expectedCloseDate', label: t('deals.fields.expectedCloseDate'), children: <span data-testid="deal-close-date">{formatDate(deal.expectedCloseDate)}</span> },
    { key: 'pipeline', label: t('deals.fields.pipeline'), children: pipeline ? localized(pipeline.name, lang) : '—' },
    { key: 'owner', label: t('deals.fields.owner'), children: <span data-testid="deal-owner">{orDash(deal.ownerName)}</span> },
    { key: 'product', label: t('deals.fields.product'), children: orDash(deal.product) },
    { key: 'source', label: t('deals.fields.source'), children: orDash(deal.source) },
    { key: 'followUps', label: t('deals.fields.effectiveFollowUps'), children: <span data-testid="deal-followups">{deal.effectiveFollowUps ?? '—'}</span> },
    { key: 'lastUpdateAt', label: t('deals.fields.lastUpdateAt'), children: formatDateTime(deal.lastUpdateAt) },
    ...(deal.status !== 'open'
      ? [
          { key: 'closedAt', label: t('deals.fields.closedAt'), children: formatDateTime(deal.closedAt) },
          { key: 'closeReason', label: t('deals.fields.closeReason'), children: <span data-testid="deal-close-reason">{orDash(deal.closeReason)}</span> },
        ]
      : []),
    // custom fields: active ones, and deactivated ones that still hold a value
    ...cfDefs
      .filter((d) => d.active || deal.customFields?.[d.key] != null)
      .map((d) => ({ key: `cf-${d.key}`, label: labelOf(d, lang), children: <CustomFieldValue def={d} value={deal.customFields?.[d.key]} /> })),
    {
      key: 'description',
      label: t('deals.fields.description'),
      span: 'filled' as const,
      children: <span style={{ whiteSpace: 'pre-wrap' }}>{orDash(deal.description)}</span>,
    },
  ];

  return (
    <div data-testid="deal-detail" data-status={deal.status} data-stage={deal.stageKey}>
      <div style={{ marginBottom: 8 }}>{back}</div>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <span data-testid="deal-name">{deal.name}</span>
            <Tag color={deal.status === 'won' ? 'green' : deal.status === 'lost' ? 'default' : 'blue'} data-testid="deal-stage-tag">
              {stage ? localized(stage.name, lang) : deal.stageKey}
            </Tag>
            {deal.status === 'open' ? <RottingTag deal={deal} /> : null}
          </Flex>
        }
        extra={
          <>
            {deal.status === 'open' ? <QuickLogButton dealId={deal.id} accountId={deal.accountId ?? undefined} onLogged={() => void refetch()} /> : null}
            {editable ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditOpen(true)} data-testid="deal-edit">
                {t('common.edit')}
              </Button>
            ) : null}
          </>
        }
      />
      {deal.rotting ? (
        <Alert
          type="error"
          showIcon
          title={t('deals.rottingBanner', { count: deal.idleDays })}
          style={{ marginBottom: 16 }}
          data-testid="deal-rotting-banner"
        />
      ) : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        {pipeline ? (
          <StageProgress deal={deal} pipeline={pipeline} editable={editable} onMove={(to) => move(deal, to)} />
        ) : (
          <Skeleton active paragraph={{ rows: 1 }} />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <Card title={t('deals.details')} size="small">
              <Descriptions items={items} column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }} size="small" styles={{ label: { whiteSpace: 'nowrap' } }} data-testid="deal-fields" />
            </Card>
            <StageHistoryTable history={deal.stageHistory ?? []} pipeline={pipeline} />
            <Timeline objectType="deals" recordId={deal.id} />
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <DealAttachmentsCard dealId={deal.id} editable={editable} />
            <DealTeamCard dealId={deal.id} />
            <DealCommentsCard dealId={deal.id} />
          </Flex>
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: 12 }}>
        {t('deals.versionLabel', { version: deal.version })}
      </Typography.Text>
      {modal}
      <DealFormModal open={editOpen} deal={deal} onClose={() => setEditOpen(false)} />
    </div>
  );
}
