import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Checkbox, Empty, Flex, List, Skeleton, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { formatDate } from '../../lib/format';
import { useServerError } from '../../lib/useServerError';
import { useSetSearchParam } from '../../lib/useSetSearchParam';
import { useMe } from '../auth/useMe';
import { UserSelect } from '../users/UserSelect';
import { TaskFormModal } from './TaskFormModal';
import { TASK_VIEWS, type Task, type TaskView } from './tasksApi';
import { useTaskCount } from './useTaskCount';
import { useTasks } from './useTasks';
import { useUpdateTask } from './useUpdateTask';

const SOURCE_COLORS: Record<string, string> = { next_action: 'blue', negative_feedback: 'red', manual: 'default', automation: 'purple' };

function isView(v: string | null): v is TaskView {
  return v !== null && (TASK_VIEWS as string[]).includes(v);
}

function TabLabel({ view, assignee }: { view: TaskView; assignee: string }) {
  const { t } = useTranslation();
  const { data } = useTaskCount(view, assignee);
  return (
    <span data-testid={`tasks-tab-${view}`}>
      {t(`tasks.views.${view}`)}
      {data ? (
        <Badge
          count={data.more ? `${data.count}+` : data.count}
          showZero
          overflowCount={9999}
          color={view === 'overdue' && data.count > 0 ? 'red' : view === 'done' ? 'green' : 'blue'}
          style={{ marginInlineStart: 6 }}
          data-testid={`tasks-count-${view}`}
        />
      ) : null}
    </span>
  );
}

function TaskRow({ task, showAssignee }: { task: Task; showAssignee: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const update = useUpdateTask();
  const done = task.status === 'done';
  const toggle = () =>
    update.mutate(
      { id: task.id, patch: { version: task.version, status: done ? 'open' : 'done' } },
      { onSuccess: () => message.success(done ? t('tasks.reopened') : t('tasks.completed')), onError: (err) => onError(err) },
    );
  return (
    <List.Item data-testid={`task-row-${task.id}`} style={{ alignItems: 'flex-start', gap: 12 }}>
      <Flex gap={12} align="flex-start" style={{ minWidth: 0, flex: 1 }}>
        <Checkbox
          checked={done}
          disabled={update.isPending}
          onChange={toggle}
          aria-label={done ? t('tasks.reopen') : t('tasks.complete')}
          data-testid={`task-complete-${task.id}`}
          style={{ marginTop: 2 }}
        />
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text delete={done} type={done ? 'secondary' : undefined} style={{ wordBreak: 'break-word' }} data-testid={`task-title-${task.id}`}>
            {task.title}
          </Typography.Text>
          {task.notes ? (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '2px 0 0', fontSize: 12, whiteSpace: 'pre-wrap' }}>
              {task.notes}
            </Typography.Paragraph>
          ) : null}
          <Flex wrap gap={8} align="center" style={{ marginTop: 4, fontSize: 12 }}>
            <Typography.Text type={task.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid={`task-due-${task.id}`}>
              {task.overdue ? t('tasks.overdueOn', { date: task.dueDate }) : t('tasks.dueOn', { date: task.dueDate })}
            </Typography.Text>
            <Tag color={SOURCE_COLORS[task.source] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={`task-source-${task.id}`}>
              {t(`tasks.sources.${task.source}`, { defaultValue: task.source })}
            </Tag>
            {task.dealId ? (
              <Link to={`/deals/${task.dealId}`} data-testid={`task-deal-${task.id}`}>
                {task.dealName ?? t('tasks.deal')}
              </Link>
            ) : null}
            {task.accountId ? (
              <Link to={`/accounts/${task.accountId}`} data-testid={`task-account-${task.id}`}>
                {task.accountName ?? t('tasks.account')}
              </Link>
            ) : null}
            {showAssignee && task.assigneeName ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{task.assigneeName}</Typography.Text> : null}
            {done && task.completedAt ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('tasks.completedOn', { date: formatDate(task.completedAt) })}
              </Typography.Text>
            ) : null}
          </Flex>
        </div>
      </Flex>
    </List.Item>
  );
}

function TaskList({ view, assignee, showAssignee }: { view: TaskView; assignee: string; showAssignee: boolean }) {
  const { t } = useTranslation();
  const { data, isPending, isError, error, refetch, fetchNextPage, hasNextPage, isFetchingNextPage } = useTasks(view, assignee);
  if (isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (isError) return <Alert type="error" showIcon title={error.message} action={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>} />;
  const items = data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Empty description={t(`tasks.empty.${view}`)} data-testid="tasks-empty" />;
  return (
    <>
      <List<Task> dataSource={items} rowKey="id" renderItem={(task) => <TaskRow task={task} showAssignee={showAssignee} />} data-testid={`tasks-list-${view}`} />
      {hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button loading={isFetchingNextPage} onClick={() => void fetchNextPage()} data-testid="tasks-load-more">
            {t('common.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </>
  );
}

/** My tasks (and my team's): today, overdue, upcoming, done. */
export default function TasksPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const [formOpen, setFormOpen] = useState(false);
  const rawView = params.get('view');
  const view: TaskView = isView(rawView) ? rawView : 'today';
  const assigneeParam = params.get('assignee');
  const assignee = assigneeParam && assigneeParam !== me?.user.id ? assigneeParam : 'me';
  const { refetch } = useTasks(view, assignee);

  return (
    <div data-testid="tasks-page">
      <PageHeader
        title={t('tasks.title')}
        extra={
          <>
            <UserSelect
              allowClear
              value={assignee === 'me' ? undefined : assignee}
              placeholder={t('tasks.assigneeMe')}
              onChange={(v) => setParam('assignee', v ?? undefined)}
              style={{ width: 200 }}
              data-testid="tasks-assignee"
            />
            <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label={t('common.refresh')} data-testid="tasks-refresh" />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="task-new">
              {t('tasks.newTask')}
            </Button>
          </>
        }
      />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={view}
          onChange={(key) => setParam('view', key === 'today' ? undefined : key)}
          items={TASK_VIEWS.map((v) => ({ key: v, label: <TabLabel view={v} assignee={assignee} /> }))}
        />
        <TaskList view={view} assignee={assignee} showAssignee={assignee !== 'me'} />
      </Card>
      <TaskFormModal open={formOpen} onClose={() => setFormOpen(false)} />
    </div>
  );
}
