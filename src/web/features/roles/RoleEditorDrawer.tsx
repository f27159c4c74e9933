import { App, Alert, Button, Checkbox, Divider, Drawer, Flex, Form, Grid, Input, Select, Skeleton, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DATA_SCOPES, FIELD_MASKS, type DataScope, type FieldMask, type Permissions, type Role, type RoleCatalog } from '../../lib/api';
import { useServerError } from '../../lib/useServerError';
import { useCreateRole } from './useCreateRole';
import { useRoleCatalog } from './useRoleCatalog';
import { useUpdateRole } from './useUpdateRole';

const ACTION_ORDER = ['view', 'create', 'edit', 'delete', 'export', 'import', 'transfer'];

type CatalogObject = RoleCatalog['objects'][number];

interface Props {
  open: boolean;
  /** Role being edited; absent when creating. */
  role?: Role;
  onClose: () => void;
}

function maskKey(objectKey: string, fieldKey: string) {
  return `${objectKey}.${fieldKey}`;
}

export function RoleEditorDrawer({ open, role, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<{ name: string; dataScope: DataScope }>();
  const catalog = useRoleCatalog();
  const create = useCreateRole();
  const update = useUpdateRole();
  const onError = useServerError();
  const [permissions, setPermissions] = useState<Permissions>({});
  const [fieldMasks, setFieldMasks] = useState<Record<string, FieldMask>>({});

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(role ? { name: role.name, dataScope: role.dataScope } : { dataScope: 'own' });
    setPermissions(role ? structuredClone(role.permissions) : { accounts: ['view', 'create', 'edit'] });
    setFieldMasks(role ? { ...role.fieldMasks } : {});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const objects = catalog.data?.objects ?? [];
  const actions = useMemo(() => {
    const all = new Set(objects.flatMap((o) => o.actions));
    return [...ACTION_ORDER.filter((a) => all.has(a)), ...[...all].filter((a) => !ACTION_ORDER.includes(a))];
  }, [objects]);

  const has = (objectKey: string, action: string) => permissions[objectKey]?.includes(action) ?? false;
  const toggle = (objectKey: string, action: string, checked: boolean) => {
    setPermissions((prev) => {
      const current = new Set(prev[objectKey] ?? []);
      if (checked) {
        current.add(action);
        if (action !== 'view') current.add('view'); // any action implies seeing the records
      } else {
        current.delete(action);
        if (action === 'view') current.clear(); // nothing else makes sense without view
      }
      return { ...prev, [objectKey]: ACTION_ORDER.filter((a) => current.has(a)).concat([...current].filter((a) => !ACTION_ORDER.includes(a))) };
    });
  };
  const toggleRow = (obj: CatalogObject, checked: boolean) =>
    setPermissions((prev) => ({ ...prev, [obj.key]: checked ? [...obj.actions] : [] }));

  const matrixColumns: TableColumnsType<CatalogObject> = [
    {
      title: t('roles.object'),
      key: 'object',
      fixed: 'left',
      width: 130,
      render: (_, obj) => {
        const count = permissions[obj.key]?.length ?? 0;
        return (
          <Checkbox
            checked={count > 0 && count === obj.actions.length}
            indeterminate={count > 0 && count < obj.actions.length}
            onChange={(e) => toggleRow(obj, e.target.checked)}
            data-testid={`role-perm-${obj.key}-all`}
          >
            {t(`objects.${obj.key}`, { defaultValue: obj.key })}
          </Checkbox>
        );
      },
    },
    ...actions.map((action) => ({
      title: t(`actions.${action}`, { defaultValue: action }),
      key: action,
      align: 'center' as const,
      width: 72,
      render: (_: unknown, obj: CatalogObject) =>
        obj.actions.includes(action) ? (
          <Checkbox
            checked={has(obj.key, action)}
            onChange={(e) => toggle(obj.key, action, e.target.checked)}
            data-testid={`role-perm-${obj.key}-${action}`}
            aria-label={`${t(`objects.${obj.key}`, { defaultValue: obj.key })} ${t(`actions.${action}`, { defaultValue: action })}`}
          />
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    })),
  ];

  const maskOptions = FIELD_MASKS.map((m) => ({ value: m, label: t(`roles.masks.${m}`) }));
  const maskable = objects.filter((o) => o.fields.length > 0);

  const submit = async () => {
    const values = await form.validateFields();
    // Keep only objects that exist in the catalog and masks that differ from "none".
    const cleanPermissions: Permissions = {};
    for (const obj of objects) cleanPermissions[obj.key] = (permissions[obj.key] ?? []).filter((a) => obj.actions.includes(a));
    const cleanMasks: Record<string, FieldMask> = {};
    for (const obj of maskable) {
      for (const f of obj.fields) {
        const key = maskKey(obj.key, f.key);
        cleanMasks[key] = fieldMasks[key] ?? 'none';
      }
    }
    const input = { name: values.name.trim(), dataScope: values.dataScope, permissions: cleanPermissions, fieldMasks: cleanMasks };
    if (!role) {
      create.mutate(input, {
        onSuccess: () => {
          message.success(t('roles.created'));
          onClose();
        },
        onError: (err) => onError(err, form),
      });
      return;
    }
    update.mutate(
      { id: role.id, patch: { ...input, version: role.version } },
      {
        onSuccess: () => {
          message.success(t('common.saved'));
          onClose();
        },
        onError: (err) => onError(err, form, { onVersionConflict: onClose }),
      },
    );
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={role ? t('roles.editTitle', { name: role.name }) : t('roles.createTitle')}
      size={screens.md ? 760 : '100%'}
      forceRender
      data-testid="role-editor"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending || update.isPending} onClick={() => void submit().catch(() => undefined)} data-testid="role-form-submit">
            {role ? t('common.save') : t('common.create')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical">
        <Flex gap={16} wrap>
          <Form.Item
            name="name"
            label={t('roles.fields.name')}
            style={{ flex: '1 1 220px' }}
            rules={[
              { required: true, whitespace: true, message: t('validation.required') },
              { max: 50, message: t('validation.maxLength', { count: 50 }) },
            ]}
          >
            <Input data-testid="role-form-name" />
          </Form.Item>
          <Form.Item
            name="dataScope"
            label={t('roles.fields.dataScope')}
            style={{ flex: '1 1 220px' }}
            rules={[{ required: true, message: t('validation.required') }]}
            tooltip={t('roles.dataScopeHint')}
          >
            <Select<DataScope>
              options={DATA_SCOPES.map((s) => ({ value: s, label: t(`roles.dataScopes.${s}`) }))}
              data-testid="role-form-data-scope"
            />
          </Form.Item>
        </Flex>
      </Form>

      <Divider titlePlacement="start" style={{ marginTop: 0 }}>
        {t('roles.permissions')}
      </Divider>
      {catalog.isPending ? (
        <Skeleton active />
      ) : catalog.isError ? (
        <Alert type="error" showIcon title={catalog.error.message} />
      ) : (
        <Table<CatalogObject>
          rowKey="key"
          size="small"
          columns={matrixColumns}
          dataSource={objects}
          pagination={false}
          scroll={{ x: 'max-content' }}
          bordered
          data-testid="role-permission-matrix"
        />
      )}

      {maskable.length > 0 ? (
        <>
          <Divider titlePlacement="start">{t('roles.fieldMasks')}</Divider>
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {t('roles.fieldMasksHint')}
          </Typography.Paragraph>
          <Flex vertical gap={16}>
            {maskable.map((obj) => (
              <div key={obj.key}>
                <Typography.Text strong>{t(`objects.${obj.key}`, { defaultValue: obj.key })}</Typography.Text>
                <Flex vertical gap={8} style={{ marginTop: 8 }}>
                  {obj.fields.map((f) => {
                    const key = maskKey(obj.key, f.key);
                    return (
                      <Flex key={key} align="center" justify="space-between" gap={12} wrap>
                        <span>
                          {t(`${obj.key}.fields.${f.key}`, { defaultValue: f.key })}
                          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                            {t(`roles.maskKinds.${f.maskKind}`)}
                          </Typography.Text>
                        </span>
                        <Select<FieldMask>
                          value={fieldMasks[key] ?? 'none'}
                          onChange={(v) => setFieldMasks((prev) => ({ ...prev, [key]: v }))}
                          options={maskOptions}
                          style={{ width: 160 }}
                          data-testid={`role-mask-${obj.key}-${f.key}`}
                        />
                      </Flex>
                    );
                  })}
                </Flex>
              </div>
            ))}
          </Flex>
        </>
      ) : null}
    </Drawer>
  );
}
