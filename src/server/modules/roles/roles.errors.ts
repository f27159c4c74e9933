import { defineErrors } from '../../platform/http/errors.js';

export const roleErrors = defineErrors({
  ROLE_NOT_FOUND: { kind: 'not_found', 'zh-CN': '角色不存在', en: 'Role not found' },
  INVALID_PERMISSION: {
    kind: 'validation',
    'zh-CN': '未知的权限对象或操作：{key}',
    en: 'Unknown permission object or action: {key}',
  },
  INVALID_FIELD_MASK: {
    kind: 'validation',
    'zh-CN': '未知的脱敏字段：{key}',
    en: 'Unknown maskable field: {key}',
  },
  ROLE_NAME_TAKEN: { kind: 'conflict', 'zh-CN': '已有名为“{name}”的角色', en: 'A role named "{name}" already exists' },
  CANNOT_REMOVE_OWN_ROLES_EDIT: {
    kind: 'validation',
    'zh-CN': '不能从自己的角色中移除“角色-编辑”权限，否则将无法再管理角色',
    en: 'You cannot remove "roles: edit" from your own role; nobody could manage roles any more',
  },
  SYSTEM_ROLE_UNDELETABLE: { kind: 'conflict', 'zh-CN': '系统预置角色不能删除', en: 'Built-in roles cannot be deleted' },
  ROLE_IN_USE: {
    kind: 'conflict',
    'zh-CN': '仍有 {count} 个用户使用该角色，不能删除',
    en: '{count} user(s) still have this role; it cannot be deleted',
  },
});
