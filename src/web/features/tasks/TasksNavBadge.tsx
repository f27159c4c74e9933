import { Badge } from 'antd';
import { useTaskCount } from './useTaskCount';

/** The side-nav badge of Tasks: my open tasks due today or overdue. */
export function TasksNavBadge() {
  const today = useTaskCount('today', 'me');
  const overdue = useTaskCount('overdue', 'me');
  const count = (today.data?.count ?? 0) + (overdue.data?.count ?? 0);
  if (count === 0) return null;
  return (
    <Badge
      count={count}
      overflowCount={99}
      size="small"
      color={(overdue.data?.count ?? 0) > 0 ? 'red' : 'blue'}
      style={{ marginInlineStart: 8, boxShadow: 'none' }}
      data-testid="nav-tasks-badge"
    />
  );
}
