import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, SwapOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Popconfirm, Result, Row, Skeleton, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { formatDateTime, orDash } from '../../lib/format';
import { labelOf } from '../../../core/custom-fields/types';
import { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { CustomFieldValue } from '../custom-fields/CustomFieldValue';
import { useCustomFieldDefinitions } from '../custom-fields/useCustomFieldDefinitions';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { ContactFormModal } from './ContactFormModal';
import { OwnerTransferModal } from './OwnerTransferModal';
import { RecordHistory } from './RecordHistory';
import { useContact, useContactHistory, useDeleteContact, useRestoreContact, useTransferContact } from './useContacts';

export default function ContactDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const can = usePermission();
  const onError = useServerError();
  const { data: contact, isPending, isError, error } = useContact(id);
  const history = useContactHistory(id);
  const { data: cfDefs = [] } = useCustomFieldDefinitions('contacts');
  const remove = useDeleteContact();
  const restore = useRestoreContact();
  const transfer = useTransferContact(id);
  const [editOpen, setEditOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);

  if (isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (isError) {
    const status = isApiError(error) ? error.status : 0;
    return (
      <Result
        status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
        title={error.message}
        extra={<Button onClick={() => navigate('/contacts')}>{t('contacts.backToList')}</Button>}
      />
    );
  }

  const isDeleted = Boolean(contact.deletedAt);
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('contacts.fields.name'), children: contact.name },
    { key: 'title', label: t('contacts.fields.title'), children: orDash(contact.title) },
    {
      key: 'account',
      label: t('contacts.fields.accountId'),
      children: contact.accountId ? (
        <Link to={`/accounts/${contact.accountId}`} data-testid="contact-account-link">
          {contact.accountName}
        </Link>
      ) : (
        '—'
      ),
    },
    { key: 'isPrimary', label: t('contacts.fields.isPrimary'), children: contact.isPrimary ? t('contacts.yes') : t('contacts.no') },
    { key: 'mobile', label: t('contacts.fields.mobile'), children: <span data-testid="contact-mobile">{orDash(contact.mobile)}</span> },
    { key: 'phone', label: t('contacts.fields.phone'), children: orDash(contact.phone) },
    { key: 'email', label: t('contacts.fields.email'), children: orDash(contact.email) },
    { key: 'wechat', label: t('contacts.fields.wechat'), children: orDash(contact.wechat) },
    { key: 'owner', label: t('contacts.fields.ownerId'), children: <span data-testid="contact-owner">{orDash(contact.ownerName)}</span> },
    { key: 'department', label: t('contacts.fields.departmentId'), children: orDash(contact.departmentName) },
    { key: 'externalId', label: t('contacts.fields.externalId'), children: orDash(contact.externalId) },
    { key: 'createdAt', label: t('contacts.fields.createdAt'), children: formatDateTime(contact.createdAt) },
    { key: 'updatedAt', label: t('contacts.fields.updatedAt'), children: formatDateTime(contact.updatedAt) },
    ...(isDeleted ? [{ key: 'deletedAt', label: t('contacts.fields.deletedAt'), children: formatDateTime(contact.deletedAt) }] : []),
    ...cfDefs
      .filter((d) => d.active || contact.customFields[d.key] !== undefined)
      .map((d) => ({
        key: `cf-${d.key}`,
        label: labelOf(d, getLanguage()),
        children: <CustomFieldValue def={d} value={contact.customFields[d.key]} />,
      })),
    {
      key: 'notes',
      label: t('contacts.fields.notes'),
      span: 'filled' as const,
      children: <span style={{ whiteSpace: 'pre-wrap' }}>{orDash(contact.notes)}</span>,
    },
  ];

  const actions = isDeleted ? (
    can('contacts', 'delete') ? (
      <Button
        type="primary"
        icon={<UndoOutlined />}
        loading={restore.isPending}
        onClick={() => restore.mutate(contact.id, { onSuccess: () => message.success(t('contacts.restored')), onError: (err) => onError(err) })}
        data-testid="contact-restore"
      >
        {t('accounts.restore')}
      </Button>
    ) : null
  ) : (
    <>
      {can('contacts', 'edit') ? (
        <Button type="primary" icon={<EditOutlined />} onClick={() => setEditOpen(true)} data-testid="contact-edit">
          {t('common.edit')}
        </Button>
      ) : null}
      {can('contacts', 'transfer') ? (
        <Button icon={<SwapOutlined />} onClick={() => setTransferOpen(true)} data-testid="contact-transfer">
          {t('accounts.transfer')}
        </Button>
      ) : null}
      {can('contacts', 'delete') ? (
        <Popconfirm
          title={t('contacts.deleteConfirmTitle')}
          description={t('accounts.deleteConfirm')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, loading: remove.isPending, ...testId('contact-delete-confirm') }}
          onConfirm={() =>
            new Promise<void>((resolve) =>
              remove.mutate(contact.id, {
                onSuccess: () => {
                  message.success(t('contacts.deleted'));
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
          <Button danger icon={<DeleteOutlined />} data-testid="contact-delete">
            {t('common.delete')}
          </Button>
        </Popconfirm>
      ) : null}
    </>
  );

  return (
    <div data-testid="contact-detail">
      <div style={{ marginBottom: 8 }}>
        <Link to="/contacts" data-testid="contact-back">
          <ArrowLeftOutlined /> {t('contacts.backToList')}
        </Link>
      </div>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <span data-testid="contact-name">{contact.name}</span>
            {contact.isPrimary ? <Tag color="blue">{t('contacts.primary')}</Tag> : null}
            {isDeleted ? (
              <Tag color="red" data-testid="contact-deleted-tag">
                {t('accounts.deletedTag')}
              </Tag>
            ) : null}
          </Flex>
        }
        extra={actions}
      />
      {isDeleted ? <Alert type="warning" showIcon title={t('contacts.deletedBanner')} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={t('accounts.details')}>
            <Descriptions
              items={items}
              column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }}
              size="small"
              styles={{ label: { whiteSpace: 'nowrap' } }}
              data-testid="contact-fields"
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <RecordHistory objectKey="contacts" query={history} customFieldLabels={Object.fromEntries(cfDefs.map((d) => [d.key, labelOf(d, getLanguage())]))} />
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: 12 }}>
        {t('accounts.versionLabel', { version: contact.version })}
      </Typography.Text>
      <ContactFormModal open={editOpen} contact={contact} onClose={() => setEditOpen(false)} />
      <OwnerTransferModal
        open={transferOpen}
        ownerName={contact.ownerName}
        pending={transfer.isPending}
        onClose={() => setTransferOpen(false)}
        onSubmit={(ownerId) =>
          transfer.mutate(
            { ownerId, version: contact.version },
            {
              onSuccess: () => {
                message.success(t('accounts.transferred'));
                setTransferOpen(false);
              },
              onError: (err) => onError(err, undefined, { onVersionConflict: () => setTransferOpen(false) }),
            },
          )
        }
      />
    </div>
  );
}
