import { useQueries } from '@tanstack/react-query';
import { Alert, App, Card, Flex, Modal, Radio, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { labelOf } from '../../../core/custom-fields/types';
import { api, queryKeys, type Account, type Id } from '../../lib/api';
import { formatDate, orDash } from '../../lib/format';
import { getLanguage } from '../../lib/i18n';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { CustomFieldValue } from '../custom-fields/CustomFieldValue';
import { useCustomFieldDefinitions } from '../custom-fields/useCustomFieldDefinitions';
import { MERGE_FIELDS } from './duplicatesApi';
import { defaultChoices, differingFields, isEmptyValue, mergeFieldValue, toFieldChoices } from './mergeFields';
import { useMergeAccounts } from './useMergeAccounts';

/** the server merges at most 20 accounts into one */
const MAX_SOURCES = 20;

interface Props {
  open: boolean;
  /** the accounts selected for the merge (2 or more) */
  accounts: Account[];
  onClose: () => void;
  onMerged?: (targetId: Id) => void;
}

interface ValueOption {
  /** the account the option stands for (the kept one when it has this value) */
  id: Id;
  ids: Id[];
  value: unknown;
}

/** Distinct values of a field, in selection order (accounts sharing a value are one option). */
function valueOptions(accounts: readonly Account[], field: string, targetId: Id): ValueOption[] {
  const byKey = new Map<string, ValueOption>();
  for (const a of accounts) {
    const value = mergeFieldValue(a, field);
    const key = isEmptyValue(value) ? '' : JSON.stringify(value);
    const option = byKey.get(key);
    if (option) {
      option.ids.push(a.id);
      if (a.id === targetId) option.id = a.id;
    } else byKey.set(key, { id: a.id, ids: [a.id], value });
  }
  return [...byKey.values()];
}

/**
 * Merge accounts: pick the account to keep and, per differing field, the value it keeps. The others move
 * their contacts, leads, … to it and go to the recycle bin.
 */
export function MergeAccountsModal({ open, accounts, onClose, onMerged }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useServerError();
  const merge = useMergeAccounts();
  const lang = getLanguage();
  const { data: cfDefs = [] } = useCustomFieldDefinitions('accounts');
  const [targetId, setTargetId] = useState<Id | undefined>(accounts[0]?.id);
  const [overrides, setOverrides] = useState<Record<string, Id>>({});

  useEffect(() => {
    if (!open) return;
    setTargetId(accounts[0]?.id);
    setOverrides({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  // the full, current records (custom fields, tier); the list rows stand in while they load
  const details = useQueries({
    queries: accounts.map((a) => ({ queryKey: queryKeys.account(a.id), queryFn: () => api.accounts.get(a.id), enabled: open })),
  });
  const loading = details.some((d) => d.isPending && d.fetchStatus !== 'idle');
  const candidates = useMemo(() => accounts.map((a, i) => details[i]?.data ?? a), [accounts, details]);
  const target = candidates.find((a) => a.id === targetId) ?? candidates[0];
  const keptId = target?.id;
  const sourceIds = candidates.filter((a) => a.id !== keptId).map((a) => a.id);

  const fields = useMemo(() => [...MERGE_FIELDS, ...cfDefs.map((d) => `cf.${d.key}`)], [cfDefs]);
  const differing = useMemo(() => differingFields(candidates, fields), [candidates, fields]);
  const choices = useMemo(
    () => ({ ...(keptId ? defaultChoices(candidates, keptId, differing) : {}), ...overrides }),
    [candidates, keptId, differing, overrides],
  );
  const nameOf = (id: Id) => candidates.find((a) => a.id === id)?.name ?? id;

  const fieldLabel = (field: string): string => {
    if (field === 'tier') return t('duplicates.merge.tier');
    if (field.startsWith('cf.')) {
      const def = cfDefs.find((d) => d.key === field.slice(3));
      return def ? labelOf(def, lang) : field.slice(3);
    }
    return t(`accounts.fields.${field}`);
  };
  const renderValue = (field: string, value: unknown): ReactNode => {
    if (isEmptyValue(value)) return <Typography.Text type="secondary">{t('duplicates.merge.emptyValue')}</Typography.Text>;
    if (field.startsWith('cf.')) {
      const def = cfDefs.find((d) => d.key === field.slice(3));
      if (def) return <CustomFieldValue def={def} value={value} />;
    }
    return <span style={{ wordBreak: 'break-word', whiteSpace: 'pre-wrap' }}>{orDash(value)}</span>;
  };

  const tooMany = sourceIds.length > MAX_SOURCES;
  const confirm = () => {
    if (!keptId || sourceIds.length === 0 || tooMany) return;
    merge.mutate(
      { targetId: keptId, sourceIds, fieldChoices: toFieldChoices(keptId, sourceIds, choices) },
      {
        onSuccess: (result) => {
          message.success(t('duplicates.merge.done', { count: result.mergedIds.length, name: nameOf(result.targetId) }));
          onClose();
          onMerged?.(result.targetId);
          navigate(`/accounts/${result.targetId}`);
        },
        onError: (err) => onError(err),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('duplicates.merge.title', { count: accounts.length })}
      okText={t('duplicates.merge.confirm')}
      cancelText={t('common.cancel')}
      onOk={confirm}
      onCancel={onClose}
      confirmLoading={merge.isPending}
      okButtonProps={{ danger: true, disabled: !keptId || sourceIds.length === 0 || tooMany, ...testId('merge-confirm') }}
      width={720}
      destroyOnHidden
      data-testid="merge-modal"
    >
      <Flex vertical gap={16}>
        <Alert type="info" showIcon title={t('duplicates.merge.intro')} />
        {tooMany ? <Alert type="error" showIcon title={t('duplicates.merge.tooMany', { max: MAX_SOURCES + 1 })} /> : null}

        <div>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('duplicates.merge.keep')}
          </Typography.Title>
          <Radio.Group
            value={keptId}
            onChange={(e) => {
              setTargetId(e.target.value as Id);
              setOverrides({});
            }}
            style={{ width: '100%' }}
            data-testid="merge-target"
          >
            <Flex vertical gap={8}>
              {candidates.map((a) => (
                <Radio key={a.id} value={a.id} {...testId('merge-target-option', { 'data-id': a.id })}>
                  <Flex vertical>
                    <Flex wrap gap={6} align="center">
                      <Typography.Text strong style={{ wordBreak: 'break-word' }}>
                        {a.name}
                      </Typography.Text>
                      {a.id === keptId ? <Tag color="blue">{t('duplicates.merge.kept')}</Tag> : <Tag>{t('duplicates.merge.mergedAway')}</Tag>}
                    </Flex>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[a.inPool ? a.poolName : a.ownerName, a.departmentName, `${t('duplicates.merge.createdAt')} ${formatDate(a.createdAt)}`]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  </Flex>
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </div>

        <div>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('duplicates.merge.fields')}
          </Typography.Title>
          {loading ? (
            <Skeleton active paragraph={{ rows: 3 }} />
          ) : differing.length === 0 ? (
            <Typography.Text type="secondary" data-testid="merge-no-differences">
              {t('duplicates.merge.noDifferences')}
            </Typography.Text>
          ) : (
            <Flex vertical gap={8}>
              {differing.map((field) => {
                const options = valueOptions(candidates, field, keptId ?? '');
                const chosen = options.find((o) => o.ids.includes(choices[field] ?? ''))?.id;
                return (
                  <Card key={field} size="small" title={fieldLabel(field)} data-testid={`merge-field-${field}`}>
                    <Radio.Group value={chosen} onChange={(e) => setOverrides((prev) => ({ ...prev, [field]: e.target.value as Id }))} style={{ width: '100%' }}>
                      <Flex vertical gap={6}>
                        {options.map((o) => (
                          <Radio key={o.id} value={o.id} {...testId('merge-choice', { 'data-field': field, 'data-id': o.id })}>
                            <Flex vertical>
                              {renderValue(field, o.value)}
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {o.ids.map(nameOf).join(t('common.listSeparator'))}
                              </Typography.Text>
                            </Flex>
                          </Radio>
                        ))}
                      </Flex>
                    </Radio.Group>
                  </Card>
                );
              })}
            </Flex>
          )}
        </div>
      </Flex>
    </Modal>
  );
}
