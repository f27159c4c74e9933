import { HistoryOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HistoryAction, HistoryEvent } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { labelOf } from '../../../core/custom-fields/types';
import { formatCustomFieldValue } from '../../../core/custom-fields/values';
import { getLanguage } from '../../lib/i18n';
import { useCustomFieldDefinitions } from '../custom-fields/useCustomFieldDefinitions';
import { useAccountHistory } from './useAccountHistory';

const ACTION_COLORS: Record<HistoryAction, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  restore: 'cyan',
  transfer: 'purple',
};

function renderValue(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function HistoryItem({ event }: { event: HistoryEvent }) {
  const { t } = useTranslation();
  const empty = t('history.empty');
  // custom fields ("customFields.<key>"): the field's name, values formatted by type
  const { data: cfDefs = [] } = useCustomFieldDefinitions('accounts');
  const cfDef = (field: string) => (field.startsWith('customFields.') ? cfDefs.find((d) => `customFields.${d.key}` === field) : undefined);
  const show = (field: string, value: unknown, label: string | null | undefined) => {
    const def = cfDef(field);
    if (label != null || !def || value === null || value === undefined) return renderValue(label ?? value, empty);
    return formatCustomFieldValue(def, value, getLanguage());
  };
  return (
    <div
      data-testid="account-history-item"
      data-action={event.action}
      style={{ borderInlineStart: '2px solid #e6f0ff', paddingInlineStart: 12, paddingBlock: 4 }}
    >
      <Flex wrap gap={8} align="center">
        <Tag color={ACTION_COLORS[event.action] ?? 'default'} style={{ marginInlineEnd: 0 }}>
          {t(`history.actions.${event.action}`, { defaultValue: event.action })}
        </Tag>
        <Typography.Text strong data-testid="account-history-actor">
          {event.actorName ?? t('history.system')}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="account-history-time">
          {formatDateTime(event.occurredAt)}
        </Typography.Text>
      </Flex>
      {event.changes.length > 0 ? (
        <ul style={{ margin: '6px 0 0', paddingInlineStart: 18 }}>
          {event.changes.map((c, i) => (
            <li key={`${c.field}-${i}`} data-testid="account-history-change" data-field={c.field} style={{ wordBreak: 'break-word' }}>
              <Typography.Text type="secondary">
                {cfDef(c.field) ? labelOf(cfDef(c.field)!, getLanguage()) : t(`accounts.fields.${c.field}`, { defaultValue: c.field })}
                {t('common.colon')}
              </Typography.Text>
              <Typography.Text delete={c.old !== null && c.old !== undefined && c.old !== ''} type="secondary">
                {show(c.field, c.old, c.oldLabel)}
              </Typography.Text>
              <span style={{ margin: '0 6px' }}>→</span>
              <Typography.Text>{show(c.field, c.new, c.newLabel)}</Typography.Text>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function AccountHistory({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { data, isPending, isError, error } = useAccountHistory(accountId);

  return (
    <Card
      title={
        <Flex gap={8} align="center">
          <HistoryOutlined />
          {t('history.title')}
        </Flex>
      }
      data-testid="account-history"
    >
      {isPending ? (
        <Skeleton active />
      ) : isError ? (
        <Alert type="error" showIcon title={error.message} />
      ) : data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.none')} />
      ) : (
        <Flex vertical gap={16}>
          {data.items.map((event) => (
            <HistoryItem key={event.id} event={event} />
          ))}
        </Flex>
      )}
    </Card>
  );
}
