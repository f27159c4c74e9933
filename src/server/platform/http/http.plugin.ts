/**
 * HTTP conventions in one place: request language, error rendering (codes → status via STATUS_BY_KIND,
 * messages in the caller's language, fields named), unknown routes, malformed bodies. Bad input is always 4xx.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { localeFromAcceptLanguage, type Locale } from '../i18n/locale.js';
import { AppError, httpErrors, interpolate, validationMessages, type FieldError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
  }
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

function describeIssue(issue: ValidationIssue, locale: Locale): { field: string; message: string }[] {
  const base = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const params = issue.params ?? {};
  if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
    return (params.keys as string[]).map((k) => ({
      field: base ? `${base}.${k}` : k,
      message: validationMessages.unrecognized_keys![locale],
    }));
  }
  let key = issue.keyword;
  if (key === 'invalid_type' && /received undefined/.test(issue.message ?? '')) key = 'required';
  const template = (validationMessages[key] ?? validationMessages.fallback)![locale];
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number') values[k] = v;
    else if (typeof v === 'bigint') values[k] = Number(v);
  }
  return [{ field: base, message: interpolate(template, values) }];
}

export function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const body: { code: string; message: string; fields?: FieldError[]; details?: Record<string, unknown> } = {
    code: error.code,
    message: error.localizedMessage(request.locale ?? 'zh-CN'),
  };
  if (error.fields?.length) body.fields = error.fields;
  if (error.details) body.details = error.details;
  return reply.status(error.status).send({ error: body });
}

export interface HttpPluginOptions {
  /** index.html of the single-page app: non-API GETs without a file extension fall back to it */
  spaIndexHtml?: string;
}

export const httpPlugin = fp(async (app: FastifyInstance, opts: HttpPluginOptions) => {
  app.decorateRequest('locale', 'zh-CN');
  app.addHook('onRequest', async (request) => {
    request.locale = localeFromAcceptLanguage(request.headers['accept-language']);
  });

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    if (opts.spaIndexHtml && request.method === 'GET' && !pathname.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(pathname)) {
      return reply.type('text/html; charset=utf-8').send(opts.spaIndexHtml);
    }
    return sendError(reply, request, httpErrors.ROUTE_NOT_FOUND());
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendError(reply, request, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const context = (error as { validationContext?: string }).validationContext ?? 'body';
      const fields = (error.validation as ValidationIssue[])
        .flatMap((i) => describeIssue(i, request.locale))
        .map((f) => ({ field: f.field || context, message: f.message }));
      return sendError(reply, request, httpErrors.VALIDATION_FAILED({}, fields));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, request, httpErrors.MALFORMED_JSON());
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, request, httpErrors.PAYLOAD_TOO_LARGE());
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(reply, request, httpErrors.UNSUPPORTED_MEDIA_TYPE());
    }
    if (error instanceof SyntaxError || error.statusCode === 400) return sendError(reply, request, httpErrors.VALIDATION_FAILED());
    if (error.statusCode === 429) return sendError(reply, request, httpErrors.RATE_LIMITED());
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: { code: error.code ?? 'BAD_REQUEST', message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, request, httpErrors.INTERNAL());
  });
});
