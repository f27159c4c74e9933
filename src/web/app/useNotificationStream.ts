import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { api, type ServerNotification } from '../lib/api';

/** Subscribes to the signed-in user's server-sent events and shows each notification. */
export function useNotificationStream(enabled: boolean) {
  const { notification } = App.useApp();
  // Keep one connection even when the notification API object changes (e.g. language switch).
  const notify = useRef(notification);
  notify.current = notification;

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(api.events.streamUrl());
    const onNotification = (event: MessageEvent<string>) => {
      try {
        const data = JSON.parse(event.data) as ServerNotification;
        notify.current.info({ key: data.id, title: data.title, description: data.body });
        // Features react to live notifications (e.g. tasks refresh on task.due) through this DOM event.
        window.dispatchEvent(new CustomEvent('luodi:notification', { detail: data }));
      } catch {
        // Ignore malformed events.
      }
    };
    source.addEventListener('notification', onNotification);
    return () => {
      source.removeEventListener('notification', onNotification);
      source.close();
    };
  }, [enabled]);
}
