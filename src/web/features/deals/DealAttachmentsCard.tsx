import { DeleteOutlined, DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, List, Popconfirm, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { AttachmentUpload } from './AttachmentUpload';
import { UPLOAD_KINDS, attachmentKindLabel } from './attachmentKinds';
import { dealsApi } from './dealsApi';
import { useAttachments } from './useAttachments';
import { useDeleteAttachment } from './useDeleteAttachment';

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The deal's attachments with their kind (requirements list, quote …), upload of a chosen kind, download, delete. */
export function DealAttachmentsCard({ dealId, editable }: { dealId: string; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const { data = [], isPending } = useAttachments('deals', dealId);
  const remove = useDeleteAttachment();
  const [kind, setKind] = useState<string>(UPLOAD_KINDS[0]!);

  return (
    <Card
      size="small"
      title={
        <span>
          <PaperClipOutlined /> {t('deals.attachments.title')}
        </span>
      }
      data-testid="deal-attachments"
      extra={
        editable ? (
          <Flex gap={6} wrap>
            <Select
              size="small"
              value={kind}
              onChange={setKind}
              options={UPLOAD_KINDS.map((k) => ({ value: k, label: attachmentKindLabel(k, t) }))}
              style={{ minWidth: 110 }}
              aria-label={t('deals.attachments.kind')}
              data-testid="deal-attachment-kind"
            />
            <AttachmentUpload objectType="deals" recordId={dealId} kind={kind} size="small" data-testid="deal-attachment-upload" />
          </Flex>
        ) : null
      }
    >
      <List
        loading={isPending}
        dataSource={data}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.attachments.empty')} /> }}
        renderItem={(a) => (
          <List.Item
            key={a.id}
            {...testId('deal-attachment', { 'data-kind': a.kind, 'data-id': a.id })}
            actions={[
              <a key="dl" href={dealsApi.attachmentUrl(a.id)} download={a.fileName} aria-label={t('deals.attachments.download')} data-testid="deal-attachment-download">
                <DownloadOutlined />
              </a>,
              ...(editable
                ? [
                    <Popconfirm
                      key="rm"
                      title={t('deals.attachments.deleteConfirm')}
                      okText={t('common.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() =>
                        remove.mutate(
                          { id: a.id, objectType: 'deals', recordId: dealId },
                          { onSuccess: () => message.success(t('deals.attachments.deleted')), onError: (err) => onError(err) },
                        )
                      }
                    >
                      <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid="deal-attachment-delete" />
                    </Popconfirm>,
                  ]
                : []),
            ]}
          >
            <List.Item.Meta
              title={
                <Flex gap={6} align="center" wrap>
                  <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                    {attachmentKindLabel(a.kind, t)}
                  </Tag>
                  <a href={dealsApi.attachmentUrl(a.id)} download={a.fileName} style={{ wordBreak: 'break-all' }}>
                    {a.fileName}
                  </a>
                </Flex>
              }
              description={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[fileSize(a.size), formatDateTime(a.createdAt), a.createdByName].filter(Boolean).join(' · ')}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
