import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from './RequireAuth';

const SetupPage = lazy(() => import('../features/auth/SetupPage'));
const SignInPage = lazy(() => import('../features/auth/SignInPage'));
const AppLayout = lazy(() => import('./AppLayout'));
const AccountsPage = lazy(() => import('../features/accounts/AccountsPage'));
const AccountDetailPage = lazy(() => import('../features/accounts/AccountDetailPage'));
const DealsBoardPage = lazy(() => import('../features/deals/DealsBoardPage'));
const DealsListPage = lazy(() => import('../features/deals/DealsListPage'));
const DealDetailPage = lazy(() => import('../features/deals/DealDetailPage'));
const ContactsPage = lazy(() => import('../features/contacts/ContactsPage'));
const ContactDetailPage = lazy(() => import('../features/contacts/ContactDetailPage'));
const LeadsPage = lazy(() => import('../features/leads/LeadsPage'));
const LeadDetailPage = lazy(() => import('../features/leads/LeadDetailPage'));
const DepartmentsPage = lazy(() => import('../features/departments/DepartmentsPage'));
const UsersPage = lazy(() => import('../features/users/UsersPage'));
const RolesPage = lazy(() => import('../features/roles/RolesPage'));
const ApiTokensPage = lazy(() => import('../features/api-tokens/ApiTokensPage'));
const CustomFieldsPage = lazy(() => import('../features/custom-fields/CustomFieldsPage'));
const DuplicateSettingsPage = lazy(() => import('../features/duplicates/DuplicateSettingsPage'));
const TiersPage = lazy(() => import('../features/tiers/TiersPage'));
const TagsPage = lazy(() => import('../features/tags/TagsPage'));
const PipelinesPage = lazy(() => import('../features/pipelines/PipelinesPage'));
const TasksPage = lazy(() => import('../features/tasks/TasksPage'));
const ActivitySettingsPage = lazy(() => import('../features/activities/ActivitySettingsPage'));
const PoolPage = lazy(() => import('../features/pools/PoolPage'));
const PoolRulesPage = lazy(() => import('../features/pools/PoolRulesPage'));
const ImportsPage = lazy(() => import('../features/imports/ImportsPage'));
const ImportWizardPage = lazy(() => import('../features/imports/ImportWizardPage'));
const ImportDetailPage = lazy(() => import('../features/imports/ImportDetailPage'));
const NotFoundPage = lazy(() => import('./NotFoundPage'));

function page(Component: LazyExoticComponent<ComponentType>, fullScreen = false) {
  return (
    <Suspense fallback={<PageLoader fullScreen={fullScreen} />}>
      <Component />
    </Suspense>
  );
}

const router = createBrowserRouter([
  { path: '/setup', element: page(SetupPage, true) },
  { path: '/sign-in', element: page(SignInPage, true) },
  {
    path: '/',
    element: <RequireAuth>{page(AppLayout, true)}</RequireAuth>,
    children: [
      { index: true, element: <Navigate to="/accounts" replace /> },
      { path: 'accounts', element: page(AccountsPage) },
      { path: 'accounts/:id', element: page(AccountDetailPage) },
      { path: 'deals', element: page(DealsBoardPage) },
      { path: 'deals/list', element: page(DealsListPage) },
      { path: 'deals/:id', element: page(DealDetailPage) },
      { path: 'contacts', element: page(ContactsPage) },
      { path: 'contacts/:id', element: page(ContactDetailPage) },
      { path: 'leads', element: page(LeadsPage) },
      { path: 'leads/:id', element: page(LeadDetailPage) },
      { path: 'departments', element: page(DepartmentsPage) },
      { path: 'users', element: page(UsersPage) },
      { path: 'roles', element: page(RolesPage) },
      { path: 'api-tokens', element: page(ApiTokensPage) },
      { path: 'custom-fields', element: page(CustomFieldsPage) },
      { path: 'settings/duplicates', element: page(DuplicateSettingsPage) },
      { path: 'settings/tiers', element: page(TiersPage) },
      { path: 'settings/tags', element: page(TagsPage) },
      { path: 'settings/pipelines', element: page(PipelinesPage) },
      { path: 'tasks', element: page(TasksPage) },
      { path: 'settings/activities', element: page(ActivitySettingsPage) },
      { path: 'pools', element: page(PoolPage) },
      { path: 'pools/rules', element: page(PoolRulesPage) },
      { path: 'imports', element: page(ImportsPage) },
      { path: 'imports/new', element: page(ImportWizardPage) },
      { path: 'imports/:id', element: page(ImportDetailPage) },
      { path: '*', element: page(NotFoundPage) },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
