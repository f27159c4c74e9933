import { defineErrors } from '../../platform/http/errors.js';

export const customFieldErrors = defineErrors({
  CUSTOM_FIELD_NOT_FOUND: { kind: 'not_found', 'zh-CN': '自定义字段不存在', en: 'Custom field not found' },
  CUSTOM_FIELD_KEY_TAKEN: {
    kind: 'conflict',
    'zh-CN': '字段标识 {key} 已存在',
    en: 'The field key {key} already exists',
  },
  CUSTOM_FIELD_HAS_VALUES: {
    kind: 'conflict',
    'zh-CN': '该字段已有数据，不能删除；请改为停用',
    en: 'This field holds values and cannot be deleted; deactivate it instead',
  },
  CUSTOM_FIELD_NOT_UNIQUE: {
    kind: 'conflict',
    'zh-CN': '已有多条记录使用相同的值，不能设为唯一',
    en: 'Several records share a value, so the field cannot be made unique',
  },
  CUSTOM_FIELD_DECIMALS_FIXED: {
    kind: 'conflict',
    'zh-CN': '字段已有数据，不能修改小数位数',
    en: 'The field holds values, so its number of decimals cannot change',
  },
});
