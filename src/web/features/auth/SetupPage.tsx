import { ApartmentOutlined, ArrowLeftOutlined, ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Flex, Form, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import type { SetupResult } from '../../lib/api';
import { useServerError } from '../../lib/useServerError';
import { AuthShell } from './AuthShell';
import { useSetup } from './useSetup';
import { useSetupStatus } from './useSetupStatus';

interface CreateValues {
  organizationName: string;
  adminName: string;
  email: string;
  mobile?: string;
  password: string;
  confirmPassword: string;
}

type Mode = 'choose' | 'create' | 'demo-done';

export default function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const status = useSetupStatus();
  const setup = useSetup();
  const onError = useServerError();
  const [form] = Form.useForm<CreateValues>();
  const [mode, setMode] = useState<Mode>('choose');
  const [demo, setDemo] = useState<SetupResult['demoCredentials'] | null>(null);

  if (status.isPending) return <PageLoader fullScreen />;
  if (status.data && !status.data.needsSetup && mode !== 'demo-done' && !setup.isSuccess) {
    return <Navigate to="/sign-in" replace />;
  }

  const startDemo = () => {
    setup.mutate(
      { mode: 'demo' },
      {
        onSuccess: (result) => {
          if (result.demoCredentials) {
            setDemo(result.demoCredentials);
            setMode('demo-done');
          } else {
            navigate('/accounts', { replace: true });
          }
        },
        onError: (err) => onError(err),
      },
    );
  };

  const createOrg = (values: CreateValues) => {
    setup.mutate(
      {
        mode: 'create',
        organizationName: values.organizationName.trim(),
        adminName: values.adminName.trim(),
        email: values.email.trim(),
        mobile: values.mobile?.trim() || undefined,
        password: values.password,
      },
      {
        onSuccess: () => navigate('/accounts', { replace: true }),
        onError: (err) => onError(err, form),
      },
    );
  };

  if (mode === 'demo-done' && demo) {
    return (
      <AuthShell title={t('setup.demoReadyTitle')} subtitle={t('setup.demoReadySubtitle')} width={480}>
        <Alert type="warning" showIcon title={t('setup.demoCredentialsOnce')} style={{ marginBottom: 16 }} />
        <Descriptions column={1} bordered size="small" data-testid="setup-demo-credentials">
          <Descriptions.Item label={t('setup.demoIdentifier')}>
            <Typography.Text copyable data-testid="setup-demo-identifier">
              {demo.identifier}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('setup.demoPassword')}>
            <Typography.Text copyable code data-testid="setup-demo-password">
              {demo.password}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        <Button
          type="primary"
          block
          size="large"
          style={{ marginTop: 24 }}
          onClick={() => navigate('/accounts', { replace: true })}
          data-testid="setup-continue"
        >
          {t('setup.enterApp')}
        </Button>
      </AuthShell>
    );
  }

  if (mode === 'create') {
    return (
      <AuthShell title={t('setup.createTitle')} subtitle={t('setup.createSubtitle')} width={480}>
        <Form form={form} layout="vertical" onFinish={createOrg} data-testid="setup-form">
          <Form.Item
            name="organizationName"
            label={t('setup.organizationName')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]}
          >
            <Input autoFocus data-testid="setup-org-name" />
          </Form.Item>
          <Form.Item
            name="adminName"
            label={t('setup.adminName')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 50 }]}
          >
            <Input autoComplete="name" data-testid="setup-admin-name" />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('fields.email')}
            rules={[
              { required: true, message: t('validation.required') },
              { type: 'email', message: t('validation.email') },
            ]}
          >
            <Input autoComplete="email" data-testid="setup-email" />
          </Form.Item>
          <Form.Item
            name="mobile"
            label={t('fields.mobile')}
            rules={[{ pattern: /^[\d\s+-]{6,20}$/, message: t('validation.mobile') }]}
          >
            <Input autoComplete="tel" inputMode="tel" data-testid="setup-mobile" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('fields.password')}
            rules={[
              { required: true, message: t('validation.required') },
              { min: 8, message: t('validation.passwordMin', { count: 8 }) },
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="setup-password" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t('changePassword.confirm')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue('password') === value
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('validation.passwordMismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="setup-password-confirm" />
          </Form.Item>
          <Flex gap={8} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => setMode('choose')} data-testid="setup-back">
              {t('common.back')}
            </Button>
            <Button type="primary" htmlType="submit" loading={setup.isPending} style={{ flex: 1 }} data-testid="setup-submit">
              {t('setup.createSubmit')}
            </Button>
          </Flex>
        </Form>
      </AuthShell>
    );
  }

  return (
    <AuthShell title={t('setup.title')} subtitle={t('setup.subtitle')} width={640}>
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12}>
          <Card
            hoverable
            onClick={() => setMode('create')}
            data-testid="setup-mode-create"
            style={{ height: '100%' }}
            role="button"
          >
            <Flex vertical gap={8}>
              <ApartmentOutlined style={{ fontSize: 28, color: '#1677ff' }} />
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('setup.createCardTitle')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('setup.createCardBody')}</Typography.Text>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} sm={12}>
          <Card
            hoverable
            onClick={() => {
              if (!setup.isPending) startDemo();
            }}
            data-testid="setup-mode-demo"
            style={{ height: '100%' }}
            role="button"
          >
            <Flex vertical gap={8}>
              <ExperimentOutlined style={{ fontSize: 28, color: '#52c41a' }} />
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('setup.demoCardTitle')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('setup.demoCardBody')}</Typography.Text>
              {setup.isPending ? <Typography.Text type="secondary">{t('setup.demoPreparing')}</Typography.Text> : null}
            </Flex>
          </Card>
        </Col>
      </Row>
    </AuthShell>
  );
}
