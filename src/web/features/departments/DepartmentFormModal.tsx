import { App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type Department } from '../../lib/api';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { UserSelect } from '../users/UserSelect';
import { DepartmentTreeSelect } from './DepartmentTreeSelect';
import { useCreateDepartment } from './useCreateDepartment';
import { useUpdateDepartment } from './useUpdateDepartment';

interface Values {
  name: string;
  parentId?: string | null;
  managerId?: string | null;
}

interface Props {
  open: boolean;
  /** Department being edited; absent when creating. */
  department?: Department;
  /** Pre-selected parent when creating a sub-department. */
  parentId?: string | null;
  onClose: () => void;
}

export function DepartmentFormModal({ open, department, parentId, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const onError = useServerError();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      department
        ? { name: department.name, parentId: department.parentId ?? undefined, managerId: department.managerId ?? undefined }
        : { parentId: parentId ?? undefined },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async () => {
    const values = await form.validateFields();
    const name = values.name.trim();
    const parent = values.parentId ?? null;
    const manager = values.managerId ?? null;
    if (!department) {
      create.mutate(
        { name, parentId: parent, managerId: manager },
        {
          onSuccess: () => {
            message.success(t('departments.created'));
            onClose();
          },
          onError: (err) => onError(err, form),
        },
      );
      return;
    }
    const patch: { name?: string; parentId?: string | null; managerId?: string | null; version: number } = {
      version: department.version,
    };
    if (name !== department.name) patch.name = name;
    if (parent !== department.parentId) patch.parentId = parent;
    if (manager !== department.managerId) patch.managerId = manager;
    update.mutate(
      { id: department.id, patch },
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
    <Modal
      open={open}
      title={department ? t('departments.editTitle') : t('departments.createTitle')}
      okText={department ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={testId('department-form-submit')}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="name"
          label={t('departments.fields.name')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 100, message: t('validation.maxLength', { count: 100 }) },
          ]}
        >
          <Input data-testid="department-form-name" />
        </Form.Item>
        <Form.Item name="parentId" label={t('departments.fields.parent')} extra={t('departments.parentHint')}>
          <DepartmentTreeSelect allowClear excludeSubtreeOf={department?.id} data-testid="department-form-parent" />
        </Form.Item>
        <Form.Item name="managerId" label={t('departments.fields.manager')}>
          <UserSelect allowClear currentLabel={department?.managerName} data-testid="department-form-manager" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
