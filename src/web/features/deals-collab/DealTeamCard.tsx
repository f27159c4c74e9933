import { DeleteOutlined, EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Avatar, Button, Card, Col, Empty, Flex, InputNumber, List, Modal, Row, Select, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { creditSum, evenSplit, TEAM_ROLE_KEYS } from '../../../core/deals/teamSplit';
import { ApiError } from '../../lib/api';
import { testId } from '../../lib/testid';
import { usePermission } from '../auth/usePermission';
import { UserSelect } from '../users/UserSelect';
import type { TeamMember } from './collabApi';
import { useDealTeam } from './useDealTeam';
import { useSaveDealTeam } from './useSaveDealTeam';

interface EditRow {
  key: number;
  userId?: string;
  userName: string | null;
  role: string;
  creditPercent: number | null;
}

function TeamEditModal({ dealId, open, members, roles, onClose }: { dealId: string; open: boolean; members: TeamMember[]; roles: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveDealTeam(dealId);
  const [rows, setRows] = useState<EditRow[]>([]);
  const [nextKey, setNextKey] = useState(0);
  const [serverError, setServerError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!open) return;
    setRows(members.map((m, i) => ({ key: i, userId: m.userId, userName: m.userName, role: m.role, creditPercent: m.creditPercent })));
    setNextKey(members.length);
    setServerError(null);
    save.reset();
    // only when the modal opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const sum = creditSum(rows.map((r) => ({ creditPercent: r.creditPercent ?? 0 })));
  const sumOk = rows.length === 0 || sum === 100;
  const complete = rows.every((r) => r.userId && r.role && r.creditPercent !== null);
  const duplicate = new Set(rows.map((r) => r.userId).filter(Boolean)).size !== rows.filter((r) => r.userId).length;

  const update = (key: number, patch: Partial<EditRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const add = () => {
    setRows((rs) => {
      const next: EditRow[] = [...rs, { key: nextKey, userName: null, role: rs.length === 0 ? 'owner' : 'sales', creditPercent: 0 }];
      // While the splits are still an even split (untouched), propose a new even split; otherwise the newcomer
      // gets what is left of 100 %.
      const untouched = rs.every((r, i) => r.creditPercent === evenSplit(rs.length)[i]);
      if (untouched) {
        const split = evenSplit(next.length);
        return next.map((r, i) => ({ ...r, creditPercent: split[i] ?? 0 }));
      }
      const left = Math.max(0, 100 - creditSum(rs.map((r) => ({ creditPercent: r.creditPercent ?? 0 }))));
      return next.map((r, i) => (i === next.length - 1 ? { ...r, creditPercent: left } : r));
    });
    setNextKey((k) => k + 1);
  };

  const submit = () => {
    setServerError(null);
    save.mutate(
      rows.map((r) => ({ userId: r.userId as string, role: r.role, creditPercent: r.creditPercent ?? 0 })),
      {
        onSuccess: () => {
          message.success(t('common.saved'));
          onClose();
        },
        onError: (err) => setServerError(err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', t('errors.generic'))),
      },
    );
  };

  const rowError = (i: number, field: string) => serverError?.fields.find((f) => f.field === `members.${i}.${field}`)?.message;
  const roleOptions = (roles.length ? roles : TEAM_ROLE_KEYS).map((r) => ({ value: r, label: t(`dealTeam.roles.${r}`, { defaultValue: r }) }));

  return (
    <Modal
      open={open}
      title={t('dealTeam.editTitle')}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: !complete || !sumOk || duplicate, ...testId('deal-team-save') }}
      width={680}
    >
      <Flex vertical gap={8}>
        {rows.map((r, i) => (
          <Row key={r.key} gutter={8} align="top" data-testid={`deal-team-edit-row-${i}`}>
            <Col xs={24} sm={11}>
              <UserSelect
                value={r.userId}
                currentLabel={r.userName}
                onChange={(v, option) => update(r.key, { userId: v, userName: (option as { label?: string } | undefined)?.label ?? null })}
                style={{ width: '100%' }}
                status={rowError(i, 'userId') ? 'error' : undefined}
                data-testid={`deal-team-user-${i}`}
              />
              {rowError(i, 'userId') ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{rowError(i, 'userId')}</Typography.Text> : null}
            </Col>
            <Col xs={12} sm={6}>
              <Select<string>
                value={r.role}
                options={roleOptions}
                onChange={(role) => update(r.key, { role })}
                style={{ width: '100%' }}
                status={rowError(i, 'role') ? 'error' : undefined}
                data-testid={`deal-team-role-${i}`}
              />
            </Col>
            <Col xs={9} sm={5}>
              <InputNumber<number>
                value={r.creditPercent}
                min={0}
                max={100}
                precision={0}
                suffix="%"
                onChange={(v) => update(r.key, { creditPercent: v })}
                style={{ width: '100%' }}
                status={rowError(i, 'creditPercent') ? 'error' : undefined}
                aria-label={t('dealTeam.credit')}
                data-testid={`deal-team-credit-${i}`}
              />
            </Col>
            <Col xs={3} sm={2}>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                data-testid={`deal-team-remove-${i}`}
              />
            </Col>
          </Row>
        ))}
        {rows.length === 0 ? <Typography.Text type="secondary">{t('dealTeam.emptyHint')}</Typography.Text> : null}
        <Flex wrap gap={8} justify="space-between" align="center">
          <Flex gap={8}>
            <Button icon={<PlusOutlined />} onClick={add} data-testid="deal-team-add">
              {t('dealTeam.addMember')}
            </Button>
            {rows.length > 1 ? (
              <Button
                onClick={() => {
                  const split = evenSplit(rows.length);
                  setRows((rs) => rs.map((r, i) => ({ ...r, creditPercent: split[i] ?? 0 })));
                }}
                data-testid="deal-team-even"
              >
                {t('dealTeam.evenSplit')}
              </Button>
            ) : null}
          </Flex>
          {rows.length > 0 ? (
            <Typography.Text type={sumOk ? 'success' : 'danger'} strong data-testid="deal-team-sum">
              {t('dealTeam.sum', { sum })}
            </Typography.Text>
          ) : null}
        </Flex>
        {duplicate ? <Alert type="warning" showIcon title={t('dealTeam.duplicate')} /> : null}
        {serverError ? (
          <Alert
            type="error"
            showIcon
            title={serverError.message}
            description={
              serverError.fields.length > 0 ? (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {serverError.fields.map((f, i) => (
                    <li key={i}>{f.message}</li>
                  ))}
                </ul>
              ) : undefined
            }
            data-testid="deal-team-error"
          />
        ) : null}
      </Flex>
    </Modal>
  );
}

/** The deal team: members, roles and credit split (edited as a whole; the split sums to 100 %). */
export function DealTeamCard({ dealId }: { dealId: string }) {
  const { t } = useTranslation();
  const can = usePermission();
  const { data, isPending, isError, error } = useDealTeam(dealId);
  const [editOpen, setEditOpen] = useState(false);

  return (
    <Card
      title={
        <Flex gap={8} align="center">
          <TeamOutlined />
          {t('dealTeam.title')}
        </Flex>
      }
      extra={
        can('deals', 'edit') && data ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditOpen(true)} data-testid="deal-team-edit">
            {t('common.edit')}
          </Button>
        ) : null
      }
      data-testid="deal-team"
    >
      {isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : isError ? (
        <Alert type="error" showIcon title={error.message} />
      ) : data.members.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dealTeam.none')} />
      ) : (
        <List<TeamMember>
          size="small"
          dataSource={data.members}
          rowKey="userId"
          renderItem={(m) => (
            <List.Item data-testid={`deal-team-member-${m.userId}`} extra={<Typography.Text strong>{m.creditPercent}%</Typography.Text>}>
              <Flex gap={8} align="center" style={{ minWidth: 0 }}>
                <Avatar size="small">{(m.userName ?? '?').slice(0, 1).toUpperCase()}</Avatar>
                <Typography.Text ellipsis>{m.userName ?? m.userId}</Typography.Text>
                <Tag style={{ marginInlineEnd: 0 }}>{t(`dealTeam.roles.${m.role}`, { defaultValue: m.role })}</Tag>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {data ? <TeamEditModal dealId={dealId} open={editOpen} members={data.members} roles={data.roles} onClose={() => setEditOpen(false)} /> : null}
    </Card>
  );
}
