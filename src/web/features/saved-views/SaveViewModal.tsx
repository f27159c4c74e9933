import { Form, Input, Modal, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import type { SavedView, SavedViewContent, ViewObjectType } from './savedViewsApi';
import { useCreateSavedView } from './useCreateSavedView';

/** "Save current view": name and whether the whole organization sees it. */
export function SaveViewModal({ open, objectType, content, onClose, onSaved }: { open: boolean; objectType: ViewObjectType; content: SavedViewContent; onClose: () => void; onSaved: (view: SavedView) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; shared: boolean }>();
  const create = useCreateSavedView();
  const onError = useServerError();

  useEffect(() => {
    if (open) form.setFieldsValue({ name: '', shared: false });
  }, [open, form]);

  return (
    <Modal
      open={open}
      title={t('savedViews.saveTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: create.isPending, ...testId('saved-view-save-submit') }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          create.mutate(
            { objectType, name: v.name.trim(), shared: v.shared, ...content },
            { onSuccess: (view) => onSaved(view), onError: (err) => onError(err, form) },
          )
        }
      >
        <Form.Item name="name" label={t('savedViews.name')} rules={[{ required: true, whitespace: true, message: t('savedViews.nameRequired') }, { max: 60 }]}>
          <Input maxLength={60} autoFocus data-testid="saved-view-name" />
        </Form.Item>
        <Form.Item name="shared" label={t('savedViews.shared')} valuePropName="checked" extra={t('savedViews.sharedHelp')}>
          <Switch data-testid="saved-view-shared-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
