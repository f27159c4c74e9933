import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, NodeIndexOutlined, SwapOutlined, UndoOutlined } from '@ant-design/icons';
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
import { OwnerTransferModal } from '../contacts/OwnerTransferModal';
import { RecordHistory } from '../contacts/RecordHistory';
import { ConvertLeadModal } from './ConvertLeadModal';
import { LeadFormModal } from './LeadFormModal';
import { LeadStatusTag } from './LeadStatusTag';
import { useDeleteLead, useLead, useLeadHistory, useRestoreLead, useTransferLead } from './useLeads';

export default function LeadDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const can = usePermission();
  const onError = useServerError();
  const { data: lead, isPending, isError, error } = useLead(id);
  const history = useLeadHistory(id);
  const { data: cfDefs = [] } = useCustomFieldDefinitions('leads');
  const remove = useDeleteLead();
  const restore = useRestoreLead();
  const transfer = useTransferLead(id);
  const [editOpen, setEditOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [convertOpen, setConvertOpen] = useState(false);

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
        extra={<Button onClick={() => navigate('/leads')}>{t('leads.backToList')}</Button>}
      />
    );
  }

  const isDeleted = Boolean(lead.deletedAt);
  const isConverted = lead.status === 'converted';
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('leads.fields.name'), children: lead.name },
    { key: 'companyName', label: t('leads.fields.companyName'), children: orDash(lead.companyName) },
    { key: 'title', label: t('leads.fields.title'), children: orDash(lead.title) },
    { key: 'status', label: t('leads.fields.status'), children: <LeadStatusTag status={lead.status} /> },
    { key: 'mobile', label: t('leads.fields.mobile'), children: <span data-testid="lead-mobile">{orDash(lead.mobile)}</span> },
    { key: 'phone', label: t('leads.fields.phone'), children: orDash(lead.phone) },
    { key: 'email', label: t('leads.fields.email'), children: orDash(lead.email) },
    { key: 'source', label: t('leads.fields.source'), children: orDash(lead.source) },
    { key: 'owner', label: t('leads.fields.ownerId'), children: <span data-testid="lead-owner">{orDash(lead.ownerName)}</span> },
    { key: 'department', label: t('leads.fields.departmentId'), children: orDash(lead.departmentName) },
    { key: 'externalId', label: t('leads.fields.externalId'), children: orDash(lead.externalId) },
    { key: 'createdAt', label: t('leads.fields.createdAt'), children: formatDateTime(lead.createdAt) },
    { key: 'updatedAt', label: t('leads.fields.updatedAt'), children: formatDateTime(lead.updatedAt) },
    ...(isDeleted ? [{ key: 'deletedAt', label: t('leads.fields.deletedAt'), children: formatDateTime(lead.deletedAt) }] : []),
    ...cfDefs
      .filter((d) => d.active || lead.customFields[d.key] !== undefined)
      .map((d) => ({
        key: `cf-${d.key}`,
        label: labelOf(d, getLanguage()),
        children: <CustomFieldValue def={d} value={lead.customFields[d.key]} />,
      })),
    { key: 'notes', label: t('leads.fields.notes'), span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{orDash(lead.notes)}</span> },
  ];

  const actions = isDeleted ? (
    can('leads', 'delete') ? (
      <Button
        type="primary"
        icon={<UndoOutlined />}
        loading={restore.isPending}
        onClick={() => restore.mutate(lead.id, { onSuccess: () => message.success(t('leads.restored')), onError: (err) => onError(err) })}
        data-testid="lead-restore"
      >
        {t('accounts.restore')}
      </Button>
    ) : null
  ) : isConverted ? null : (
    <>
      {can('leads', 'edit') && (can('accounts', 'create') || can('accounts', 'view')) ? (
        <Button type="primary" icon={<NodeIndexOutlined />} onClick={() => setConvertOpen(true)} data-testid="lead-convert">
          {t('leads.convert')}
        </Button>
      ) : null}
      {can('leads', 'edit') ? (
        <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)} data-testid="lead-edit">
          {t('common.edit')}
        </Button>
      ) : null}
      {can('leads', 'transfer') ? (
        <Button icon={<SwapOutlined />} onClick={() => setTransferOpen(true)} data-testid="lead-transfer">
          {t('accounts.transfer')}
        </Button>
      ) : null}
      {can('leads', 'delete') ? (
        <Popconfirm
          title={t('leads.deleteConfirmTitle')}
          description={t('accounts.deleteConfirm')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, loading: remove.isPending, ...testId('lead-delete-confirm') }}
          onConfirm={() =>
            new Promise<void>((resolve) =>
              remove.mutate(lead.id, {
                onSuccess: () => {
                  message.success(t('leads.deleted'));
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
          <Button danger icon={<DeleteOutlined />} data-testid="lead-delete">
            {t('common.delete')}
          </Button>
        </Popconfirm>
      ) : null}
    </>
  );

  return (
    <div data-testid="lead-detail">
      <div style={{ marginBottom: 8 }}>
        <Link to="/leads" data-testid="lead-back">
          <ArrowLeftOutlined /> {t('leads.backToList')}
        </Link>
      </div>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <span data-testid="lead-name">{lead.name}</span>
            <LeadStatusTag status={lead.status} />
            {isDeleted ? <Tag color="red">{t('accounts.deletedTag')}</Tag> : null}
          </Flex>
        }
        extra={actions}
      />
      {isConverted ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="lead-converted-banner"
          title={t('leads.convertedBanner', { at: formatDateTime(lead.convertedAt) })}
          description={
            <Flex gap={16} wrap>
              {lead.convertedAccountId ? (
                <Link to={`/accounts/${lead.convertedAccountId}`} data-testid="lead-converted-account">
                  {t('leads.openAccount')}
                </Link>
              ) : null}
              {lead.convertedContactId ? (
                <Link to={`/contacts/${lead.convertedContactId}`} data-testid="lead-converted-contact">
                  {t('leads.openContact')}
                </Link>
              ) : null}
            </Flex>
          }
        />
      ) : null}
      {isDeleted ? <Alert type="warning" showIcon title={t('leads.deletedBanner')} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={t('accounts.details')}>
            <Descriptions
              items={items}
              column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }}
              size="small"
              styles={{ label: { whiteSpace: 'nowrap' } }}
              data-testid="lead-fields"
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <RecordHistory objectKey="leads" query={history} customFieldLabels={Object.fromEntries(cfDefs.map((d) => [d.key, labelOf(d, getLanguage())]))} />
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: 12 }}>
        {t('accounts.versionLabel', { version: lead.version })}
      </Typography.Text>
      <LeadFormModal open={editOpen} lead={lead} onClose={() => setEditOpen(false)} />
      <ConvertLeadModal open={convertOpen} lead={lead} onClose={() => setConvertOpen(false)} />
      <OwnerTransferModal
        open={transferOpen}
        ownerName={lead.ownerName}
        pending={transfer.isPending}
        onClose={() => setTransferOpen(false)}
        onSubmit={(ownerId) =>
          transfer.mutate(
            { ownerId, version: lead.version },
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
