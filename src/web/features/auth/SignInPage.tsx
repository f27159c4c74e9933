import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { AuthShell } from './AuthShell';
import { useMe } from './useMe';
import { useSetupStatus } from './useSetupStatus';
import { useSignIn } from './useSignIn';

interface Values {
  identifier: string;
  password: string;
}

/** Only allow same-app relative redirects. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/accounts';
}

export default function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const setup = useSetupStatus();
  const me = useMe();
  const signIn = useSignIn();
  const [form] = Form.useForm<Values>();

  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (me.data) return <Navigate to={next} replace />;
  if (setup.isPending || me.isPending) return <PageLoader fullScreen />;

  const onFinish = (values: Values) => {
    signIn.mutate(
      { identifier: values.identifier.trim(), password: values.password },
      { onSuccess: () => navigate(next, { replace: true }) },
    );
  };

  return (
    <AuthShell title={t('signIn.title')} subtitle={t('signIn.subtitle')}>
      {signIn.error ? (
        <Alert
          type="error"
          showIcon
          title={signIn.error.message}
          style={{ marginBottom: 16 }}
          data-testid="sign-in-error"
          role="alert"
        />
      ) : null}
      <Form form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false} data-testid="sign-in-form">
        <Form.Item
          name="identifier"
          label={t('signIn.identifier')}
          rules={[{ required: true, whitespace: true, message: t('signIn.identifierRequired') }]}
        >
          <Input
            prefix={<UserOutlined />}
            placeholder={t('signIn.identifierPlaceholder')}
            autoComplete="username"
            autoFocus
            data-testid="sign-in-identifier"
          />
        </Form.Item>
        <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
          <Input.Password
            prefix={<LockOutlined />}
            placeholder={t('signIn.passwordPlaceholder')}
            autoComplete="current-password"
            data-testid="sign-in-password"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="sign-in-submit">
          {t('signIn.submit')}
        </Button>
      </Form>
    </AuthShell>
  );
}
