import { defineErrors } from '../../platform/http/errors.js';

export const apiTokenErrors = defineErrors({
  API_TOKEN_NOT_FOUND: { kind: 'not_found', 'zh-CN': 'API 令牌不存在', en: 'API token not found' },
});
