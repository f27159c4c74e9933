import {
  CheckCircleOutlined,
  CommentOutlined,
  DesktopOutlined,
  EditOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  RiseOutlined,
  ScheduleOutlined,
  TeamOutlined,
  WechatOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Skeleton, Tag, Timeline as AntTimeline, Typography } from 'antd';
import type { TimelineItemType } from 'antd/es/timeline/Timeline';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { getLanguage } from '../../lib/i18n';
import { activityTypeLabel } from '../activities/typeLabel';
import { useActivitySettings } from '../activities/useActivitySettings';
import type { ActivityTypeDef } from '../activities/activitiesApi';
import { renderCommentBody } from './commentBody';
import type { TimelineItem, TimelineObjectType } from './timelineApi';
import { useStageNames } from './useStageNames';
import { useTimeline } from './useTimeline';

export interface TimelineProps {
  objectType: TimelineObjectType;
  recordId: string;
}

const TYPE_ICONS: Record<string, ReactNode> = {
  call: <PhoneOutlined />,
  visit: <EnvironmentOutlined />,
  email: <MailOutlined />,
  wechat: <WechatOutlined />,
  meeting: <TeamOutlined />,
  demo: <DesktopOutlined />,
};

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** money fields are stored in minor units (fen) */
const MONEY_FIELDS = new Set(['amount']);

