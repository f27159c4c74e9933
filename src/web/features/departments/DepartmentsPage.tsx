import { DeleteOutlined, EditOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Skeleton, Tag, Tooltip, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import type { Department } from '../../lib/api';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { DepartmentFormModal } from './DepartmentFormModal';
import { buildDepartmentTree, type DepartmentNode } from './departmentTree';
import { useDeleteDepartment } from './useDeleteDepartment';
import { useDepartments } from './useDepartments';

type Editor = { mode: 'create'; parentId: string | null } | { mode: 'edit'; department: Department } | null;

export default function DepartmentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = usePermission();
  const onError = useServerError();
  const { data = [], isPending, isError, error } = useDepartments();
  const remove = useDeleteDepartment();
  const [editor, setEditor] = useState<Editor>(null);
  // Everything starts expanded (including departments added later); track what the user folded.
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());

  const canCreate = can('departments', 'create');
  const canEdit = can('departments', 'edit');
  const canDelete = can('departments', 'delete');

  const treeData = useMemo(() => {
    const toNode = (n: DepartmentNode): TreeDataNode => ({
      key: n.id,
      title: (
        <Flex
          align="center"
          justify="space-between"
          gap={8}
          wrap
          style={{ width: '100%', paddingBlock: 2 }}
          data-testid="department-node"
          data-id={n.id}
          data-name={n.name}
        >
          <Flex align="center" gap={8} wrap style={{ minWidth: 0 }}>
            <Typography.Text strong>{n.name}</Typography.Text>
            <Tag icon={<UserOutlined />} style={{ marginInlineEnd: 0 }}>
              {t('departments.memberCount', { count: n.memberCount })}
            </Tag>
            {n.managerName ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('departments.managerLabel', { name: n.managerName })}
              </Typography.Text>
            ) : null}
          </Flex>
          <Flex gap={2} onClick={(e) => e.stopPropagation()}>
            {canCreate ? (
              <Tooltip title={t('departments.addChild')}>
                <Button
                  size="small"
                  type="text"
                  icon={<PlusOutlined />}
                  onClick={() => setEditor({ mode: 'create', parentId: n.id })}
                  aria-label={t('departments.addChild')}
                  data-testid="department-add-child"
                />
              </Tooltip>
            ) : null}
            {canEdit ? (
              <Tooltip title={t('common.edit')}>
                <Button
                  size="small"
                  type="text"
                  icon={<EditOutlined />}
                  onClick={() => setEditor({ mode: 'edit', department: n })}
                  aria-label={t('common.edit')}
                  data-testid="department-edit"
                />
              </Tooltip>
            ) : null}
            {canDelete ? (
              <Popconfirm
                title={t('departments.deleteConfirm', { name: n.name })}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true, ...testId('department-delete-confirm') }}
                onConfirm={() =>
                  new Promise<void>((resolve) =>
                    remove.mutate(n.id, {
                      onSuccess: () => {
                        message.success(t('departments.deleted'));
                        resolve();
                      },
                      onError: (err) => {
                        onError(err);
                        resolve();
                      },
                    }),
                  )
                }
              >
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  data-testid="department-delete"
                />
              </Popconfirm>
            ) : null}
          </Flex>
        </Flex>
      ),
      children: n.children.map(toNode),
    });
    return buildDepartmentTree(data).map(toNode);
  }, [data, t, canCreate, canEdit, canDelete, remove, message, onError]);

  return (
    <>
      <PageHeader
        title={t('departments.title')}
        subTitle={t('departments.subtitle')}
        extra={
          canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ mode: 'create', parentId: null })} data-testid="departments-create">
              {t('departments.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        {isPending ? (
          <Skeleton active />
        ) : isError ? (
          <Alert type="error" showIcon title={error.message} />
        ) : treeData.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('departments.empty')} />
        ) : (
          <Tree
            treeData={treeData}
            expandedKeys={data.filter((d) => !collapsed.has(d.id)).map((d) => d.id)}
            onExpand={(_, info) => {
              const key = String(info.node.key);
              setCollapsed((prev) => {
                const next = new Set(prev);
                if (info.expanded) next.delete(key);
                else next.add(key);
                return next;
              });
            }}
            blockNode
            selectable={false}
            showLine
            data-testid="department-tree"
          />
        )}
      </Card>
      <DepartmentFormModal
        open={editor !== null}
        department={editor?.mode === 'edit' ? editor.department : undefined}
        parentId={editor?.mode === 'create' ? editor.parentId : null}
        onClose={() => setEditor(null)}
      />
    </>
  );
}
