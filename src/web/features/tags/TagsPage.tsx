import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Grid, Input, Popconfirm, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { TagFormModal } from './TagFormModal';
import { tagColor, type TagItem } from './tagsApi';
import { useDeleteTag } from './useDeleteTag';
import { useTags } from './useTags';

/** Admin: the organization's tags — create, rename/recolour, delete everywhere. */
export default function TagsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isWide = screens.md ?? true;
  const can = usePermission();
  const canAdmin = can('roles', 'edit');
  const canCreate = can('accounts', 'edit') || can('contacts', 'edit') || can('leads', 'edit');
  const onError = useServerError();
  const tags = useTags();
  const remove = useDeleteTag();
  const [editing, setEditing] = useState<TagItem | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [search, setSearch] = useState('');
  const rows = (tags.data ?? []).filter((x) => x.name.toLowerCase().includes(search.trim().toLowerCase()));

  const openForm = (tag: TagItem | null) => {
    setEditing(tag);
    setFormOpen(true);
  };
  const doDelete = (tag: TagItem) =>
    new Promise<void>((resolve) =>
      remove.mutate(tag.id, {
        onSuccess: () => {
          message.success(t('tags.deleted'));
          resolve();
        },
        onError: (err) => {
          onError(err);
          resolve();
        },
      }),
    );

  const actions = (tag: TagItem) =>
    canAdmin ? (
      <Flex gap={4} onClick={(e) => e.stopPropagation()}>
        <Button size="small" icon={<EditOutlined />} onClick={() => openForm(tag)} aria-label={t('common.edit')} data-testid="tag-edit" />
        <Popconfirm
          title={t('tags.deleteTitle', { name: tag.name })}
          description={t('tags.deleteConfirm', { count: tag.usage ?? 0 })}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, ...testId('tag-delete-confirm') }}
          onConfirm={() => doDelete(tag)}
        >
          <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid="tag-delete" />
        </Popconfirm>
      </Flex>
    ) : null;

  const nameOf = (tag: TagItem) => (
    <Link to={`/accounts?tag=${encodeURIComponent(tag.id)}`} title={t('tags.showAccounts')}>
      <Tag color={tagColor(tag.color)} style={{ marginInlineEnd: 0 }}>
        {tag.name}
      </Tag>
    </Link>
  );

  const columns: TableColumnsType<TagItem> = [
    { title: t('tags.name'), dataIndex: 'name', render: (_, tag) => nameOf(tag) },
    { title: t('tags.usage'), dataIndex: 'usage', width: 140, render: (n: number | undefined) => n ?? 0 },
    ...(canAdmin ? [{ title: t('common.actions'), key: 'actions', width: 120, render: (_: unknown, tag: TagItem) => actions(tag) }] : []),
  ];

  return (
    <div data-testid="tags-page">
      <PageHeader
        title={t('tags.title')}
        subTitle={t('tags.subtitle')}
        extra={
          canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openForm(null)} data-testid="tags-create">
              {t('tags.create')}
            </Button>
          ) : null
        }
      />
      {!canAdmin ? <Alert type="info" showIcon title={t('tags.readOnly')} style={{ marginBottom: 16 }} /> : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Input.Search allowClear value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('tags.search')} style={{ maxWidth: 360 }} data-testid="tags-search" />
      </Card>
      {tags.isError ? <Alert type="error" showIcon title={tags.error.message} style={{ marginBottom: 16 }} /> : null}
      {isWide ? (
        <Table<TagItem>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={tags.isFetching}
          pagination={rows.length > 50 ? { pageSize: 50 } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tags.empty')} /> }}
          onRow={(tag) => testId('tag-row', { 'data-id': tag.id })}
          data-testid="tags-table"
        />
      ) : tags.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tags.empty')} />
        </Card>
      ) : (
        <Flex vertical gap={8} data-testid="tags-cards">
          {rows.map((tag) => (
            <Card key={tag.id} size="small" data-testid="tag-row" data-id={tag.id}>
              <Flex justify="space-between" align="center" gap={8}>
                <Flex vertical gap={4} style={{ minWidth: 0 }}>
                  {nameOf(tag)}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('tags.usageCount', { count: tag.usage ?? 0 })}
                  </Typography.Text>
                </Flex>
                {actions(tag)}
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
      <TagFormModal open={formOpen} tag={editing} onClose={() => setFormOpen(false)} />
    </div>
  );
}
