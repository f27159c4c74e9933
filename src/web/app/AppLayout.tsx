import {
  ImportOutlined,
  AimOutlined,
  ApartmentOutlined,
  AppstoreAddOutlined,
  CarryOutOutlined,
  ContactsOutlined,
  CloudOutlined,
  CrownOutlined,
  DiffOutlined,
  FundOutlined,
  DownOutlined,
  FormOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuOutlined,
  NodeIndexOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Typography, theme } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageLoader } from '../components/PageLoader';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal';
import { useMe } from '../features/auth/useMe';
import { usePermission } from '../features/auth/usePermission';
import { useSignOut } from '../features/auth/useSignOut';
import { useNotificationStream } from './useNotificationStream';
import { QuickLogHost } from '../features/activities/QuickLogHost';
import { TasksNavBadge } from '../features/tasks/TasksNavBadge';
import { useTaskLiveRefresh } from '../features/tasks/useTaskLiveRefresh';

const SIDER_WIDTH = 220;

interface NavEntry {
  key: string;
  path: string;
  icon: ReactNode;
  labelKey: string;
  visible: boolean;
  /** shown after the label (e.g. a count) */
  badge?: ReactNode;
}

function Brand({ dark = true }: { dark?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/accounts" style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '0 20px', height: 56 }}>
      <span
        aria-hidden
        style={{
          width: 28,
          height: 28,
          borderRadius: 7,
          background: '#1677ff',
          color: '#fff',
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
          fontWeight: 700,
        }}
      >
        L
      </span>
      <span style={{ color: dark ? '#fff' : undefined, fontSize: 18, fontWeight: 600 }}>{t('app.name')}</span>
    </Link>
  );
}

