import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Divider, Drawer, Flex, Form, Input, InputNumber, Popconfirm, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import type { Id } from '../../lib/api';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { buildDepartmentTree, type DepartmentNode } from '../departments/departmentTree';
import { useDepartments } from '../departments/useDepartments';
import { poolKeys, poolsApi, type Pool, type PoolInput, type PoolRules, type TierDays } from './poolsApi';

const RULES = ['idleDays', 'noDealDays', 'noWinDays'] as const;
type RuleKey = (typeof RULES)[number];
const TIERS = ['A', 'B', 'C'] as const;

interface RuleFields {
  on: boolean;
  default: number | null;
  A: number | null;
  B: number | null;
  C: number | null;
}
interface FormValues {
  name: string;
  departmentIds: Id[];
  isDefault: boolean;
  active: boolean;
  idleDays: RuleFields;
  noDealDays: RuleFields;
  noWinDays: RuleFields;
  exemptWon: boolean;
  exemptLocked: boolean;
  reminderDays: number;
  claimCapPerDay: number | null;
  cooldownDays: number;
  holdingCap: number | null;
}

const DEFAULT_RULES: PoolRules = {
  reclaim: { idleDays: { default: 30 }, noDealDays: null, noWinDays: null, exemptWon: true, exemptLocked: true },
  reminderDays: 2,
  claimCapPerDay: 10,
  cooldownDays: 7,
  holdingCap: 500,
  timeZone: 'Asia/Shanghai',
};

function toFields(days: TierDays | null, fallback: number): RuleFields {
  return { on: days !== null, default: days?.default ?? fallback, A: days?.A ?? null, B: days?.B ?? null, C: days?.C ?? null };
}

function toValues(pool: Pool | null): FormValues {
  const rules = pool?.rules ?? DEFAULT_RULES;
  return {
    name: pool?.name ?? '',
    departmentIds: pool?.departmentIds ?? [],
    isDefault: pool?.isDefault ?? false,
    active: pool?.active ?? true,
    idleDays: toFields(rules.reclaim.idleDays, 30),
    noDealDays: toFields(rules.reclaim.noDealDays, 60),
    noWinDays: toFields(rules.reclaim.noWinDays, 180),
    exemptWon: rules.reclaim.exemptWon,
    exemptLocked: rules.reclaim.exemptLocked,
    reminderDays: rules.reminderDays,
    claimCapPerDay: rules.claimCapPerDay,
    cooldownDays: rules.cooldownDays,
    holdingCap: rules.holdingCap,
  };
}

function toDays(f: RuleFields): TierDays | null {
  if (!f.on || !f.default) return null;
  const days: TierDays = { default: f.default };
  for (const tier of TIERS) if (f[tier]) days[tier] = f[tier]!;
  return days;
}

function toInput(v: FormValues, timeZone: string): PoolInput {
  return {
    name: v.name,
    departmentIds: v.departmentIds,
    isDefault: v.isDefault,
    active: v.active,
    rules: {
      reclaim: { idleDays: toDays(v.idleDays), noDealDays: toDays(v.noDealDays), noWinDays: toDays(v.noWinDays), exemptWon: v.exemptWon, exemptLocked: v.exemptLocked },
      reminderDays: v.reminderDays ?? 0,
      claimCapPerDay: v.claimCapPerDay ?? null,
      cooldownDays: v.cooldownDays ?? 0,
      holdingCap: v.holdingCap ?? null,
      timeZone,
    },
  };
}

function DepartmentsMultiSelect(props: { value?: Id[]; onChange?: (v: Id[]) => void }) {
  const { t } = useTranslation();
  const { data = [] } = useDepartments();
  const treeData = useMemo(() => {
    const toOption = (n: DepartmentNode): { value: string; title: string; children: unknown[] } => ({ value: n.id, title: n.name, children: n.children.map(toOption) });
    return buildDepartmentTree(data).map(toOption);
  }, [data]);
  return (
    <TreeSelect<Id[]>
      multiple
      allowClear
      treeDefaultExpandAll
      treeData={treeData as never}
      placeholder={t('pools.rules.wholeOrg')}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      data-testid="pool-form-departments"
    />
  );
}

