import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import { attachment } from '../imports/imports.routes.js';
import { attachmentErrors } from './attachments.errors.js';
import { attachmentIdParams, attachmentListSchema, attachmentSchema, listAttachmentsQuery } from './attachments.schemas.js';
import { createAttachmentsService, MAX_ATTACHMENT_MB } from './attachments.service.js';

const tags = ['attachments'];

export async function attachmentsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const service = createAttachmentsService({ database: deps.database, clock: deps.clock });

  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_ATTACHMENT_MB * 1024 * 1024, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();

    api.post(
      '/attachments',
      {
        schema: {
          tags,
          summary: `Upload an attachment (multipart: objectType, recordId, kind, file; at most ${MAX_ATTACHMENT_MB} MB)`,
          consumes: ['multipart/form-data'],
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        if (!request.isMultipart()) throw attachmentErrors.ATTACHMENT_FILE_MISSING();
        const fields: Record<string, string> = {};
        let file: { fileName: string; contentType: string; data: Buffer } | undefined;
        try {
          for await (const part of request.parts()) {
            if (part.type === 'file') file = { fileName: part.filename || 'file', contentType: part.mimetype, data: await part.toBuffer() };
            else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
          }
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code === 'FST_REQ_FILE_TOO_LARGE') throw attachmentErrors.ATTACHMENT_TOO_LARGE({ maxMb: MAX_ATTACHMENT_MB });
          if (code?.startsWith('FST_') && (err as { statusCode?: number }).statusCode !== 500) throw httpErrors.VALIDATION_FAILED();
          throw err;
        }
        if (!file) throw attachmentErrors.ATTACHMENT_FILE_MISSING();
        const dto = await service.upload(
          { actor, audit: auditContextOf(actor, request), locale: request.locale },
          { objectType: fields.objectType ?? '', recordId: fields.recordId ?? '', kind: fields.kind, ...file },
        );
        return reply.status(201).send(dto);
      },
    );

    api.get(
      '/attachments',
      { schema: { tags, summary: 'Attachments of a record', querystring: listAttachmentsQuery, response: { 200: attachmentListSchema } } },
      async (request) => service.list(requireActor(request), request.query.objectType, request.query.recordId, request.locale),
    );

    api.get(
      '/attachments/:id/content',
      { schema: { tags, summary: 'Download an attachment', params: attachmentIdParams } },
      async (request, reply) => {
        const file = await service.content(requireActor(request), request.params.id, request.locale);
        return reply.header('content-type', file.contentType).header('content-disposition', attachment(file.fileName)).header('x-content-type-options', 'nosniff').send(file.data);
      },
    );

    api.delete(
      '/attachments/:id',
      { schema: { tags, summary: 'Delete an attachment', params: attachmentIdParams, response: { 204: z.null() } } },
      async (request, reply) => {
        const actor = requireActor(request);
        await service.remove({ actor, audit: auditContextOf(actor, request), locale: request.locale }, request.params.id);
        return reply.status(204).send(null);
      },
    );
  });
}
