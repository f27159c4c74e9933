import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePermission } from '../auth/usePermission';
import { ContactFormModal } from './ContactFormModal';
import { useContacts } from './useContacts';

/** The contacts of an account, on the account's detail page, with "add contact". */
export function AccountContactsCard({ accountId, accountName, readOnly = false }: { accountId: string; accountName?: string; readOnly?: boolean }) {
  const { t } = useTranslation();
  const can = usePermission();
  const [createOpen, setCreateOpen] = useState(false);
  const enabled = can('contacts', 'view');
  const contacts = useContacts({ accountId, sort: 'name', order: 'asc' });
  const rows = useMemo(() => contacts.data?.pages.flatMap((p) => p.items) ?? [], [contacts.data]);
  if (!enabled) return null;

  return (
    <Card
      title={
        <Flex gap={8} align="center">
          <TeamOutlined />
          {t('contacts.title')}
        </Flex>
      }
      extra={
        can('contacts', 'create') && !readOnly ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="account-contacts-add">
            {t('contacts.add')}
          </Button>
        ) : null
      }
      data-testid="account-contacts"
    >
      {contacts.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : contacts.isError ? (
        <Alert type="error" showIcon title={contacts.error.message} />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contacts.noneForAccount')} />
      ) : (
        <List
          size="small"
          dataSource={rows}
          renderItem={(c) => (
            <List.Item data-testid="account-contact-item" data-id={c.id}>
              <Flex vertical style={{ minWidth: 0 }}>
                <Flex gap={6} align="center" wrap>
                  <Link to={`/contacts/${c.id}`}>{c.name}</Link>
                  {c.title ? <Typography.Text type="secondary">{c.title}</Typography.Text> : null}
                  {c.isPrimary ? <Tag color="blue">{t('contacts.primary')}</Tag> : null}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[c.mobile, c.email].filter(Boolean).join(' · ') || '—'}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {contacts.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 8 }}>
          <Button size="small" onClick={() => void contacts.fetchNextPage()} loading={contacts.isFetchingNextPage} data-testid="account-contacts-load-more">
            {t('common.loadMore')}
          </Button>
        </Flex>
      ) : null}
      <ContactFormModal open={createOpen} account={{ id: accountId, name: accountName ?? '' }} onClose={() => setCreateOpen(false)} />
    </Card>
  );
}
