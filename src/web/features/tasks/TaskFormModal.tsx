import { Form, Input, Modal } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { useMe } from '../auth/useMe';
import { UserSelect } from '../users/UserSelect';
import { useCreateTask } from './useCreateTask';

interface FormValues {
  title: string;
  dueDate: string;
  assigneeId: string;
  notes?: string;
}

/** A new task by hand: for yourself or someone you manage. */
export function TaskFormModal({ open, onClose, dealId, accountId }: { open: boolean; onClose: () => void; dealId?: string; accountId?: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateTask();
  const onError = useServerError();

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ dueDate: dayjs().add(1, 'day').format('YYYY-MM-DD'), assigneeId: me?.user.id });
    }
  }, [open, form, me]);

  const submit = () =>
    void form.validateFields().then(
      (v) =>
        create.mutate(
          {
            title: v.title.trim(),
            dueDate: v.dueDate,
            notes: v.notes?.trim() || undefined,
            assigneeId: v.assigneeId,
            ...(dealId ? { dealId } : {}),
            ...(accountId ? { accountId } : {}),
          },
          { onSuccess: onClose, onError: (err) => onError(err, form) },
        ),
      () => undefined,
    );

  return (
    <Modal
      open={open}
      title={t('tasks.newTask')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okButtonProps={testId('task-form-submit')}
      forceRender
    >
      <Form<FormValues> form={form} layout="vertical">
        <Form.Item name="title" label={t('tasks.fields.title')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 500 }]}>
          <Input autoFocus data-testid="task-form-title" />
        </Form.Item>
        <Form.Item name="dueDate" label={t('tasks.fields.dueDate')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input type="date" data-testid="task-form-due" />
        </Form.Item>
        <Form.Item name="assigneeId" label={t('tasks.fields.assignee')} rules={[{ required: true, message: t('validation.required') }]}>
          <UserSelect currentLabel={me?.user.displayName} data-testid="task-form-assignee" />
        </Form.Item>
        <Form.Item name="notes" label={t('tasks.fields.notes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="task-form-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
