import { HistoryOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HistoryEvent } from '../../lib/api';
import { formatDateTime } from '../../lib/format';

const ACTION_COLORS: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  restore: 'cyan',
  transfer: 'purple',
  convert: 'gold',
};

function renderValue(value: unknown, empty: string, yes: string, no: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (typeof value === 'boolean') return value ? yes : no;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

interface Props {
  /** i18n prefix of the record's field labels, e.g. "contacts" → contacts.fields.<field> */
  objectKey: 'contacts' | 'leads';
  query: { data?: { items: HistoryEvent[] }; isPending: boolean; isError: boolean; error: Error | null };
  /** labels of custom fields by key */
  customFieldLabels?: Record<string, string>;
}

/** The change history panel of a contact or lead (same look as the account history). */
export function RecordHistory({ objectKey, query, customFieldLabels = {} }: Props) {
  const { t } = useTranslation();
  const { data, isPending, isError, error } = query;
  const empty = t('history.empty');
  const label = (field: string) =>
    field.startsWith('customFields.') ? (customFieldLabels[field.slice(13)] ?? field.slice(13)) : t(`${objectKey}.fields.${field}`, { defaultValue: field });
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          <HistoryOutlined />
          {t('history.title')}
        </Flex>
      }
      data-testid={`${objectKey === 'contacts' ? 'contact' : 'lead'}-history`}
    >
      {isPending ? (
        <Skeleton active />
      ) : isError ? (
        <Alert type="error" showIcon title={error?.message} />
      ) : !data || data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.none')} />
      ) : (
        <Flex vertical gap={16}>
          {data.items.map((event) => (
            <div
              key={event.id}
              data-testid="history-item"
              data-action={event.action}
              style={{ borderInlineStart: '2px solid #e6f0ff', paddingInlineStart: 12, paddingBlock: 4 }}
            >
              <Flex wrap gap={8} align="center">
                <Tag color={ACTION_COLORS[event.action] ?? 'default'} style={{ marginInlineEnd: 0 }}>
                  {t(`history.actions.${event.action}`, { defaultValue: event.action })}
                </Tag>
                <Typography.Text strong>{event.actorName ?? t('history.system')}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(event.occurredAt)}
                </Typography.Text>
              </Flex>
              {event.changes.length > 0 ? (
                <ul style={{ margin: '6px 0 0', paddingInlineStart: 18 }}>
                  {event.changes.map((c, i) => (
                    <li key={`${c.field}-${i}`} data-testid="history-change" data-field={c.field} style={{ wordBreak: 'break-word' }}>
                      <Typography.Text type="secondary">
                        {label(c.field)}
                        {t('common.colon')}
                      </Typography.Text>
                      <Typography.Text delete={c.old !== null && c.old !== undefined && c.old !== ''} type="secondary">
                        {renderValue(c.oldLabel ?? c.old, empty, t('contacts.yes'), t('contacts.no'))}
                      </Typography.Text>
                      <span style={{ margin: '0 6px' }}>→</span>
                      <Typography.Text>{renderValue(c.newLabel ?? c.new, empty, t('contacts.yes'), t('contacts.no'))}</Typography.Text>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}
