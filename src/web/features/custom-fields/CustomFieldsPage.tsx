import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Popconfirm, Switch, Table, Tabs, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOM_FIELD_OBJECT_TYPES, labelOf, type CustomFieldObjectType } from '../../../core/custom-fields/types';
import { PageHeader } from '../../components/PageHeader';
import { getLanguage } from '../../lib/i18n';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import type { CustomFieldDefinition } from './customFieldsApi';
import { CustomFieldFormModal } from './CustomFieldFormModal';
import { useCustomFieldDefinitions, useDeleteCustomField, useReorderCustomFields, useUpdateCustomField } from './useCustomFieldDefinitions';

function FieldTable({ objectType, canEdit }: { objectType: CustomFieldObjectType; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const { data = [], isPending, isError, error } = useCustomFieldDefinitions(objectType);
  const update = useUpdateCustomField();
  const remove = useDeleteCustomField();
  const reorder = useReorderCustomFields();
  const [editing, setEditing] = useState<CustomFieldDefinition | undefined>();
  const [formOpen, setFormOpen] = useState(false);
  const lang = getLanguage();

  const move = (index: number, delta: number) => {
    const ids = data.map((d) => d.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + delta, 0, id!);
    reorder.mutate({ objectType, ids }, { onError: (err) => onError(err) });
  };

  const columns: TableColumnsType<CustomFieldDefinition> = [
    {
      title: t('customFields.label'),
      key: 'label',
      render: (_, d) => (
        <Flex gap={6} align="center" wrap>
          <span data-testid="cf-row-label">{labelOf(d, lang)}</span>
          {d.required ? <Tag color="red">{t('customFields.required')}</Tag> : null}
          {d.unique ? <Tag color="blue">{t('customFields.unique')}</Tag> : null}
        </Flex>
      ),
    },
    { title: t('customFields.key'), dataIndex: 'key', render: (k: string) => <code>{k}</code> },
    { title: t('customFields.type'), dataIndex: 'type', render: (ty: string) => t(`customFields.types.${ty}`) },
    {
      title: t('customFields.active'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean, d) => (
        <Switch
          size="small"
          checked={active}
          disabled={!canEdit}
          loading={update.isPending && update.variables?.id === d.id}
          onChange={(v) => update.mutate({ id: d.id, patch: { active: v, version: d.version } }, { onError: (err) => onError(err) })}
          data-testid="cf-row-active"
        />
      ),
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_, d, index) => (
        <Flex gap={4}>
          <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} aria-label={t('customFields.moveUp')} />
          <Button size="small" icon={<ArrowDownOutlined />} disabled={index === data.length - 1} onClick={() => move(index, 1)} aria-label={t('customFields.moveDown')} />
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => {
              setEditing(d);
              setFormOpen(true);
            }}
            data-testid="cf-row-edit"
            aria-label={t('common.edit')}
          />
          {d.hasValues ? (
            <Tooltip title={t('customFields.hasValuesHint')}>
              <Button size="small" icon={<DeleteOutlined />} disabled aria-label={t('common.delete')} />
            </Tooltip>
          ) : (
            <Popconfirm
              title={t('customFields.deleteConfirm')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                remove.mutate({ id: d.id, version: d.version }, { onSuccess: () => message.success(t('customFields.deleted')), onError: (err) => onError(err) })
              }
            >
              <Button size="small" danger icon={<DeleteOutlined />} data-testid="cf-row-delete" aria-label={t('common.delete')} />
            </Popconfirm>
          )}
        </Flex>
      ),
    });
  }

  return (
    <>
      {canEdit ? (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setEditing(undefined);
              setFormOpen(true);
            }}
            data-testid="cf-create"
          >
            {t('customFields.create')}
          </Button>
        </Flex>
      ) : null}
      {isError ? <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} /> : null}
      <Table<CustomFieldDefinition>
        rowKey="id"
        columns={columns}
        dataSource={data}
        loading={isPending || reorder.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('customFields.empty') }}
        onRow={(d) => ({ 'data-testid': 'cf-row', 'data-key': d.key, style: d.active ? undefined : { opacity: 0.55 } }) as never}
        data-testid={`cf-table-${objectType}`}
      />
      <CustomFieldFormModal open={formOpen} objectType={objectType} field={editing} onClose={() => setFormOpen(false)} />
    </>
  );
}

/** Custom fields: the admin page (list per object type, create/edit, reorder, deactivate, delete unused). */
export default function CustomFieldsPage() {
  const { t } = useTranslation();
  const can = usePermission();
  const canEdit = can('roles', 'edit');
  const [tab, setTab] = useState<CustomFieldObjectType>('accounts');
  return (
    <>
      <PageHeader title={t('customFields.title')} />
      <Card>
        <Alert type="info" showIcon title={t('customFields.intro')} style={{ marginBottom: 12 }} />
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as CustomFieldObjectType)}
          items={CUSTOM_FIELD_OBJECT_TYPES.map((o) => ({
            key: o,
            label: t(`customFields.objects.${o}`),
            children: tab === o ? <FieldTable objectType={o} canEdit={canEdit} /> : null,
          }))}
          data-testid="cf-tabs"
        />
      </Card>
    </>
  );
}
