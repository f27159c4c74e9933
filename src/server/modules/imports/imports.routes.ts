import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasPermission } from '../../../core/access/catalog.js';
import { requireActor } from '../../platform/auth/auth.plugin.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, httpErrors } from '../../platform/http/errors.js';
import { importErrors, importFieldMessages } from './imports.errors.js';
import { importDispatcher } from './imports.jobs.js';
import {
  createFieldsSchema,
  importIdParams,
  importOptionsSchema,
  importPageSchema,
  importSchema,
  listImportsQuery,
  mappingSchema,
  previewSchema,
  problemsPageSchema,
  problemsQuery,
  runBody,
  saveMappingBody,
} from './imports.schemas.js';
import { createImportsService, type CreateImportInput, type UploadedFile } from './imports.service.js';
import { importPorts } from './imports.wiring.js';

const tags = ['imports'];
export const MAX_IMPORT_FILE_MB = 512;

/** RFC 6266 attachment header with an ASCII fallback and the UTF-8 name. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function importsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const service = createImportsService({
    database: deps.database,
    clock: deps.clock,
    customFields: importPorts(deps).customFields,
    dispatch: importDispatcher(deps),
  });

  const importer = (request: FastifyRequest) => {
    const actor = requireActor(request);
    if (actor.tokenScopes && !actor.tokenScopes.some((s) => s.endsWith(':write'))) throw httpErrors.FORBIDDEN();
    if (!service.canImportSomething(actor)) throw httpErrors.FORBIDDEN();
    return actor;
  };

  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_IMPORT_FILE_MB * 1024 * 1024, files: 1, fields: 20, fieldSize: 200_000, parts: 25 },
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();

    /** Reads the multipart parts in order; the file goes to `onFile`, fields are collected. */
    async function readParts(request: FastifyRequest, onFile: (file: UploadedFile, fieldsSoFar: Record<string, string>) => Promise<void>): Promise<Record<string, string>> {
      if (!request.isMultipart()) throw importErrors.IMPORT_FILE_MISSING();
      const fields: Record<string, string> = {};
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') await onFile({ fileName: part.filename || 'upload', stream: part.file }, fields);
          else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        }
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw importErrors.IMPORT_FILE_TOO_LARGE({ maxMb: MAX_IMPORT_FILE_MB });
        if (code?.startsWith('FST_') && (err as { statusCode?: number }).statusCode !== 500) throw httpErrors.VALIDATION_FAILED();
        throw err;
      }
      return fields;
    }

    api.post(
      '/imports/preview',
      { schema: { tags, summary: 'Preview an import file: format, encoding, headers, first rows, suggested mapping', consumes: ['multipart/form-data'], response: { 200: previewSchema } } },
      async (request) => {
        const actor = importer(request);
        let preview: z.infer<typeof previewSchema> | undefined;
        let fileSeen: UploadedFile | undefined;
        const queryType = (request.query as { objectType?: string } | undefined)?.objectType;
        // the objectType field must come before the file (or be in the query string); default accounts
        await readParts(request, async (file, fieldsSoFar) => {
          fileSeen = file;
          const type = fieldsSoFar.objectType ?? queryType ?? 'accounts';
          if (!hasPermission(actor.permissions, type, 'import')) throw httpErrors.FORBIDDEN();
          preview = await service.preview(actor, type, file, request.locale);
        });
        if (!fileSeen || !preview) throw importErrors.IMPORT_FILE_MISSING();
        return preview;
      },
    );

    api.post(
      '/imports',
      { schema: { tags, summary: 'Upload a file and start an import (or a dry run)', consumes: ['multipart/form-data'], response: { 202: importSchema } } },
      async (request, reply) => {
        const actor = importer(request);
        const locale = request.locale;
        const dto = await service.create(
          actor,
          async (storeFile) => {
            const fields = await readParts(request, storeFile);
            return (): CreateImportInput => {
              const parsed = createFieldsSchema.safeParse(fields);
              if (!parsed.success) {
                throw httpErrors.VALIDATION_FAILED(
                  {},
                  parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.path[0] === 'duplicatePolicy' ? importFieldMessages.policy[locale] : i.message })),
                );
              }
              let mapping: Record<string, string>;
              let options: z.infer<typeof importOptionsSchema> = {};
              try {
                mapping = z.record(z.string(), z.string()).parse(JSON.parse(parsed.data.mapping));
              } catch {
                throw httpErrors.VALIDATION_FAILED({}, [{ field: 'mapping', message: importFieldMessages.mappingJson[locale] }]);
              }
              if (parsed.data.options) {
                try {
                  const r = importOptionsSchema.safeParse(JSON.parse(parsed.data.options));
                  if (!r.success) {
                    throw httpErrors.VALIDATION_FAILED({}, r.error.issues.map((i) => ({ field: ['options', ...i.path].join('.'), message: i.message })));
                  }
                  options = r.data;
                } catch (err) {
                  if (err instanceof AppError) throw err;
                  throw httpErrors.VALIDATION_FAILED({}, [{ field: 'options', message: importFieldMessages.optionsJson[locale] }]);
                }
              }
              return {
                objectType: parsed.data.objectType,
                mapping,
                dryRun: parsed.data.dryRun === 'true' || parsed.data.dryRun === '1',
                duplicatePolicy: parsed.data.duplicatePolicy,
                dateOrder: options.dateOrder,
                dealOptions: (({ dateOrder: _, ...deal }) => deal)(options),
              };
            };
          },
          locale,
        );
        return reply.status(202).send(dto);
      },
    );
  });

  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/imports',
    { schema: { tags, summary: 'Past imports (导入记录), newest first', querystring: listImportsQuery, response: { 200: importPageSchema } } },
    async (request) => service.list(importer(request), request.query, request.locale),
  );

  api.get(
    '/imports/:id',
    { schema: { tags, summary: 'Progress and result of an import', params: importIdParams, response: { 200: importSchema } } },
    async (request) => service.get(importer(request), request.params.id, request.locale),
  );

  api.get(
    '/imports/:id/problems',
    { schema: { tags, summary: 'Rows with problems (rejected rows and warnings)', params: importIdParams, querystring: problemsQuery, response: { 200: problemsPageSchema } } },
    async (request) => service.problems(importer(request), request.params.id, request.query, request.locale),
  );

  api.get(
    '/imports/:id/problems.csv',
    { schema: { tags, summary: 'Download the rows with problems and their reasons (CSV)', params: importIdParams } },
    async (request, reply) => {
      const { fileName, stream } = await service.problemsCsv(importer(request), request.params.id, request.locale);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(fileName)).send(stream);
    },
  );

  api.post(
    '/imports/:id/run',
    { schema: { tags, summary: 'Run a validated dry run for real', params: importIdParams, body: runBody, response: { 202: importSchema } } },
    async (request, reply) => reply.status(202).send(await service.runForReal(importer(request), request.params.id, request.body ?? {}, request.locale)),
  );

  api.post(
    '/imports/:id/resume',
    { schema: { tags, summary: 'Continue an interrupted import after its committed rows', params: importIdParams, body: runBody, response: { 202: importSchema } } },
    async (request, reply) => reply.status(202).send(await service.resume(importer(request), request.params.id, request.locale)),
  );

  api.put(
    '/import-mappings',
    { schema: { tags, summary: 'Save the column mapping of a source (by its header signature)', body: saveMappingBody, response: { 200: mappingSchema } } },
    async (request) => {
      const actor = importer(request);
      if (!hasPermission(actor.permissions, request.body.objectType, 'import')) throw httpErrors.FORBIDDEN();
      return service.saveMapping(actor, request.body, request.locale);
    },
  );
}
