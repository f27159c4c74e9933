/**
 * Errors: each domain defines its codes with a kind and a message in zh-CN and en (see defineErrors);
 * the kind maps to an HTTP status here and only here. The error handler renders
 * `{ error: { code, message, fields? } }` in the request's language and never exposes internals on 5xx.
 */
import type { Locale } from '../i18n/locale.js';

export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

export interface ErrorDefinition extends LocalizedText {
  kind: ErrorKind;
}

export interface FieldError {
  field: string;
  message: string;
}

export type Params = Record<string, string | number>;

export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export class AppError extends Error {
  /** structured data for the client beside the message (e.g. the matches of a duplicate check); rendered as `details` */
  details?: Record<string, unknown>;

  constructor(
    readonly code: string,
    readonly definition: ErrorDefinition,
    readonly params: Params = {},
    readonly fields?: FieldError[],
  ) {
    super(`${code}: ${interpolate(definition.en, params)}`);
    this.name = 'AppError';
  }

  get status(): number {
    return STATUS_BY_KIND[this.definition.kind];
  }

  localizedMessage(locale: Locale): string {
    return interpolate(this.definition[locale], this.params);
  }
}

/**
 * Declares a domain's error codes once; returns a typed factory.
 *   const accountErrors = defineErrors({ ACCOUNT_NOT_FOUND: { kind: 'not_found', 'zh-CN': '客户不存在', en: 'Account not found' } });
 *   throw accountErrors.ACCOUNT_NOT_FOUND();
 */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(
  defs: T,
): { [K in keyof T]: (params?: Params, fields?: FieldError[]) => AppError } & { codes: { [K in keyof T]: K } } {
  const out: Record<string, unknown> = {};
  const codes: Record<string, string> = {};
  for (const [code, def] of Object.entries(defs)) {
    out[code] = (params?: Params, fields?: FieldError[]) => new AppError(code, def, params, fields);
    codes[code] = code;
  }
  out.codes = codes;
  return out as never;
}

/** Errors of the HTTP layer itself. */
export const httpErrors = defineErrors({
  VALIDATION_FAILED: { kind: 'validation', 'zh-CN': '请求参数有误', en: 'The request is invalid' },
  MALFORMED_JSON: { kind: 'validation', 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: {
    kind: 'validation',
    'zh-CN': '不支持的内容类型',
    en: 'Unsupported content type',
  },
  PAYLOAD_TOO_LARGE: { kind: 'payload_too_large', 'zh-CN': '请求体过大', en: 'The request body is too large' },
  ROUTE_NOT_FOUND: { kind: 'not_found', 'zh-CN': '接口不存在', en: 'No such endpoint' },
  UNAUTHENTICATED: { kind: 'unauthenticated', 'zh-CN': '请先登录', en: 'Please sign in' },
  FORBIDDEN: { kind: 'forbidden', 'zh-CN': '没有权限执行此操作', en: 'You do not have permission to do this' },
  CSRF_FAILED: {
    kind: 'forbidden',
    'zh-CN': '安全校验失败，请刷新页面后重试',
    en: 'Security check failed; reload the page and try again',
  },
  VERSION_CONFLICT: {
    kind: 'conflict',
    'zh-CN': '该记录已被他人修改，请刷新后重试',
    en: 'This record was changed by someone else; reload it and try again',
  },
  RATE_LIMITED: { kind: 'rate_limited', 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  INTERNAL: { kind: 'internal', 'zh-CN': '服务器内部错误', en: 'Internal server error' },
});

/** Field-level validation messages (zod issue codes → localized text). */
export const validationMessages: Record<string, LocalizedText> = {
  required: { 'zh-CN': '必填', en: 'is required' },
  invalid_type: { 'zh-CN': '类型不正确，应为 {expected}', en: 'must be of type {expected}' },
  too_small: { 'zh-CN': '长度或数值过小（最小 {minimum}）', en: 'is too small (minimum {minimum})' },
  too_big: { 'zh-CN': '长度或数值过大（最大 {maximum}）', en: 'is too big (maximum {maximum})' },
  invalid_format: { 'zh-CN': '格式不正确', en: 'has an invalid format' },
  invalid_value: { 'zh-CN': '取值不在允许范围内', en: 'has a value that is not allowed' },
  unrecognized_keys: { 'zh-CN': '不允许的字段', en: 'is not an allowed field' },
  custom: { 'zh-CN': '取值无效', en: 'is invalid' },
  fallback: { 'zh-CN': '取值无效', en: 'is invalid' },
};