function RuleEditor({ rule }: { rule: RuleKey }) {
  const { t } = useTranslation();
  const on = Form.useWatch([rule, 'on']);
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid={`pool-form-${rule}`}>
      <Flex align="center" gap={8} style={{ marginBottom: on ? 8 : 0 }}>
        <Form.Item name={[rule, 'on']} valuePropName="checked" noStyle>
          <Switch size="small" data-testid={`pool-form-${rule}-on`} />
        </Form.Item>
        <Typography.Text strong>{t(`pools.rules.${rule}`)}</Typography.Text>
      </Flex>
      {on ? (
        <Space wrap>
          <Form.Item name={[rule, 'default']} label={t('pools.rules.defaultDays')} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
            <InputNumber min={1} max={3650} suffix={t('pools.rules.daysUnit')} data-testid={`pool-form-${rule}-default`} />
          </Form.Item>
          {TIERS.map((tier) => (
            <Form.Item key={tier} name={[rule, tier]} label={t('pools.rules.tierDays', { tier })} style={{ marginBottom: 0 }}>
              <InputNumber min={1} max={3650} placeholder={t('pools.rules.sameAsDefault')} style={{ width: 110 }} />
            </Form.Item>
          ))}
        </Space>
      ) : null}
    </Card>
  );
}

