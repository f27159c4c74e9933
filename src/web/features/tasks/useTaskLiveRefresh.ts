import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ServerNotification } from '../../lib/api';
import { taskKeys } from './tasksApi';

/** The DOM event useNotificationStream dispatches for every live notification. */
export const NOTIFICATION_EVENT = 'luodi:notification';

/** Refreshes the task lists (and the nav badge) when a task notification arrives over the live stream. */
export function useTaskLiveRefresh() {
  const qc = useQueryClient();
  useEffect(() => {
    const onNotification = (event: Event) => {
      const data = (event as CustomEvent<ServerNotification>).detail;
      if (data?.kind?.startsWith('task.')) void qc.invalidateQueries({ queryKey: taskKeys.all });
    };
    window.addEventListener(NOTIFICATION_EVENT, onNotification);
    return () => window.removeEventListener(NOTIFICATION_EVENT, onNotification);
  }, [qc]);
}
