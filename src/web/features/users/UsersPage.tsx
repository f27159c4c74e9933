import { EditOutlined, PlusOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Input, Row, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import type { User } from '../../lib/api';
import { formatDate, orDash } from '../../lib/format';
import { testId } from '../../lib/testid';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { usePermission } from '../auth/usePermission';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { HandoverWizard } from '../handover/HandoverWizard';
import { UserFormModal } from './UserFormModal';
import { useUsers } from './useUsers';

type Editor = { user?: User } | null;

export default function UsersPage() {
  const { t } = useTranslation();
  const can = usePermission();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const users = useUsers({ q: q || undefined, departmentId });
  const rows = useMemo(() => users.data?.pages.flatMap((p) => p.items) ?? [], [users.data]);
  const [editor, setEditor] = useState<Editor>(null);
  const [handoverOf, setHandoverOf] = useState<User | null>(null);
  const canEdit = can('users', 'edit');

  const columns: TableColumnsType<User> = [
    {
      title: t('users.fields.displayName'),
      dataIndex: 'displayName',
      fixed: 'left',
      width: 140,
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    { title: t('fields.email'), dataIndex: 'email', width: 200, render: orDash },
    { title: t('fields.mobile'), dataIndex: 'mobile', width: 140, render: orDash },
    { title: t('users.fields.department'), dataIndex: 'departmentName', width: 140, render: orDash },
    { title: t('users.fields.role'), dataIndex: 'roleName', width: 140, render: orDash },
    {
      title: t('users.fields.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: User['status']) => (
        <Tag color={s === 'active' ? 'green' : 'default'} data-testid="user-status">
          {t(`users.status.${s}`)}
        </Tag>
      ),
    },
    { title: t('users.fields.createdAt'), dataIndex: 'createdAt', width: 120, render: formatDate },
  ];
  if (canEdit) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 200,
      render: (_, record) => (
        <Flex gap={6}>
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditor({ user: record })} data-testid="user-edit">
            {t('common.edit')}
          </Button>
          <Button size="small" icon={<UserSwitchOutlined />} onClick={() => setHandoverOf(record)} data-testid="user-handover">
            {t('handover.action')}
          </Button>
        </Flex>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          can('users', 'create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({})} data-testid="users-create">
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]}>
          <Col xs={24} md={10} lg={8}>
            <Input.Search
              allowClear
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={setSearch}
              placeholder={t('users.searchPlaceholder')}
              data-testid="users-search"
            />
          </Col>
          <Col xs={24} md={8} lg={6}>
            <DepartmentTreeSelect
              allowClear
              value={departmentId}
              onChange={setDepartmentId}
              placeholder={t('users.departmentFilter')}
              style={{ width: '100%' }}
              data-testid="users-department-filter"
            />
          </Col>
        </Row>
      </Card>
      {users.isError ? <Alert type="error" showIcon title={users.error.message} style={{ marginBottom: 16 }} /> : null}
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={users.isFetching && !users.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(record) => testId('user-row', { 'data-id': record.id })}
        data-testid="users-table"
      />
      {users.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage} data-testid="users-load-more">
            {t('common.loadMore')}
          </Button>
        </Flex>
      ) : null}
      <UserFormModal open={editor !== null} user={editor?.user} onClose={() => setEditor(null)} />
      <HandoverWizard open={handoverOf !== null} userId={handoverOf?.id} userName={handoverOf?.displayName} onClose={() => setHandoverOf(null)} />
    </>
  );
}
