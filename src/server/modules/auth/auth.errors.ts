import { defineErrors } from '../../platform/http/errors.js';

export const authModuleErrors = defineErrors({
  INVALID_CREDENTIALS: {
    kind: 'unauthenticated',
    'zh-CN': '账号或密码错误',
    en: 'Incorrect email/mobile or password',
  },
  TOO_MANY_ATTEMPTS: {
    kind: 'rate_limited',
    'zh-CN': '登录失败次数过多，请 1 分钟后再试',
    en: 'Too many failed sign-in attempts; try again in a minute',
  },
  WRONG_CURRENT_PASSWORD: {
    kind: 'validation',
    'zh-CN': '当前密码不正确',
    en: 'The current password is incorrect',
  },
  SESSION_REQUIRED: {
    kind: 'forbidden',
    'zh-CN': '此操作需要登录会话，不能使用 API 令牌',
    en: 'This requires a signed-in session, not an API token',
  },
});
