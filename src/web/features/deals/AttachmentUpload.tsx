import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Upload } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useServerError } from '../../lib/useServerError';
import type { Attachment } from './dealsApi';
import { useUploadAttachment } from './useUploadAttachment';

interface Props {
  objectType: string;
  recordId: string;
  kind: string;
  label?: ReactNode;
  size?: 'small' | 'middle';
  disabled?: boolean;
  onUploaded?: (attachment: Attachment) => void;
  'data-testid'?: string;
}

/** One button that uploads a file of the given kind to the record (POST /attachments, multipart). */
export function AttachmentUpload({ objectType, recordId, kind, label, size = 'middle', disabled, onUploaded, ...rest }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const upload = useUploadAttachment();
  const testId = rest['data-testid'] ?? `attachment-upload-${kind}`;
  return (
    <span data-testid={testId}>
      <Upload
        showUploadList={false}
        multiple={false}
        disabled={disabled || upload.isPending}
        customRequest={({ file, onSuccess, onError: fail }) => {
          upload.mutate(
            { objectType, recordId, kind, file: file as File },
            {
              onSuccess: (attachment) => {
                onSuccess?.(attachment);
                message.success(t('deals.attachments.uploaded', { name: attachment.fileName }));
                onUploaded?.(attachment);
              },
              onError: (err) => {
                fail?.(err as Error);
                onError(err);
              },
            },
          );
        }}
      >
        <Button size={size} icon={<UploadOutlined />} loading={upload.isPending} data-testid={`${testId}-button`}>
          {label ?? t('deals.attachments.upload')}
        </Button>
      </Upload>
    </span>
  );
}
