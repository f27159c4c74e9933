import { EnvironmentOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Grid, Input, InputNumber, Modal, Row, Segmented, Select, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { useServerError } from '../../lib/useServerError';
import {
  DEFAULT_TYPE_KEYS,
  SENTIMENTS,
  type Activity,
  type ActivityInput,
  type CheckIn,
  type Sentiment,
  type StructuredField,
} from './activitiesApi';
import { activityTypeLabel } from './typeLabel';
import { useAccountContactOptions } from './useAccountContactOptions';
import { useActivitySettings } from './useActivitySettings';
import { useCreateActivity } from './useCreateActivity';
import { useDealAccountId } from './useDealAccountId';

const LAST_TYPE_KEY = 'luodi.quicklog.type';

function readLastType(): string {
  try {
    return window.localStorage.getItem(LAST_TYPE_KEY) || 'call';
  } catch {
    return 'call';
  }
}

function rememberType(type: string) {
  try {
    window.localStorage.setItem(LAST_TYPE_KEY, type);
  } catch {
    // localStorage can be unavailable (privacy mode)
  }
}

interface FormValues {
  type: string;
  need?: string;
  feedback?: string;
  sentiment?: Sentiment;
  nextAction?: string;
  nextActionDate?: string;
  durationMinutes?: number | null;
  checkIn?: CheckIn | null;
  contactIds?: string[];
  notes?: string;
}

/** server field names that the form shows under another name */
const FIELD_ALIASES: Record<string, string> = { durationSeconds: 'durationMinutes' };
const FORM_FIELDS = new Set<string>(['type', 'need', 'feedback', 'sentiment', 'nextAction', 'nextActionDate', 'durationMinutes', 'checkIn', 'contactIds', 'notes']);

function CheckInField({ value, onChange }: { value?: CheckIn | null; onChange?: (v: CheckIn | null) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [locating, setLocating] = useState(false);
  const locate = () => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      message.error(t('activities.checkInUnavailable'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onChange?.({ lat: pos.coords.latitude, lng: pos.coords.longitude, at: new Date().toISOString() });
      },
      () => {
        setLocating(false);
        message.error(t('activities.checkInFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  return (
    <Row gutter={8} align="middle" wrap={false}>
      <Col flex="none">
        <Button icon={<EnvironmentOutlined />} loading={locating} onClick={locate} data-testid="quicklog-checkin">
          {value ? t('activities.checkInAgain') : t('activities.checkIn')}
        </Button>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {value ? (
          <Typography.Text type="success" ellipsis data-testid="quicklog-checkin-done">
            {t('activities.checkedIn', { lat: value.lat.toFixed(5), lng: value.lng.toFixed(5) })}
          </Typography.Text>
        ) : null}
      </Col>
    </Row>
  );
}

export interface QuickLogModalProps {
  open: boolean;
  dealId?: string;
  accountId?: string;
  onClose: () => void;
  onLogged?: (activity: Activity) => void;
}

/** Log a follow-up in three actions: open, fill, save (Ctrl/Cmd+Enter saves). */
export function QuickLogModal({ open, dealId, accountId, onClose, onLogged }: QuickLogModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const screens = Grid.useBreakpoint();
  const fullScreen = screens.sm === false;
  const [form] = Form.useForm<FormValues>();
  const needRef = useRef<TextAreaRef>(null);
  const create = useCreateActivity();
  const { data: settings } = useActivitySettings(open);
  const { data: dealAccountId } = useDealAccountId(dealId, open && !accountId);
  const effectiveAccountId = accountId ?? dealAccountId ?? null;
  const { data: contactOptions = [], isFetching: contactsLoading } = useAccountContactOptions(effectiveAccountId, open);

  const type = Form.useWatch('type', form) ?? 'call';
  const nextAction = Form.useWatch('nextAction', form);

  const typeOptions = useMemo(() => {
    const keys = settings?.types?.length ? settings.types.filter((d) => d.active || d.key === type).map((d) => d.key) : [...DEFAULT_TYPE_KEYS];
    return keys.map((key) => ({ value: key, label: <span data-testid={`quicklog-type-${key}`}>{activityTypeLabel(t, key, settings?.types)}</span> }));
  }, [settings, t, type]);

  const required = useMemo<Set<StructuredField>>(() => {
    const def = settings?.types?.find((d) => d.key === type);
    // Until the settings load (or for an unknown type) the product default applies: all three are required.
    return new Set(def ? def.required : ['need', 'feedback', 'nextAction']);
  }, [settings, type]);

  useEffect(() => {
    if (!open) return;
    const known = settings?.types?.length ? settings.types.filter((d) => d.active).map((d) => d.key) : [...DEFAULT_TYPE_KEYS];
    const last = readLastType();
    form.resetFields();
    form.setFieldsValue({
      type: known.includes(last) ? last : (known[0] ?? 'call'),
      sentiment: 'neutral',
      nextActionDate: dayjs().add(1, 'day').format('YYYY-MM-DD'),
      contactIds: [],
    });
    // settings arriving later must not wipe what the user typed: only on open
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form]);

  const submit = () => {
    if (create.isPending) return;
    void form.validateFields().then(
      (v) => {
        const trim = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);
        const input: ActivityInput = {
          type: v.type,
          ...(dealId ? { dealId } : {}),
          ...(effectiveAccountId ? { accountId: effectiveAccountId } : {}),
          ...(v.contactIds?.length ? { contactIds: v.contactIds } : {}),
          need: trim(v.need),
          feedback: trim(v.feedback),
          sentiment: trim(v.feedback) ? v.sentiment : undefined,
          nextAction: trim(v.nextAction),
          nextActionDate: trim(v.nextAction) ? v.nextActionDate || undefined : undefined,
          notes: trim(v.notes),
          durationSeconds: v.durationMinutes != null ? Math.round(v.durationMinutes * 60) : undefined,
          checkIn: v.checkIn ?? undefined,
        };
        rememberType(v.type);
        create.mutate(input, {
          onSuccess: (activity) => {
            const parts = [activity.effective ? t('activities.savedEffective') : t('activities.savedNotEffective')];
            if (!activity.effective && activity.ineffectiveReasons?.length) parts.push(activity.ineffectiveReasons.map((r) => r.message).join(t('common.listSeparator')));
            if (activity.taskId) parts.push(t('activities.taskCreated', { date: activity.nextActionDate ?? '' }));
            if (activity.effective) message.success({ content: parts.join(' '), key: 'quicklog-saved' });
            else message.warning({ content: parts.join(' '), key: 'quicklog-saved' });
            onLogged?.(activity);
            onClose();
          },
          onError: (err) => {
            if (err instanceof ApiError && err.fields.length > 0) {
              // show each problem under its field; the rest (if any) as a message
              const fields = err.fields.map((f) => ({ ...f, field: FIELD_ALIASES[f.field] ?? f.field }));
              const onForm = fields.filter((f) => FORM_FIELDS.has(f.field));
              form.setFields(onForm.map((f) => ({ name: f.field as keyof FormValues, errors: [f.message] })));
              const rest = fields.filter((f) => !FORM_FIELDS.has(f.field));
              if (rest.length > 0) onError(new ApiError(err.status, err.code, `${err.message}: ${rest.map((f) => `${f.field} ${f.message}`).join('; ')}`, []));
              return;
            }
            onError(err, form);
          },
        });
      },
      () => undefined,
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  const requiredRule = (field: StructuredField) => ({ required: required.has(field), whitespace: true, message: t('validation.required') });

  return (
    <Modal
      open={open}
      title={t('activities.quickLogTitle')}
      onCancel={onClose}
      forceRender
      afterOpenChange={(visible) => {
        if (visible) needRef.current?.focus();
      }}
      width={fullScreen ? '100%' : 640}
      style={fullScreen ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
      styles={
        fullScreen
          ? {
              container: { minHeight: '100vh', borderRadius: 0, paddingBottom: 0 },
              // on a phone the save button stays in reach while the form scrolls
              footer: { position: 'sticky', bottom: 0, background: 'inherit', paddingBlock: 12, margin: 0, zIndex: 1 },
            }
          : undefined
      }
      footer={
        <Row justify="space-between" align="middle" gutter={8} wrap={false}>
          <Col flex="auto" style={{ textAlign: 'start', minWidth: 0 }}>
            {screens.md ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('activities.saveShortcut')}
              </Typography.Text>
            ) : null}
          </Col>
          <Col flex="none">
            <Button onClick={onClose} style={{ marginInlineEnd: 8 }}>
              {t('common.cancel')}
            </Button>
            <Button type="primary" loading={create.isPending} onClick={submit} data-testid="quicklog-save">
              {t('common.save')}
            </Button>
          </Col>
        </Row>
      }
      data-testid="quicklog-modal"
    >
      <div onKeyDown={onKeyDown}>
        <Form<FormValues> form={form} layout="vertical" requiredMark preserve={false}>
          <Form.Item name="type" style={{ marginBottom: 12 }}>
            <Segmented<string>
              options={typeOptions}
              style={{ maxWidth: '100%', overflowX: 'auto' }}
              data-testid="quicklog-type"
            />
          </Form.Item>
          <Form.Item name="need" label={t('activities.fields.need')} rules={[requiredRule('need')]}>
            <Input.TextArea ref={needRef} autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('activities.placeholders.need')} data-testid="quicklog-need" />
          </Form.Item>
          <Form.Item label={t('activities.fields.feedback')} required={required.has('feedback')} style={{ marginBottom: 0 }}>
            <Form.Item name="feedback" rules={[requiredRule('feedback')]} style={{ marginBottom: 8 }}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('activities.placeholders.feedback')} data-testid="quicklog-feedback" />
            </Form.Item>
            <Form.Item name="sentiment">
              <Segmented<Sentiment>
                size="small"
                options={SENTIMENTS.map((s) => ({ value: s, label: <span data-testid={`quicklog-sentiment-${s}`}>{t(`activities.sentiment.${s}`)}</span> }))}
              />
            </Form.Item>
          </Form.Item>
          <Row gutter={8}>
            <Col xs={24} sm={15}>
              <Form.Item name="nextAction" label={t('activities.fields.nextAction')} rules={[requiredRule('nextAction')]}>
                <Input placeholder={t('activities.placeholders.nextAction')} data-testid="quicklog-next-action" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={9}>
              <Form.Item
                name="nextActionDate"
                label={t('activities.fields.nextActionDate')}
                rules={[{ required: required.has('nextAction') || Boolean(nextAction?.trim()), message: t('validation.required') }]}
              >
                <Input type="date" data-testid="quicklog-next-date" />
              </Form.Item>
            </Col>
          </Row>
          {type === 'call' ? (
            <Form.Item name="durationMinutes" label={t('activities.fields.durationMinutes')}>
              <InputNumber<number> min={0} max={24 * 60} precision={0} style={{ width: 160 }} suffix={t('activities.minutes')} data-testid="quicklog-duration" />
            </Form.Item>
          ) : null}
          {type === 'visit' ? (
            <Form.Item name="checkIn" label={t('activities.fields.checkIn')}>
              <CheckInField />
            </Form.Item>
          ) : null}
          {effectiveAccountId ? (
            <Form.Item name="contactIds" label={t('activities.fields.contacts')}>
              <Select<string[]>
                mode="multiple"
                allowClear
                loading={contactsLoading}
                options={contactOptions}
                optionFilterProp="label"
                placeholder={t('activities.placeholders.contacts')}
                notFoundContent={t('common.noData')}
                data-testid="quicklog-contacts"
              />
            </Form.Item>
          ) : null}
          <Form.Item name="notes" label={t('activities.fields.notes')} style={{ marginBottom: 0 }}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="quicklog-notes" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