export default function AppLayout() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  const isDesktop = screens.lg ?? true;
  const location = useLocation();
  const { data: me } = useMe();
  const can = usePermission();
  const signOut = useSignOut();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);

  useNotificationStream(Boolean(me));
  useTaskLiveRefresh();

  const entries: NavEntry[] = useMemo(
    () => [
      { key: 'accounts', path: '/accounts', icon: <ShopOutlined />, labelKey: 'nav.accounts', visible: can('accounts', 'view') },
      { key: 'deals', path: '/deals', icon: <FundOutlined />, labelKey: 'nav.deals', visible: can('deals', 'view') },
      { key: 'tasks', path: '/tasks', icon: <CarryOutOutlined />, labelKey: 'nav.tasks', visible: Boolean(me), badge: <TasksNavBadge /> },
      { key: 'pools', path: '/pools', icon: <CloudOutlined />, labelKey: 'nav.pools', visible: can('accounts', 'view') },
      { key: 'contacts', path: '/contacts', icon: <ContactsOutlined />, labelKey: 'nav.contacts', visible: can('contacts', 'view') },
      { key: 'leads', path: '/leads', icon: <AimOutlined />, labelKey: 'nav.leads', visible: can('leads', 'view') },
      {
        key: 'departments',
        path: '/departments',
        icon: <ApartmentOutlined />,
        labelKey: 'nav.departments',
        visible: can('departments', 'view'),
      },
      { key: 'users', path: '/users', icon: <TeamOutlined />, labelKey: 'nav.users', visible: can('users', 'view') },
      {
        key: 'roles',
        path: '/roles',
        icon: <SafetyCertificateOutlined />,
        labelKey: 'nav.roles',
        visible: can('roles', 'view'),
      },
      {
        key: 'custom-fields',
        path: '/custom-fields',
        icon: <AppstoreAddOutlined />,
        labelKey: 'nav.customFields',
        visible: can('roles', 'edit'),
      },
      {
        key: 'duplicate-rules',
        path: '/settings/duplicates',
        icon: <DiffOutlined />,
        labelKey: 'nav.duplicateRules',
        visible: can('roles', 'edit'),
      },
      { key: 'tiers', path: '/settings/tiers', icon: <CrownOutlined />, labelKey: 'nav.tiers', visible: can('roles', 'edit') },
      { key: 'tags', path: '/settings/tags', icon: <TagsOutlined />, labelKey: 'nav.tags', visible: can('roles', 'edit') },
      {
        key: 'activity-settings',
        path: '/settings/activities',
        icon: <FormOutlined />,
        labelKey: 'nav.activitySettings',
        visible: can('pipelines', 'edit') || can('roles', 'edit'),
      },
      { key: 'pipelines', path: '/settings/pipelines', icon: <NodeIndexOutlined />, labelKey: 'nav.pipelines', visible: can('pipelines', 'edit') },
      {
        key: 'imports',
        path: '/imports',
        icon: <ImportOutlined />,
        labelKey: 'nav.imports',
        visible: can('accounts', 'import') || can('contacts', 'import') || can('leads', 'import'),
      },
      { key: 'api-tokens', path: '/api-tokens', icon: <KeyOutlined />, labelKey: 'nav.apiTokens', visible: true },
    ],
    [can, me],
  );

  const selectedKey = entries.find((e) => location.pathname === e.path || location.pathname.startsWith(`${e.path}/`))?.key;

  const menuItems: MenuProps['items'] = entries
    .filter((e) => e.visible)
    .map((e) => ({
      key: e.key,
      icon: e.icon,
      label: (
        <Link to={e.path} data-testid={`nav-${e.key}`}>
          {t(e.labelKey)}
          {e.badge}
        </Link>
      ),
    }));

  const nav = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={selectedKey ? [selectedKey] : []}
      items={menuItems}
      onClick={() => setDrawerOpen(false)}
      style={{ borderInlineEnd: 0 }}
    />
  );

  const userMenu: MenuProps = {
    items: [
      {
        key: 'password',
        icon: <LockOutlined />,
        label: <span data-testid="menu-change-password">{t('userMenu.changePassword')}</span>,
      },
      { type: 'divider' },
      {
        key: 'sign-out',
        icon: <LogoutOutlined />,
        danger: true,
        label: <span data-testid="menu-sign-out">{t('userMenu.signOut')}</span>,
      },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPasswordOpen(true);
      if (key === 'sign-out') {
        // Clearing the session makes the route guard send the user to /sign-in.
        signOut.mutate();
      }
    },
  };

  const displayName = me?.user.displayName ?? '';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isDesktop ? (
        <Layout.Sider
          width={SIDER_WIDTH}
          style={{ position: 'fixed', insetInlineStart: 0, top: 0, bottom: 0, overflow: 'auto', zIndex: 20 }}
          data-testid="side-nav"
        >
          <Brand />
          {nav}
        </Layout.Sider>
      ) : (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={SIDER_WIDTH + 40}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
          data-testid="nav-drawer"
        >
          <Brand />
          {nav}
        </Drawer>
      )}
      <Layout style={{ marginInlineStart: isDesktop ? SIDER_WIDTH : 0, minWidth: 0 }}>
        <Layout.Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            padding: isDesktop ? '0 24px' : '0 12px',
            height: 56,
            lineHeight: '56px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
          }}
        >
          {!isDesktop && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('nav.open')}
              data-testid="nav-toggle"
            />
          )}
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0, fontSize: 15 }} data-testid="header-org-name">
            {me?.organization.name}
          </Typography.Text>
          <LanguageSwitch compact={!screens.sm} />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" data-testid="user-menu" style={{ paddingInline: 6 }}>
              <Flex align="center" gap={8}>
                <Avatar size="small" style={{ background: token.colorPrimary }}>
                  {displayName.slice(0, 1).toUpperCase()}
                </Avatar>
                {screens.sm ? <span>{displayName}</span> : null}
                <DownOutlined style={{ fontSize: 10 }} />
              </Flex>
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: isDesktop ? 24 : 12, minWidth: 0 }}>
          <div style={{ maxWidth: 1280, margin: '0 auto' }}>
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </div>
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
      <QuickLogHost />
    </Layout>
  );
}
