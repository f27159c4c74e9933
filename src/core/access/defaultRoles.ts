import { ACTIONS, type DataScope, type MaskMode, type Permissions } from './catalog.js';

export type SeededRoleKey = 'admin' | 'director' | 'manager' | 'rep';

export interface RoleTemplate {
  key: SeededRoleKey;
  name: { 'zh-CN': string; en: string };
  dataScope: DataScope;
  permissions: Permissions;
  fieldMasks: Record<string, MaskMode>;
}

const all = [...ACTIONS];
const admin = ['view', 'create', 'edit', 'delete'];
const activityAll = ['view', 'create', 'edit', 'delete', 'export', 'import'];

/** The four roles every new organization starts with (PRODUCT.md 4.1); admins may edit them. */
export const SEEDED_ROLES: readonly RoleTemplate[] = [
  {
    key: 'admin',
    name: { 'zh-CN': '管理员', en: 'Administrator' },
    dataScope: 'all',
    permissions: { accounts: all, contacts: all, leads: all, deals: all, activities: activityAll, pipelines: ['view', 'edit'], users: admin, departments: admin, roles: admin, api_tokens: ['view', 'create', 'delete'] },
    fieldMasks: {},
  },
  {
    key: 'director',
    name: { 'zh-CN': '销售总监', en: 'Sales director' },
    dataScope: 'all',
    permissions: { accounts: all, contacts: all, leads: all, deals: all, activities: activityAll, pipelines: ['view'], users: ['view'], departments: ['view'], roles: ['view'], api_tokens: ['view', 'create', 'delete'] },
    fieldMasks: {},
  },
  {
    key: 'manager',
    name: { 'zh-CN': '销售经理', en: 'Sales manager' },
    dataScope: 'department_and_children',
    permissions: {
      accounts: ['view', 'create', 'edit', 'delete', 'export', 'transfer'],
      contacts: ['view', 'create', 'edit', 'delete', 'export', 'transfer'],
      leads: ['view', 'create', 'edit', 'delete', 'export', 'transfer'],
      deals: ['view', 'create', 'edit', 'delete', 'export', 'transfer'],
      activities: ['view', 'create', 'edit', 'delete', 'export'],
      pipelines: ['view'],
      users: ['view'],
      departments: ['view'],
      api_tokens: ['view', 'create', 'delete'],
    },
    fieldMasks: {},
  },
  {
    key: 'rep',
    name: { 'zh-CN': '销售代表', en: 'Sales rep' },
    dataScope: 'own',
    permissions: {
      accounts: ['view', 'create', 'edit'],
      contacts: ['view', 'create', 'edit'],
      leads: ['view', 'create', 'edit'],
      deals: ['view', 'create', 'edit'],
      activities: ['view', 'create', 'edit'],
      pipelines: ['view'],
      users: ['view'],
      departments: ['view'],
    },
    fieldMasks: {},
  },
];
