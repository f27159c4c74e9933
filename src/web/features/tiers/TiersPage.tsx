import { DeleteOutlined, PlayCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Flex, Input, Popconfirm, Row, Select, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TierDefinition, TierRule } from '../../../core/tiers/evaluate';
import { PageHeader } from '../../components/PageHeader';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { usePermission } from '../auth/usePermission';
import { useActiveCustomFields } from '../custom-fields/useCustomFieldDefinitions';
import { TierRuleCard } from './TierRuleCard';
import { tierFields } from './tierFields';
import { TIER_COLORS } from './tierLabel';
import { useApplyTiers } from './useApplyTiers';
import { useSaveTierSettings } from './useSaveTierSettings';
import { useTierSettings } from './useTierSettings';

const KEY_RE = /^[A-Z0-9][A-Z0-9_]{0,7}$/;

/** Problems the server would reject, as message keys with parameters. */
function problemsOf(tiers: TierDefinition[], rules: TierRule[]): { key: string; params?: Record<string, unknown> }[] {
  const out: { key: string; params?: Record<string, unknown> }[] = [];
  if (tiers.length === 0) out.push({ key: 'tiers.problems.noTiers' });
  const seen = new Set<string>();
  tiers.forEach((d, i) => {
    if (!KEY_RE.test(d.key)) out.push({ key: 'tiers.problems.key', params: { n: i + 1 } });
    else if (seen.has(d.key)) out.push({ key: 'tiers.problems.duplicate', params: { key: d.key } });
    seen.add(d.key);
    if (!d.labelZh.trim() || !d.labelEn.trim()) out.push({ key: 'tiers.problems.label', params: { n: i + 1 } });
  });
  rules.forEach((r, i) => {
    if (!seen.has(r.tier)) out.push({ key: 'tiers.problems.ruleTier', params: { n: i + 1 } });
  });
  return out;
}

