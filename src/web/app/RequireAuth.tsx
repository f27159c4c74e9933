import { useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { PageLoader } from '../components/PageLoader';
import { queryKeys, setUnauthorizedHandler } from '../lib/api';
import { useMe } from '../features/auth/useMe';
import { signedOutDeliberately } from '../features/auth/useSignOut';

/** Renders children only with a session; otherwise sends the user to sign-in (which forwards to setup if needed). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const location = useLocation();
  const me = useMe();

  useEffect(() => {
    // Any 401 from an authenticated call means the session is gone: drop it and the guard below redirects.
    setUnauthorizedHandler(() => qc.setQueryData(queryKeys.me, null));
    return () => setUnauthorizedHandler(null);
  }, [qc]);

  if (me.isPending) return <PageLoader fullScreen />;
  if (me.isError) {
    return (
      <Flex vertical align="center" justify="center" gap={12} style={{ minHeight: '100vh', padding: 24 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('errors.loadFailed')}
        </Typography.Title>
        <Typography.Text type="secondary">{me.error.message}</Typography.Text>
        <Button type="primary" onClick={() => void me.refetch()}>
          {t('common.retry')}
        </Button>
      </Flex>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    const to =
      !signedOutDeliberately() && next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
    return <Navigate to={to} replace />;
  }
  return <>{children}</>;
}
