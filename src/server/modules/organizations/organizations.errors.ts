import type { Locale } from '../../platform/i18n/locale.js';
import { defineErrors, type AppError, type FieldError, type Params } from '../../platform/http/errors.js';

export const organizationErrors = defineErrors({
  IDENTIFIER_TAKEN: {
    kind: 'conflict',
    'zh-CN': '{identifier} 已被其他用户使用',
    en: '{identifier} is already used by another user',
  },
  SIGNUP_DISABLED: {
    kind: 'forbidden',
    'zh-CN': '未开放注册新组织',
    en: 'Creating new organizations is not enabled',
  },
  ALREADY_SET_UP: { kind: 'conflict', 'zh-CN': '系统已完成初始化', en: 'Luodi has already been set up' },
  INVALID_MOBILE: { kind: 'validation', 'zh-CN': '手机号格式不正确', en: 'Invalid mobile number' },
  INVALID_EMAIL: { kind: 'validation', 'zh-CN': '邮箱格式不正确', en: 'Invalid email address' },
  EMAIL_OR_MOBILE_REQUIRED: {
    kind: 'validation',
    'zh-CN': '邮箱和手机号至少填写一项',
    en: 'Enter an email or a mobile number',
  },
});

type ErrorFactory = (params?: Params, fields?: FieldError[]) => AppError;

/**
 * An error that names the offending input field(s), with the field message in the caller's language
 * (the error's own message).
 */
export function fieldError(make: ErrorFactory, fields: string | string[], locale: Locale, params: Params = {}): AppError {
  const message = make(params).localizedMessage(locale);
  const names = Array.isArray(fields) ? fields : [fields];
  return make(
    params,
    names.map((field) => ({ field, message })),
  );
}