/** Admin: the organization's tiers (A/B/C…) and the ordered rules that assign them. */
export default function TiersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = usePermission();
  const canEdit = can('roles', 'edit');
  const onError = useServerError();
  const settings = useTierSettings();
  const save = useSaveTierSettings();
  const apply = useApplyTiers();
  const { data: cfDefs = [] } = useActiveCustomFields('accounts');
  const [tiers, setTiers] = useState<TierDefinition[]>([]);
  const [rules, setRules] = useState<TierRule[]>([]);
  const [dirty, setDirty] = useState(false);

  // the draft follows the server's settings whenever they change (loaded, saved, reloaded after a conflict)
  const version = settings.data?.version;
  useEffect(() => {
    if (!settings.data) return;
    setTiers(settings.data.tiers);
    setRules(settings.data.rules);
    setDirty(false);
  }, [settings.data, version]);

  const fields = useMemo(() => tierFields(settings.data?.fields ?? [], cfDefs, t), [settings.data, cfDefs, t]);
  const problems = problemsOf(tiers, rules);

  const editTiers = (next: TierDefinition[]) => {
    setTiers(next);
    setDirty(true);
  };
  const editRules = (next: TierRule[]) => {
    setRules(next);
    setDirty(true);
  };
  const setTier = (i: number, patch: Partial<TierDefinition>) => editTiers(tiers.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const addTier = () => {
    const used = new Set(tiers.map((d) => d.key));
    const key = 'ABCDEFGHIJ'.split('').find((k) => !used.has(k)) ?? '';
    editTiers([...tiers, { key, labelZh: '', labelEn: '', color: TIER_COLORS[tiers.length % TIER_COLORS.length]! }]);
  };
  const moveRule = (i: number, delta: -1 | 1) => {
    const next = [...rules];
    const [r] = next.splice(i, 1);
    next.splice(i + delta, 0, r!);
    editRules(next);
  };

  const doSave = () => {
    if (!settings.data) return;
    if (problems.length) {
      message.error(t(problems[0]!.key, problems[0]!.params));
      return;
    }
    save.mutate(
      { tiers: tiers.map((d) => ({ ...d, labelZh: d.labelZh.trim(), labelEn: d.labelEn.trim() })), rules, version: settings.data.version },
      {
        onSuccess: (saved) => message.success(saved.applied ? t('tiers.savedApplied', saved.applied) : t('tiers.saved')),
        onError: (err) => onError(err, undefined, { onVersionConflict: () => setDirty(false) }),
      },
    );
  };

  const doApply = () =>
    new Promise<void>((resolve) =>
      apply.mutate(undefined, {
        onSuccess: (r) => {
          message.success(t('tiers.applied', { examined: r.examined, changed: r.changed }));
          resolve();
        },
        onError: (err) => {
          onError(err);
          resolve();
        },
      }),
    );

  if (settings.isPending) {
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  }
  if (settings.isError) return <Alert type="error" showIcon title={settings.error.message} />;

  return (
    <div data-testid="tiers-page">
      <PageHeader
        title={t('tiers.title')}
        subTitle={t('tiers.subtitle')}
        extra={
          canEdit ? (
            <>
              <Popconfirm
                title={t('tiers.applyConfirmTitle')}
                description={dirty ? t('tiers.applyUnsaved') : t('tiers.applyConfirm')}
                okText={t('tiers.apply')}
                cancelText={t('common.cancel')}
                okButtonProps={{ ...testId('tiers-apply-confirm') }}
                onConfirm={doApply}
              >
                <Button icon={<PlayCircleOutlined />} loading={apply.isPending} data-testid="tiers-apply">
                  {t('tiers.apply')}
                </Button>
              </Popconfirm>
              <Button type="primary" icon={<SaveOutlined />} onClick={doSave} loading={save.isPending} disabled={!dirty} data-testid="tiers-save">
                {t('common.save')}
              </Button>
            </>
          ) : null
        }
      />
      {!canEdit ? <Alert type="info" showIcon title={t('tiers.readOnly')} style={{ marginBottom: 16 }} /> : null}
      {dirty && problems.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={problems.map((p) => t(p.key, p.params)).join('；')}
          data-testid="tiers-problems"
        />
      ) : null}

      <Card
        title={t('tiers.definitions')}
        style={{ marginBottom: 16 }}
        extra={
          canEdit ? (
            <Button size="small" icon={<PlusOutlined />} onClick={addTier} disabled={tiers.length >= 10} data-testid="tiers-add">
              {t('tiers.add')}
            </Button>
          ) : null
        }
      >
        <Flex vertical gap={12}>
          {tiers.map((d, i) => (
            <Row key={i} gutter={[8, 8]} align="middle" data-testid="tier-definition">
              <Col xs={6} sm={3}>
                <Input
                  value={d.key}
                  maxLength={8}
                  disabled={!canEdit}
                  status={KEY_RE.test(d.key) ? undefined : 'error'}
                  onChange={(e) => setTier(i, { key: e.target.value.toUpperCase() })}
                  placeholder="A"
                  aria-label={t('tiers.key')}
                  data-testid="tier-key"
                />
              </Col>
              <Col xs={18} sm={7}>
                <Input value={d.labelZh} maxLength={40} disabled={!canEdit} onChange={(e) => setTier(i, { labelZh: e.target.value })} placeholder={t('tiers.labelZh')} aria-label={t('tiers.labelZh')} data-testid="tier-label-zh" />
              </Col>
              <Col xs={24} sm={7}>
                <Input value={d.labelEn} maxLength={40} disabled={!canEdit} onChange={(e) => setTier(i, { labelEn: e.target.value })} placeholder={t('tiers.labelEn')} aria-label={t('tiers.labelEn')} data-testid="tier-label-en" />
              </Col>
              <Col xs={18} sm={5}>
                <Select<string>
                  value={d.color}
                  disabled={!canEdit}
                  onChange={(color) => setTier(i, { color })}
                  options={TIER_COLORS.map((c) => ({ value: c, label: <Tag color={c !== 'default' ? c : undefined}>{d.key || c}</Tag> }))}
                  style={{ width: '100%' }}
                  aria-label={t('tiers.color')}
                  data-testid="tier-color"
                />
              </Col>
              <Col xs={6} sm={2} style={{ textAlign: 'right' }}>
                {canEdit ? (
                  <Button type="text" danger icon={<DeleteOutlined />} disabled={tiers.length <= 1} onClick={() => editTiers(tiers.filter((_, j) => j !== i))} aria-label={t('common.delete')} data-testid="tier-remove" />
                ) : null}
              </Col>
            </Row>
          ))}
        </Flex>
      </Card>

      <Card
        title={t('tiers.rules.title')}
        extra={
          canEdit ? (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => editRules([...rules, { tier: tiers[0]?.key ?? 'A', conditions: [] }])}
              disabled={rules.length >= 50 || tiers.length === 0}
              data-testid="tier-rule-add"
            >
              {t('tiers.rules.add')}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary">{t('tiers.rules.help')}</Typography.Paragraph>
        {rules.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tiers.rules.empty')} />
        ) : (
          <Flex vertical gap={12}>
            {rules.map((r, i) => (
              <TierRuleCard
                key={i}
                index={i}
                count={rules.length}
                rule={r}
                tiers={tiers}
                fields={fields}
                onChange={(next) => editRules(rules.map((x, j) => (j === i ? next : x)))}
                onRemove={() => editRules(rules.filter((_, j) => j !== i))}
                onMove={(delta) => moveRule(i, delta)}
              />
            ))}
          </Flex>
        )}
      </Card>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: 12 }} data-testid="tiers-version">
        {t('tiers.version', { version: settings.data.version })}
      </Typography.Text>
    </div>
  );
}
