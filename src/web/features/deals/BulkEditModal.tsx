import { Alert, App, DatePicker, Form, Input, List, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { UserSelect } from '../users/UserSelect';
import { dateItemProps } from './DealFieldInput';
import { findStage, isClosingStage, localized } from './dealHelpers';
import type { BulkResult, DealCard, DealChanges, PipelineDto } from './dealsApi';
import { useBulkUpdateDeals } from './useBulkUpdateDeals';

interface Props {
  open: boolean;
  deals: DealCard[];
  pipeline: PipelineDto | undefined;
  onClose: () => void;
  /** after a run (some may have failed): the ones that succeeded */
  onDone?: (okIds: string[]) => void;
}

interface Values {
  ownerId?: string;
  stageKey?: string;
  expectedCloseDate?: string | null;
  closeReason?: string;
}

/**
 * Bulk edit of the selected deals (owner, stage, expected close date) through POST /deals/bulk; the stage gate
 * applies to each deal, and each refusal is listed with its unmet criteria.
 */
export function BulkEditModal({ open, deals, pipeline, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const [form] = Form.useForm<Values>();
  const bulk = useBulkUpdateDeals();
  const lang = getLanguage();
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const stageKey = Form.useWatch('stageKey', form);
  const closing = isClosingStage(findStage(pipeline, stageKey));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setResults(null);
  }, [open, form]);

  const submit = async () => {
    if (results) {
      onClose();
      return;
    }
    const v = await form.validateFields();
    const set: DealChanges = {};
    if (v.ownerId) set.ownerId = v.ownerId;
    if (v.stageKey) set.stageKey = v.stageKey;
    if (v.expectedCloseDate) set.expectedCloseDate = v.expectedCloseDate;
    if (closing && v.closeReason?.trim()) set.closeReason = v.closeReason.trim();
    if (Object.keys(set).length === 0) {
      message.info(t('deals.bulk.nothing'));
      return;
    }
    bulk.mutate(
      { ids: deals.map((d) => d.id), set },
      {
        onSuccess: ({ results: rs }) => {
          const ok = rs.filter((r) => r.ok).map((r) => r.id);
          onDone?.(ok);
          if (ok.length === rs.length) {
            message.success(t('deals.bulk.allDone', { count: ok.length }));
            onClose();
          } else setResults(rs);
        },
        onError: (err) => onError(err, form),
      },
    );
  };

  const failures = (results ?? []).filter((r) => !r.ok);
  const nameOf = (id: string) => deals.find((d) => d.id === id)?.name ?? id;

  return (
    <Modal
      open={open}
      title={t('deals.bulk.title', { count: deals.length })}
      okText={results ? t('deals.bulk.close') : t('deals.bulk.apply')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={bulk.isPending}
      okButtonProps={testId('deals-bulk-submit')}
      cancelButtonProps={results ? { style: { display: 'none' } } : undefined}
      forceRender
      width={600}
    >
      {results ? (
        <div data-testid="deals-bulk-results">
          <Alert
            type={failures.length ? 'warning' : 'success'}
            showIcon
            title={t('deals.bulk.summary', { ok: results.length - failures.length, failed: failures.length })}
            style={{ marginBottom: 12 }}
          />
          <List
            size="small"
            bordered
            dataSource={failures}
            renderItem={(r) => (
              <List.Item key={r.id} data-testid="deals-bulk-failure" data-id={r.id} style={{ display: 'block' }}>
                <Typography.Text strong>{nameOf(r.id)}</Typography.Text>
                <div>
                  <Typography.Text type="danger">{r.error?.message ?? t('errors.generic')}</Typography.Text>
                </div>
                {(r.error?.details?.unmet ?? []).length ? (
                  <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                    {(r.error?.details?.unmet ?? []).map((u, i) => (
                      <li key={i} data-testid="deals-bulk-unmet">
                        {u.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </List.Item>
            )}
          />
        </div>
      ) : (
        <Form form={form} layout="vertical" data-testid="deals-bulk-form">
          <Typography.Paragraph type="secondary">{t('deals.bulk.hint')}</Typography.Paragraph>
          <Form.Item name="ownerId" label={t('deals.fields.owner')}>
            <UserSelect allowClear data-testid="deals-bulk-owner" />
          </Form.Item>
          <Form.Item name="stageKey" label={t('deals.fields.stage')}>
            <Select
              allowClear
              options={(pipeline?.stages ?? []).map((s) => ({ value: s.key, label: localized(s.name, lang) }))}
              data-testid="deals-bulk-stage"
            />
          </Form.Item>
          {closing ? (
            <Form.Item name="closeReason" label={t('deals.fields.closeReason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input.TextArea rows={2} maxLength={500} data-testid="deals-bulk-close-reason" />
            </Form.Item>
          ) : null}
          <Form.Item name="expectedCloseDate" label={t('deals.fields.expectedCloseDate')} {...dateItemProps}>
            <DatePicker style={{ width: '100%' }} data-testid="deals-bulk-close-date" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
