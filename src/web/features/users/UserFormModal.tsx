import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type User, type UserPatchInput, type UserStatus } from '../../lib/api';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { DeactivationHint } from '../handover/DeactivationHint';
import { RoleSelect } from '../roles/RoleSelect';
import { useCreateUser } from './useCreateUser';
import { useUpdateUser } from './useUpdateUser';

interface Values {
  displayName: string;
  email?: string;
  mobile?: string;
  password?: string;
  departmentId: string;
  roleId: string;
  status?: UserStatus;
}

export function UserFormModal({ open, user, onClose }: { open: boolean; user?: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const status = Form.useWatch('status', form);
  const create = useCreateUser();
  const update = useUpdateUser();
  const onError = useServerError();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        displayName: user.displayName,
        email: user.email ?? undefined,
        mobile: user.mobile ?? undefined,
        departmentId: user.departmentId ?? undefined,
        roleId: user.roleId,
        status: user.status,
      });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async () => {
    const v = await form.validateFields();
    const email = v.email?.trim() || undefined;
    const mobile = v.mobile?.trim() || undefined;
    if (!user) {
      create.mutate(
        {
          displayName: v.displayName.trim(),
          email,
          mobile,
          password: v.password ?? '',
          departmentId: v.departmentId,
          roleId: v.roleId,
        },
        {
          onSuccess: () => {
            message.success(t('users.created'));
            onClose();
          },
          onError: (err) => onError(err, form),
        },
      );
      return;
    }
    const patch: UserPatchInput = { version: user.version };
    if (v.displayName.trim() !== user.displayName) patch.displayName = v.displayName.trim();
    if ((email ?? null) !== (user.email ?? null) && email) patch.email = email;
    if ((mobile ?? null) !== (user.mobile ?? null) && mobile) patch.mobile = mobile;
    if (v.departmentId !== user.departmentId) patch.departmentId = v.departmentId;
    if (v.roleId !== user.roleId) patch.roleId = v.roleId;
    if (v.status && v.status !== user.status) patch.status = v.status;
    update.mutate(
      { id: user.id, patch },
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
      title={user ? t('users.editTitle') : t('users.createTitle')}
      okText={user ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={testId('user-form-submit')}
      width={640}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="displayName"
              label={t('users.fields.displayName')}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { max: 50, message: t('validation.maxLength', { count: 50 }) },
              ]}
            >
              <Input data-testid="user-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="email"
              label={t('fields.email')}
              dependencies={['mobile']}
              rules={[
                { type: 'email', message: t('validation.email') },
                ({ getFieldValue }) => ({
                  validator: (_, value?: string) =>
                    value?.trim() || getFieldValue('mobile')?.trim()
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('validation.emailOrMobile'))),
                }),
              ]}
            >
              <Input data-testid="user-form-email" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="mobile"
              label={t('fields.mobile')}
              rules={[{ pattern: /^[\d\s+-]{6,20}$/, message: t('validation.mobile') }]}
            >
              <Input data-testid="user-form-mobile" inputMode="tel" autoComplete="off" />
            </Form.Item>
          </Col>
          {!user ? (
            <Col xs={24} md={12}>
              <Form.Item
                name="password"
                label={t('users.fields.initialPassword')}
                rules={[
                  { required: true, message: t('validation.required') },
                  { min: 8, message: t('validation.passwordMin', { count: 8 }) },
                ]}
              >
                <Input.Password data-testid="user-form-password" autoComplete="new-password" />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} md={12}>
            <Form.Item name="departmentId" label={t('users.fields.department')} rules={[{ required: true, message: t('validation.required') }]}>
              <DepartmentTreeSelect data-testid="user-form-department" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="roleId" label={t('users.fields.role')} rules={[{ required: true, message: t('validation.required') }]}>
              <RoleSelect data-testid="user-form-role" />
            </Form.Item>
          </Col>
          {user ? (
            <Col xs={24} md={12}>
              <Form.Item name="status" label={t('users.fields.status')}>
                <Select<UserStatus>
                  data-testid="user-form-status"
                  options={[
                    { value: 'active', label: t('users.status.active') },
                    { value: 'inactive', label: t('users.status.inactive') },
                  ]}
                />
              </Form.Item>
            </Col>
          ) : null}
          {user && user.status === 'active' && status === 'inactive' ? (
            <Col span={24}>
              <DeactivationHint userId={user.id} />
            </Col>
          ) : null}
        </Row>
      </Form>
    </Modal>
  );
}
