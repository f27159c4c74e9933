import { defineErrors } from '../../platform/http/errors.js';

export const departmentErrors = defineErrors({
  DEPARTMENT_NOT_FOUND: { kind: 'not_found', 'zh-CN': '部门不存在', en: 'Department not found' },
  PARENT_NOT_FOUND: { kind: 'validation', 'zh-CN': '上级部门不存在', en: 'The parent department does not exist' },
  DEPARTMENT_CYCLE: {
    kind: 'validation',
    'zh-CN': '不能把部门移到它自己或它的下级部门之下',
    en: 'A department cannot be moved under itself or one of its sub-departments',
  },
  ROOT_HAS_NO_PARENT: {
    kind: 'validation',
    'zh-CN': '根部门不能有上级部门',
    en: 'The root department cannot have a parent',
  },
  MANAGER_NOT_FOUND: {
    kind: 'validation',
    'zh-CN': '负责人不存在或已停用',
    en: 'The manager does not exist or is inactive',
  },
  DEPARTMENT_NAME_TAKEN: {
    kind: 'conflict',
    'zh-CN': '同一上级部门下已有名为“{name}”的部门',
    en: 'The parent department already has a sub-department named "{name}"',
  },
  DEPARTMENT_NOT_EMPTY: {
    kind: 'conflict',
    'zh-CN': '部门下还有成员或下级部门，不能删除',
    en: 'The department still has members or sub-departments and cannot be deleted',
  },
  ROOT_DEPARTMENT_UNDELETABLE: { kind: 'conflict', 'zh-CN': '根部门不能删除', en: 'The root department cannot be deleted' },
});