/** Pool rules: admins (roles.edit) create pools and edit their rules. */
export default function PoolRulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [editing, setEditing] = useState<Pool | null | undefined>(undefined); // undefined: closed, null: new
  const pools = useQuery({ queryKey: poolKeys.list, queryFn: poolsApi.list });
  const { data: departments = [] } = useDepartments();
  const departmentName = (id: Id) => departments.find((d) => d.id === id)?.name ?? id;

  const invalidate = () => queryClient.invalidateQueries({ queryKey: poolKeys.all }).then(() => queryClient.invalidateQueries({ queryKey: ['accounts'] }));
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      editing ? poolsApi.update(editing.id, { ...toInput(v, editing.rules.timeZone), version: editing.version }) : poolsApi.create(toInput(v, DEFAULT_RULES.timeZone)),
    onSuccess: invalidate,
  });
  const remove = useMutation({ mutationFn: (id: Id) => poolsApi.remove(id), onSuccess: invalidate });

  const open = (pool: Pool | null) => {
    setEditing(pool);
    form.setFieldsValue(toValues(pool));
  };

  const ruleText = (p: Pool) =>
    RULES.filter((r) => p.rules.reclaim[r])
      .map((r) => t(`pools.rules.short.${r}`, { days: p.rules.reclaim[r]!.default }))
      .join(' · ') || t('pools.rules.noReclaim');

  const columns: TableProps<Pool>['columns'] = [
    {
      key: 'name',
      title: t('pools.rules.name'),
      render: (_, p) => (
        <Space>
          <span data-testid="pool-row-name">{p.name}</span>
          {p.isDefault ? <Tag color="blue">{t('pools.rules.default')}</Tag> : null}
          {!p.active ? <Tag>{t('pools.rules.inactive')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'departments',
      title: t('pools.rules.departments'),
      render: (_, p) => (p.departmentIds.length ? p.departmentIds.map((id) => <Tag key={id}>{departmentName(id)}</Tag>) : t('pools.rules.wholeOrg')),
    },
    { key: 'reclaim', title: t('pools.rules.reclaim'), render: (_, p) => ruleText(p) },
    { key: 'count', title: t('pools.rules.count'), dataIndex: 'accountCount', align: 'right' },
    {
      key: 'actions',
      title: '',
      align: 'right',
      render: (_, p) => (
        <Space>
          <Button size="small" icon={<EditOutlined />} onClick={() => open(p)} data-testid="pool-edit">
            {t('common.edit')}
          </Button>
          {!p.isDefault ? (
            <Popconfirm
              title={t('pools.rules.deleteConfirm', { name: p.name })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true, ...testId('pool-delete-confirm') }}
              onConfirm={() => remove.mutateAsync(p.id).then(() => message.success(t('pools.rules.deleted')), (err) => onError(err))}
            >
              <Button size="small" danger icon={<DeleteOutlined />} data-testid="pool-delete" />
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="pool-rules-page">
      <div style={{ marginBottom: 8 }}>
        <Link to="/pools">
          <ArrowLeftOutlined /> {t('pools.title')}
        </Link>
      </div>
      <PageHeader
        title={t('pools.rules.title')}
        subTitle={t('pools.rules.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open(null)} data-testid="pool-create">
            {t('pools.rules.create')}
          </Button>
        }
      />
      {pools.isError ? <Alert type="error" showIcon title={pools.error.message} /> : null}
      <Card>
        <Table<Pool> rowKey="id" columns={columns} dataSource={pools.data?.items ?? []} loading={pools.isPending} pagination={false} scroll={{ x: 'max-content' }} />
      </Card>
      <Drawer
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing ? t('pools.rules.editTitle', { name: editing.name }) : t('pools.rules.create')}
        size={560}
        destroyOnHidden
        extra={
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="pool-form-save">
            {t('common.save')}
          </Button>
        }
      >
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={(v) =>
            save.mutate(v, {
              onSuccess: () => {
                message.success(t('pools.rules.saved'));
                setEditing(undefined);
              },
              onError: (err) => onError(err, form, { onVersionConflict: () => setEditing(undefined) }),
            })
          }
        >
          <Form.Item name="name" label={t('pools.rules.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} data-testid="pool-form-name" />
          </Form.Item>
          <Form.Item name="departmentIds" label={t('pools.rules.departments')} extra={t('pools.rules.departmentsHint')}>
            <DepartmentsMultiSelect />
          </Form.Item>
          <Space size="large">
            <Form.Item name="isDefault" label={t('pools.rules.default')} valuePropName="checked">
              <Switch disabled={editing?.isDefault} />
            </Form.Item>
            <Form.Item name="active" label={t('pools.rules.active')} valuePropName="checked">
              <Switch disabled={editing?.isDefault} />
            </Form.Item>
          </Space>
          <Divider titlePlacement="start">{t('pools.rules.reclaim')}</Divider>
          {RULES.map((r) => (
            <RuleEditor key={r} rule={r} />
          ))}
          <Space wrap>
            <Form.Item name="exemptWon" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{t('pools.rules.exemptWon')}</Checkbox>
            </Form.Item>
            <Form.Item name="exemptLocked" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{t('pools.rules.exemptLocked')}</Checkbox>
            </Form.Item>
          </Space>
          <Divider titlePlacement="start">{t('pools.rules.limits')}</Divider>
          <Space wrap size="large">
            <Form.Item name="reminderDays" label={t('pools.rules.reminderDays')}>
              <InputNumber min={0} max={30} suffix={t('pools.rules.daysUnit')} data-testid="pool-form-reminder" />
            </Form.Item>
            <Form.Item name="claimCapPerDay" label={t('pools.rules.claimCap')} extra={t('pools.rules.emptyUnlimited')}>
              <InputNumber min={0} max={10000} data-testid="pool-form-claim-cap" />
            </Form.Item>
            <Form.Item name="cooldownDays" label={t('pools.rules.cooldown')}>
              <InputNumber min={0} max={3650} suffix={t('pools.rules.daysUnit')} data-testid="pool-form-cooldown" />
            </Form.Item>
            <Form.Item name="holdingCap" label={t('pools.rules.holdingCap')} extra={t('pools.rules.emptyUnlimited')}>
              <InputNumber min={0} max={1000000} data-testid="pool-form-holding-cap" />
            </Form.Item>
          </Space>
        </Form>
      </Drawer>
    </div>
  );
}