function showValue(field: string, value: unknown, label: unknown, empty: string): string {
  if (typeof label === 'string' && label !== '') return label;
  if (value === null || value === undefined || value === '') return empty;
  if (MONEY_FIELDS.has(field) && typeof value === 'number') return (value / 100).toLocaleString(getLanguage(), { minimumFractionDigits: 2 });
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function Line({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div style={{ wordBreak: 'break-word', whiteSpace: 'pre-wrap' }} data-testid={testId}>
      <Typography.Text type="secondary">
        {label}
        {t('common.colon')}
      </Typography.Text>
      {children}
    </div>
  );
}

function ActivityBody({ data, types }: { data: Record<string, unknown>; types: ActivityTypeDef[] | undefined }) {
  const { t } = useTranslation();
  const sentiment = str(data.sentiment);
  const minutes = typeof data.durationSeconds === 'number' ? Math.round(data.durationSeconds / 60) : null;
  return (
    <Flex vertical gap={2}>
      <Flex wrap gap={6} align="center">
        <Tag style={{ marginInlineEnd: 0 }}>{activityTypeLabel(t, String(data.type ?? 'other'), types)}</Tag>
        {data.effective ? (
          <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid="timeline-effective">
            {t('activities.effective')}
          </Tag>
        ) : (
          <Tag style={{ marginInlineEnd: 0 }} data-testid="timeline-not-effective">
            {t('activities.notEffective')}
          </Tag>
        )}
        {minutes !== null ? <Typography.Text type="secondary">{t('timeline.minutes', { count: minutes })}</Typography.Text> : null}
      </Flex>
      {str(data.need) ? <Line label={t('activities.fields.need')}>{str(data.need)}</Line> : null}
      {str(data.feedback) ? (
        <Line label={t('activities.fields.feedback')}>
          {str(data.feedback)}
          {sentiment ? (
            <Tag color={sentiment === 'negative' ? 'red' : sentiment === 'positive' ? 'green' : 'default'} style={{ marginInlineStart: 6 }}>
              {t(`activities.sentiment.${sentiment}`)}
            </Tag>
          ) : null}
        </Line>
      ) : null}
      {str(data.nextAction) ? (
        <Line label={t('activities.fields.nextAction')}>
          {str(data.nextAction)}
          {str(data.nextActionDate) ? <Typography.Text type="secondary">{` (${str(data.nextActionDate)})`}</Typography.Text> : null}
        </Line>
      ) : null}
      {str(data.notes) ? <Line label={t('activities.fields.notes')}>{str(data.notes)}</Line> : null}
    </Flex>
  );
}

function fieldLabel(t: TFunction, objectType: TimelineObjectType, field: string): string {
  if (field.startsWith('customFields.')) return field.slice('customFields.'.length);
  return t([`${objectType}.fields.${field}`, `timeline.fields.${field}`], { defaultValue: field });
}

interface Rendered {
  icon: ReactNode;
  color: string;
  headline: ReactNode;
  body?: ReactNode;
}

function renderItem(
  t: TFunction,
  item: TimelineItem,
  objectType: TimelineObjectType,
  types: ActivityTypeDef[] | undefined,
  stageName: (pipelineId: unknown, key: unknown) => string,
): Rendered {
  const d = item.data;
  switch (item.kind) {
    case 'activity':
      return {
        icon: TYPE_ICONS[String(d.type)] ?? <MessageOutlined />,
        color: d.effective ? 'green' : 'gray',
        headline: t('timeline.loggedFollowUp'),
        body: <ActivityBody data={d} types={types} />,
      };
    case 'stage_move':
      return {
        icon: <RiseOutlined />,
        color: 'blue',
        headline: (
          <span data-testid="timeline-stage-move">
            {d.fromStage
              ? t('timeline.stageMoved', { from: stageName(d.pipelineId, d.fromStage), to: stageName(d.pipelineId, d.toStage) })
              : t('timeline.stageSet', { to: stageName(d.pipelineId, d.toStage) })}
          </span>
        ),
        body: d.criteriaWaived ? <Tag color="orange">{t('timeline.criteriaWaived')}</Tag> : undefined,
      };
    case 'field_change': {
      const changes = Array.isArray(d.changes) ? (d.changes as { field: string; old: unknown; new: unknown; oldLabel?: unknown; newLabel?: unknown }[]) : [];
      const action = str(d.action) ?? 'update';
      const empty = t('timeline.emptyValue');
      return {
        icon: <EditOutlined />,
        color: 'gray',
        headline: t(`timeline.actions.${action}`, { defaultValue: t('timeline.actions.update') }),
        body:
          changes.length > 0 ? (
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {changes.map((c, i) => (
                <li key={`${c.field}-${i}`} style={{ wordBreak: 'break-word' }} data-testid="timeline-field-change" data-field={c.field}>
                  <Typography.Text type="secondary">{fieldLabel(t, objectType, c.field)} </Typography.Text>
                  <Typography.Text type="secondary" delete={c.old !== null && c.old !== undefined && c.old !== ''}>
                    {showValue(c.field, c.old, c.oldLabel, empty)}
                  </Typography.Text>
                  <span style={{ margin: '0 6px' }}>→</span>
                  <Typography.Text>{showValue(c.field, c.new, c.newLabel, empty)}</Typography.Text>
                </li>
              ))}
            </ul>
          ) : undefined,
      };
    }
    case 'comment':
      return {
        icon: <CommentOutlined />,
        color: 'blue',
        headline: t('timeline.commented'),
        body: <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{renderCommentBody(String(d.body ?? ''))}</div>,
      };
    case 'task': {
      const completed = d.event === 'completed';
      return {
        icon: completed ? <CheckCircleOutlined /> : <ScheduleOutlined />,
        color: completed ? 'green' : 'blue',
        headline: completed ? t('timeline.taskCompleted') : t('timeline.taskCreated'),
        body: (
          <div style={{ wordBreak: 'break-word' }}>
            {str(d.title)}
            {!completed && str(d.dueDate) ? <Typography.Text type="secondary">{` (${t('tasks.dueOn', { date: str(d.dueDate) })})`}</Typography.Text> : null}
          </div>
        ),
      };
    }
    default:
      return { icon: <FieldTimeOutlined />, color: 'gray', headline: item.kind };
  }
}

/** The record's activity stream (follow-ups, stage moves, field changes, comments, tasks), newest first. */
export function Timeline({ objectType, recordId }: TimelineProps) {
  const { t } = useTranslation();
  const { data, isPending, isError, error, refetch, fetchNextPage, hasNextPage, isFetchingNextPage } = useTimeline(objectType, recordId);
  const { data: settings } = useActivitySettings();
  const items = data?.pages.flatMap((p) => p.items) ?? [];
  const hasStageMoves = items.some((i) => i.kind === 'stage_move');
  const { data: stageNames } = useStageNames(hasStageMoves);
  const lang = getLanguage();
  const stageName = (pipelineId: unknown, key: unknown) => {
    const k = String(key ?? '');
    const byPipeline = stageNames?.[String(pipelineId)];
    const name = byPipeline?.[k] ?? Object.values(stageNames ?? {}).find((p) => p[k])?.[k];
    return name?.[lang] ?? k;
  };

  const timelineItems: TimelineItemType[] = items.map((item) => {
    const r = renderItem(t, item, objectType, settings?.types, stageName);
    return {
      key: `${item.kind}:${item.id}`,
      icon: r.icon,
      color: r.color,
      content: (
        <div data-testid="timeline-item" data-kind={item.kind} style={{ minWidth: 0 }}>
          <Flex wrap gap={8} align="baseline">
            <Typography.Text strong>{item.actorName ?? t('timeline.system')}</Typography.Text>
            <Typography.Text>{r.headline}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(item.at)}
            </Typography.Text>
          </Flex>
          {r.body ? <div style={{ marginTop: 4 }}>{r.body}</div> : null}
        </div>
      ),
    };
  });

  return (
    <Card title={t('timeline.title')} data-testid="timeline">
      {isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : isError ? (
        <Alert type="error" showIcon title={error.message} action={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.none')} />
      ) : (
        <>
          <AntTimeline items={timelineItems} />
          {hasNextPage ? (
            <Flex justify="center">
              <Button loading={isFetchingNextPage} onClick={() => void fetchNextPage()} data-testid="timeline-load-more">
                {t('common.loadMore')}
              </Button>
            </Flex>
          ) : (
            <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', fontSize: 12 }}>
              {t('common.noMore')}
            </Typography.Text>
          )}
        </>
      )}
    </Card>
  );
}
