import { defineErrors } from '../../platform/http/errors.js';

export const savedViewErrors = defineErrors({
  VIEW_NOT_FOUND: { kind: 'not_found', 'zh-CN': '视图不存在', en: 'View not found' },
  VIEW_READ_ONLY: { kind: 'forbidden', 'zh-CN': '共享视图只能由创建人修改', en: 'Only its creator can change a shared view' },
});
