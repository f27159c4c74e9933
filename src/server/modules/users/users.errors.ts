import { defineErrors } from '../../platform/http/errors.js';

/** Email/mobile errors (IDENTIFIER_TAKEN, INVALID_EMAIL, INVALID_MOBILE, EMAIL_OR_MOBILE_REQUIRED) are organizationErrors. */
export const userErrors = defineErrors({
  USER_NOT_FOUND: { kind: 'not_found', 'zh-CN': '用户不存在', en: 'User not found' },
  DEPARTMENT_NOT_FOUND: { kind: 'validation', 'zh-CN': '部门不存在', en: 'The department does not exist' },
  ROLE_NOT_FOUND: { kind: 'validation', 'zh-CN': '角色不存在', en: 'The role does not exist' },
  CANNOT_DEACTIVATE_SELF: { kind: 'validation', 'zh-CN': '不能停用自己的账号', en: 'You cannot deactivate your own account' },
  CANNOT_CHANGE_OWN_ROLE: { kind: 'validation', 'zh-CN': '不能修改自己的角色', en: 'You cannot change your own role' },
  INVALID_CURSOR: { kind: 'validation', 'zh-CN': '分页游标无效', en: 'The page cursor is invalid' },
});
