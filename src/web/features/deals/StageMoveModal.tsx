import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, App, Flex, Form, Input, List, Modal, Skeleton, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next, { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { QuickLogButton } from '../activities/QuickLogButton';
import { labelOf } from '../../../core/custom-fields/types';
import { validateCustomFieldValue } from '../../../core/custom-fields/validate';
import { useCustomFieldDefinitions } from '../custom-fields/useCustomFieldDefinitions';
import { AttachmentUpload } from './AttachmentUpload';
import { attachmentKindLabel } from './attachmentKinds';
import { DEAL_CRITERIA_FIELDS, clientUnmet, criterionKey, findStage, gateChanges, isClosingStage, stageName, toUnmetDetail } from './dealHelpers';
import { DealFieldInput, dateItemProps, dealFieldLabel, moneyRules } from './DealFieldInput';
import { unmetOf, type Deal, type DealCard, type DealPatch, type PipelineDto, type UnmetDetail } from './dealsApi';
import { useDeal } from './useDeal';
import { useUpdateDeal } from './useUpdateDeal';

export interface StageMoveRequest {
  deal: Pick<DealCard, 'id' | 'name' | 'version' | 'stageKey' | 'currency'>;
  toStage: string;
  /** the server's refusal (422 STAGE_CRITERIA_UNMET); absent when only a close reason is asked for */
  unmet?: UnmetDetail[];
  via?: 'api' | 'kanban';
}

interface Props {
  request: StageMoveRequest | null;
  pipeline: PipelineDto | undefined;
  onClose: () => void;
  onMoved?: (deal: Deal) => void;
}

interface Values {
  closeReason?: string;
  fields?: Record<string, unknown>;
}

/**
 * The stage gate: what a stage move still needs, asked for in one form — an input per missing field, an upload
 * per missing attachment kind, a quick-log for missing follow-ups, and the reason when closing (won/lost). The
 * fields and the stage go to the server in ONE PATCH; the shared core evaluator re-checks on the client to
 * enable the button (the server stays the authority and may answer with a new list).
 */
export function StageMoveModal({ request, pipeline, onClose, onMoved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const lang = getLanguage();
  const onError = useServerError();
  const update = useUpdateDeal();
  const [form] = Form.useForm<Values>();
  const open = Boolean(request);
  const detail = useDeal(open ? request?.deal.id : undefined);
  const [shown, setShown] = useState<UnmetDetail[]>([]);
  const [fromClient, setFromClient] = useState(false);
  const [uploadedKinds, setUploadedKinds] = useState<string[]>([]);
  const toStage = request?.toStage ?? '';
  const target = findStage(pipeline, toStage);
  const needsReason = isClosingStage(target);
  const currency = detail.data?.currency ?? request?.deal.currency ?? 'CNY';

  useEffect(() => {
    if (!request) return;
    form.resetFields();
    setShown(request.unmet ?? []);
    setFromClient(!request.unmet);
    setUploadedKinds([]);
  }, [request, form]);

  const { data: cfDefs = [] } = useCustomFieldDefinitions('deals');
  const cfDefOf = (field: string) => (field.startsWith('cf.') ? cfDefs.find((d) => d.key === field.slice(3)) : undefined);
  // field names in the client's messages, in both languages (as the server words them)
  const labels = useMemo(
    () =>
      Object.fromEntries([
        ...DEAL_CRITERIA_FIELDS.map((f) => [f, { 'zh-CN': i18next.t(`deals.fields.${f}`, { lng: 'zh-CN' }), en: i18next.t(`deals.fields.${f}`, { lng: 'en' }) }]),
        ...cfDefs.map((d) => [`cf.${d.key}`, { 'zh-CN': labelOf(d, 'zh-CN'), en: labelOf(d, 'en') }]),
      ]),
    [cfDefs],
  );

  // The facts the client can evaluate with: only when the detail carries them (else the server decides alone).
  const deal = detail.data;
  const evaluable = Boolean(deal && pipeline && typeof deal.effectiveFollowUps === 'number' && Array.isArray(deal.attachmentKinds));

  // Asked to close without a server answer yet: show what the client already knows is missing.
  useEffect(() => {
    if (!fromClient || !deal || detail.isFetching || !pipeline || !evaluable) return;
    const unmet = clientUnmet(pipeline, deal, toStage, {}, [], labels);
    if (unmet) setShown(unmet.map((u) => toUnmetDetail(u, lang)));
    setFromClient(false);
  }, [fromClient, deal, detail.isFetching, pipeline, evaluable, toStage, lang, labels]);

  const values = Form.useWatch([], form) as Values | undefined;
  const changes = useMemo(() => gateChanges(values?.fields ?? {}, cfDefs, lang), [values, cfDefs, lang]);
  const remaining = useMemo(
    () => (evaluable && deal && pipeline ? clientUnmet(pipeline, deal, toStage, changes, uploadedKinds, labels) : null),
    [evaluable, deal, pipeline, toStage, changes, uploadedKinds, labels],
  );
  const remainingByKey = useMemo(() => new Map((remaining ?? []).map((u) => [criterionKey(toUnmetDetail(u, lang)), toUnmetDetail(u, lang)])), [remaining, lang]);
  // what is listed: the server's (or first) list, plus anything the client still finds missing
  const listed = useMemo(() => {
    const keys = new Set(shown.map(criterionKey));
    return [...shown, ...[...remainingByKey.values()].filter((u) => !keys.has(criterionKey(u)))];
  }, [shown, remainingByKey]);

  const isMet = (u: UnmetDetail) =>
    remaining ? !remainingByKey.has(criterionKey(u)) : u.kind === 'attachment' && Boolean(u.attachmentKind && uploadedKinds.includes(u.attachmentKind));
  const reasonFilled = !needsReason || Boolean(values?.closeReason?.trim());
  const canSubmit = reasonFilled && (remaining ? remaining.length === 0 : true);

  const submit = async () => {
    if (!request) return;
    const v = await form.validateFields();
    const patch: DealPatch = {
      ...gateChanges(v.fields ?? {}, cfDefs, lang),
      version: Math.max(request.deal.version, detail.data?.version ?? 0),
      stageKey: request.toStage,
      ...(needsReason ? { closeReason: (v.closeReason ?? '').trim() } : {}),
      ...(request.via ? { via: request.via } : {}),
    };
    update.mutate(
      { id: request.deal.id, patch },
      {
        onSuccess: (saved) => {
          message.success(t('deals.move.moved', { name: request.deal.name, stage: stageName(pipeline, request.toStage, lang) }));
          onMoved?.(saved);
          onClose();
        },
        onError: (err) => {
          const refused = unmetOf(err);
          if (refused) {
            setShown(refused.unmet);
            void detail.refetch();
            message.warning(err instanceof Error ? err.message : t('deals.move.stillMissing'));
            return;
          }
          onError(err, form, { onVersionConflict: onClose });
        },
      },
    );
  };

  /** required, and a custom field's value valid for its type */
  const gateFieldRules = (field: string) => {
    const def = cfDefOf(field);
    return [
      { required: true, message: t('validation.required') },
      ...(def
        ? [
            {
              validator: async (_: unknown, value: unknown) => {
                const r = validateCustomFieldValue(def, value, lang);
                if (!r.ok) throw new Error(r.error);
              },
            },
          ]
        : []),
    ];
  };

  const fieldsListed = listed.filter((u) => u.kind === 'required_field' && u.field);

  return (
    <Modal
      open={open}
      title={t(needsReason ? 'deals.move.closeTitle' : 'deals.move.title', { stage: stageName(pipeline, toStage, lang) })}
      okText={t('deals.move.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={update.isPending}
      okButtonProps={{ disabled: !canSubmit, ...testId('stage-gate-submit') }}
      cancelButtonProps={testId('stage-gate-cancel')}
      forceRender
      width={560}
    >
      <div data-testid="stage-gate-modal" data-to-stage={toStage}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('deals.move.dealLine', { name: request?.deal.name ?? '', from: stageName(pipeline, request?.deal.stageKey, lang), to: stageName(pipeline, toStage, lang) })}
        </Typography.Paragraph>
        {listed.length > 0 ? (
          <Alert type="warning" showIcon title={t('deals.move.unmetIntro')} style={{ marginBottom: 12 }} />
        ) : null}
        {fromClient && detail.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
        <Form form={form} layout="vertical" data-testid="stage-gate-form">
          {listed.length > 0 ? (
            <List
              size="small"
              bordered
              style={{ marginBottom: 12 }}
              dataSource={listed}
              renderItem={(u) => {
                const met = isMet(u);
                const live = remainingByKey.get(criterionKey(u));
                return (
                  <List.Item
                    key={criterionKey(u)}
                    data-testid="gate-criterion"
                    data-kind={u.kind}
                    data-key={u.field ?? u.attachmentKind ?? 'followups'}
                    data-met={met ? 'true' : 'false'}
                    style={{ display: 'block' }}
                  >
                    <Flex gap={8} align="flex-start">
                      {met ? <CheckCircleFilled style={{ color: '#52c41a', marginTop: 4 }} /> : <ExclamationCircleFilled style={{ color: '#faad14', marginTop: 4 }} />}
                      <div style={{ flex: 1, minWidth: 0 }}>
                        <Typography.Text delete={met}>{(live ?? u).message}</Typography.Text>
                        {u.kind === 'required_field' && u.field ? (
                          <Form.Item
                            name={['fields', u.field]}
                            label={dealFieldLabel(u.field, t, cfDefOf(u.field))}
                            style={{ marginTop: 8, marginBottom: 4 }}
                            rules={u.field === 'amount' ? moneyRules(t, true) : gateFieldRules(u.field)}
                            {...(u.field === 'expectedCloseDate' || cfDefOf(u.field)?.type === 'date' ? dateItemProps : {})}
                          >
                            <DealFieldInput field={u.field} currency={currency} cfDef={cfDefOf(u.field)} testId={`gate-field-${u.field}`} />
                          </Form.Item>
                        ) : null}
                        {u.kind === 'attachment' && u.attachmentKind && request ? (
                          <div style={{ marginTop: 8 }}>
                            <AttachmentUpload
                              objectType="deals"
                              recordId={request.deal.id}
                              kind={u.attachmentKind}
                              size="small"
                              label={t('deals.gate.uploadKind', { kind: attachmentKindLabel(u.attachmentKind, t) })}
                              onUploaded={() => setUploadedKinds((k) => [...k, u.attachmentKind!])}
                              data-testid={`gate-upload-${u.attachmentKind}`}
                            />
                          </div>
                        ) : null}
                        {u.kind === 'min_effective_followups' && request ? (
                          <Flex gap={8} align="center" wrap style={{ marginTop: 8 }} data-testid="gate-followups" data-missing={(live ?? u).missing ?? 0}>
                            {!met ? (
                              <Typography.Text type="secondary">{t('deals.gate.followupsMissing', { count: (live ?? u).missing ?? 0 })}</Typography.Text>
                            ) : null}
                            <QuickLogButton dealId={request.deal.id} size="small" onLogged={() => void detail.refetch()} />
                          </Flex>
                        ) : null}
                      </div>
                    </Flex>
                  </List.Item>
                );
              }}
            />
          ) : null}
          {needsReason ? (
            <Form.Item
              name="closeReason"
              label={t(target?.type === 'won' ? 'deals.move.wonReason' : 'deals.move.lostReason')}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { max: 500, message: t('validation.maxLength', { count: 500 }) },
              ]}
            >
              <Input.TextArea rows={3} maxLength={500} showCount data-testid="gate-close-reason" autoFocus />
            </Form.Item>
          ) : null}
          {fieldsListed.length === 0 && listed.length > 0 && !needsReason ? (
            <Typography.Text type="secondary">{t('deals.gate.resubmitHint')}</Typography.Text>
          ) : null}
        </Form>
      </div>
    </Modal>
  );
}
