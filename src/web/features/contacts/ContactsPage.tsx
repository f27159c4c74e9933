import { DeleteOutlined, PlusOutlined, ReloadOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Flex, Grid, Input, Row, Select, Skeleton, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { ExportButton } from '../exports/ExportButton';
import { formatDateTime, orDash } from '../../lib/format';
import { testId } from '../../lib/testid';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { UserSelect } from '../users/UserSelect';
import { AccountSelect } from './AccountSelect';
import { ContactFormModal } from './ContactFormModal';
import type { Contact, ContactSort } from './contactsApi';
import { useContacts, useRestoreContact } from './useContacts';
import { useSetSearchParam } from '../../lib/useSetSearchParam';

const SORTS = ['updatedAt:desc', 'createdAt:desc', 'createdAt:asc', 'name:asc', 'name:desc'] as const;
type SortValue = (typeof SORTS)[number];

export default function ContactsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isWide = screens.md ?? true;
  const can = usePermission();
  const onError = useServerError();
  const restore = useRestoreContact();

  const [params] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(search.trim(), 300);
  const ownerId = params.get('owner') ?? undefined;
  const accountId = params.get('account') ?? undefined;
  const sortParam = params.get('sort');
  const sortValue: SortValue = (SORTS as readonly string[]).includes(sortParam ?? '') ? (sortParam as SortValue) : 'updatedAt:desc';
  const deleted = params.get('deleted') === '1';
  const [sort, order] = sortValue.split(':') as [ContactSort, 'asc' | 'desc'];

  const updateParam = useSetSearchParam();

  const listParams = { q: q || undefined, ownerId, accountId, sort, order, deleted: deleted || undefined };
  const contacts = useContacts(listParams);
  const rows = useMemo(() => contacts.data?.pages.flatMap((p) => p.items) ?? [], [contacts.data]);
  const [createOpen, setCreateOpen] = useState(false);

  const doRestore = (contact: Contact) =>
    restore.mutate(contact.id, { onSuccess: () => message.success(t('contacts.restored')), onError: (err) => onError(err) });
  const open = (contact: Contact) => navigate(`/contacts/${contact.id}`);
  const canRestore = deleted && can('contacts', 'delete');

  const columns: TableColumnsType<Contact> = [
    {
      title: t('contacts.fields.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 160,
      render: (name: string, record) => (
        <Flex gap={6} align="center">
          <Link to={`/contacts/${record.id}`} onClick={(e) => e.stopPropagation()} data-testid="contact-row-name">
            {name}
          </Link>
          {record.isPrimary ? <Tag color="blue">{t('contacts.primary')}</Tag> : null}
        </Flex>
      ),
    },
    {
      title: t('contacts.fields.accountId'),
      dataIndex: 'accountName',
      width: 200,
      render: (name: string | null, record) =>
        record.accountId ? (
          <Link to={`/accounts/${record.accountId}`} onClick={(e) => e.stopPropagation()}>
            {name}
          </Link>
        ) : (
          '—'
        ),
    },
    { title: t('contacts.fields.title'), dataIndex: 'title', width: 120, render: orDash },
    { title: t('contacts.fields.mobile'), dataIndex: 'mobile', width: 140, render: orDash },
    { title: t('contacts.fields.email'), dataIndex: 'email', width: 180, render: orDash },
    { title: t('contacts.fields.ownerId'), dataIndex: 'ownerName', width: 110, render: orDash },
    deleted
      ? { title: t('contacts.fields.deletedAt'), dataIndex: 'deletedAt', width: 170, render: formatDateTime }
      : { title: t('contacts.fields.updatedAt'), dataIndex: 'updatedAt', width: 170, render: formatDateTime },
  ];
  if (canRestore) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 110,
      render: (_, record) => (
        <Button
          size="small"
          icon={<UndoOutlined />}
          loading={restore.isPending && restore.variables === record.id}
          onClick={(e) => {
            e.stopPropagation();
            doRestore(record);
          }}
          data-testid="contact-row-restore"
        >
          {t('accounts.restore')}
        </Button>
      ),
    });
  }

  const emptyText = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={deleted ? t('accounts.trashEmpty') : q || ownerId || accountId ? t('contacts.noMatch') : t('contacts.empty')}
    />
  );

  return (
    <>
      <PageHeader
        title={deleted ? t('contacts.trashTitle') : t('contacts.title')}
        extra={
          <>
            {can('contacts', 'export') ? <ExportButton objectType="contacts" params={listParams} /> : null}
            <Button icon={<ReloadOutlined />} onClick={() => void contacts.refetch()} aria-label={t('common.refresh')} data-testid="contacts-refresh" />
            {can('contacts', 'import') && !deleted ? (
              <Link to="/imports/new?objectType=contacts">
                <Button icon={<UploadOutlined />} data-testid="contacts-import">
                  {t('imports.button')}
                </Button>
              </Link>
            ) : null}
            {can('contacts', 'create') && !deleted ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="contacts-create">
                {t('contacts.create')}
              </Button>
            ) : null}
          </>
        }
      />

      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} md={8} lg={7}>
            <Input.Search
              allowClear
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(v) => {
                setSearch(v);
                updateParam('q', v.trim() || undefined);
              }}
              onBlur={() => updateParam('q', search.trim() || undefined)}
              placeholder={t('contacts.searchPlaceholder')}
              data-testid="contacts-search"
            />
          </Col>
          <Col xs={12} md={5} lg={5}>
            <AccountSelect
              allowClear
              value={accountId}
              onChange={(v) => updateParam('account', v)}
              style={{ width: '100%' }}
              data-testid="contacts-account-filter"
            />
          </Col>
          <Col xs={12} md={5} lg={4}>
            <UserSelect
              allowClear
              activeOnly={false}
              value={ownerId}
              onChange={(v) => updateParam('owner', v)}
              placeholder={t('accounts.ownerFilter')}
              style={{ width: '100%' }}
              data-testid="contacts-owner-filter"
            />
          </Col>
          <Col xs={14} md={6} lg={4}>
            <Select<SortValue>
              value={sortValue}
              onChange={(v) => updateParam('sort', v === 'updatedAt:desc' ? undefined : v)}
              options={SORTS.map((s) => ({ value: s, label: t(`accounts.sort.${s.replace(':', '_')}`) }))}
              style={{ width: '100%' }}
              data-testid="contacts-sort"
              aria-label={t('accounts.sortLabel')}
            />
          </Col>
          <Col xs={10} md={24} lg={4} style={{ textAlign: isWide ? undefined : 'right' }}>
            {can('contacts', 'delete') ? (
              <Flex align="center" gap={8} justify={isWide ? 'flex-start' : 'flex-end'}>
                <Switch size="small" checked={deleted} onChange={(v) => updateParam('deleted', v ? '1' : undefined)} data-testid="contacts-show-deleted" />
                <Typography.Text>
                  <DeleteOutlined /> {t('accounts.trash')}
                </Typography.Text>
              </Flex>
            ) : null}
          </Col>
        </Row>
      </Card>

      {contacts.isError ? <Alert type="error" showIcon title={contacts.error.message} style={{ marginBottom: 16 }} /> : null}

      {isWide ? (
        <Table<Contact>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={contacts.isFetching && !contacts.isFetchingNextPage}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText }}
          onRow={(record) => ({ ...testId('contact-row', { 'data-id': record.id }), onClick: () => open(record), style: { cursor: 'pointer' } })}
          data-testid="contacts-table"
        />
      ) : contacts.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Card>{emptyText}</Card>
      ) : (
        <Flex vertical gap={8} data-testid="contacts-cards">
          {rows.map((c) => (
            <Card key={c.id} size="small" hoverable onClick={() => open(c)} data-testid="contact-row" data-id={c.id}>
              <Flex justify="space-between" align="flex-start" gap={8}>
                <Typography.Text strong style={{ fontSize: 15 }}>
                  {c.name}
                  {c.title ? <Typography.Text type="secondary"> · {c.title}</Typography.Text> : null}
                </Typography.Text>
                {c.isPrimary ? <Tag color="blue" style={{ marginInlineEnd: 0 }}>{t('contacts.primary')}</Tag> : null}
              </Flex>
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 13 }}>
                {[c.accountName, c.mobile, c.ownerName].filter(Boolean).join(' · ') || '—'}
              </Typography.Text>
              <Flex justify="space-between" align="center" style={{ marginTop: 6 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {deleted
                    ? `${t('contacts.fields.deletedAt')} ${formatDateTime(c.deletedAt)}`
                    : `${t('contacts.fields.updatedAt')} ${formatDateTime(c.updatedAt)}`}
                </Typography.Text>
                {canRestore ? (
                  <Button
                    size="small"
                    icon={<UndoOutlined />}
                    onClick={(e) => {
                      e.stopPropagation();
                      doRestore(c);
                    }}
                    data-testid="contact-row-restore"
                  >
                    {t('accounts.restore')}
                  </Button>
                ) : null}
              </Flex>
            </Card>
          ))}
        </Flex>
      )}

      <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }} wrap>
        {rows.length > 0 ? (
          <Typography.Text type="secondary" data-testid="contacts-count">
            {t('common.loadedCount', { count: rows.length })}
          </Typography.Text>
        ) : null}
        {contacts.hasNextPage ? (
          <Button onClick={() => void contacts.fetchNextPage()} loading={contacts.isFetchingNextPage} data-testid="contacts-load-more">
            {t('common.loadMore')}
          </Button>
        ) : rows.length > 0 ? (
          <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        ) : null}
      </Flex>

      <ContactFormModal open={createOpen} onClose={() => setCreateOpen(false)} />
    </>
  );
}
