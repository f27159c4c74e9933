import { Form, Input, Modal, Select, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { TAG_COLORS, tagColor, type TagItem } from './tagsApi';
import { useCreateTag } from './useCreateTag';
import { useUpdateTag } from './useUpdateTag';

interface Values {
  name: string;
  color: string | null;
}

/** Create a tag, or rename/recolour one (`tag` given). */
export function TagFormModal({ open, tag, onClose }: { open: boolean; tag: TagItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const onError = useServerError();
  const create = useCreateTag();
  const update = useUpdateTag();

  useEffect(() => {
    if (open) form.setFieldsValue({ name: tag?.name ?? '', color: tag?.color ?? TAG_COLORS[0] });
  }, [open, tag, form]);

  const submit = (values: Values) => {
    const input = { name: values.name.trim(), color: values.color ?? null };
    const done = { onSuccess: onClose, onError: (err: unknown) => onError(err, form) };
    if (tag) update.mutate({ id: tag.id, ...input }, done);
    else create.mutate(input, done);
  };

  return (
    <Modal
      open={open}
      title={tag ? t('tags.editTitle') : t('tags.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: create.isPending || update.isPending, ...testId('tag-form-submit') }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="tag-form">
        <Form.Item name="name" label={t('tags.name')} rules={[{ required: true, whitespace: true, message: t('tags.nameRequired') }, { max: 40 }]}>
          <Input maxLength={40} data-testid="tag-form-name" />
        </Form.Item>
        <Form.Item name="color" label={t('tags.color')}>
          <Select
            options={TAG_COLORS.map((c) => ({ value: c, label: <Tag color={tagColor(c)}>{c}</Tag> }))}
            data-testid="tag-form-color"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
