import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import type { Role } from '../../lib/api';
import { testId } from '../../lib/testid';
import { usePermission } from '../auth/usePermission';
import { RoleEditorDrawer } from './RoleEditorDrawer';
import { useRoles } from './useRoles';

type Editor = { role?: Role } | null;

export default function RolesPage() {
  const { t } = useTranslation();
  const can = usePermission();
  const { data = [], isPending, isError, error } = useRoles();
  const [editor, setEditor] = useState<Editor>(null);
  const canEdit = can('roles', 'edit');

  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.fields.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 180,
      render: (name: string, role) => (
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong>{name}</Typography.Text>
          {role.isSystem ? <Tag color="blue">{t('roles.system')}</Tag> : null}
        </Flex>
      ),
    },
    {
      title: t('roles.fields.dataScope'),
      dataIndex: 'dataScope',
      width: 150,
      render: (s: Role['dataScope']) => t(`roles.dataScopes.${s}`),
    },
    {
      title: t('roles.permissions'),
      key: 'permissions',
      render: (_, role) => {
        const entries = Object.entries(role.permissions).filter(([, actions]) => actions.length > 0);
        if (entries.length === 0) return <Typography.Text type="secondary">{t('roles.noPermissions')}</Typography.Text>;
        return (
          <Flex wrap gap={4}>
            {entries.map(([obj, actions]) => (
              <Tag key={obj} style={{ marginInlineEnd: 0 }}>
                {t(`objects.${obj}`, { defaultValue: obj })}
                {t('common.colon')}
                {actions.map((a) => t(`actions.${a}`, { defaultValue: a })).join(t('common.listSeparator'))}
              </Tag>
            ))}
          </Flex>
        );
      },
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 90,
      render: (_, role) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditor({ role })} data-testid="role-edit">
          {t('common.edit')}
        </Button>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('roles.title')}
        subTitle={t('roles.subtitle')}
        extra={
          can('roles', 'create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({})} data-testid="roles-create">
              {t('roles.create')}
            </Button>
          ) : null
        }
      />
      {isError ? <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} /> : null}
      <Table<Role>
        rowKey="id"
        columns={columns}
        dataSource={data}
        loading={isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(role) => testId('role-row', { 'data-id': role.id, 'data-key': role.key })}
        data-testid="roles-table"
      />
      <RoleEditorDrawer open={editor !== null} role={editor?.role} onClose={() => setEditor(null)} />
    </>
  );
}
