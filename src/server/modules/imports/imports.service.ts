/**
 * Imports (导入): upload (streamed into import_file_chunks), preview with a suggested mapping, saved
 * mappings per source, the job's progress and result, rejected rows as CSV. The run itself is
 * imports.processor.ts, started through the job queue (imports.jobs.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { hasPermission } from '../../../core/access/catalog.js';
import type { CustomFieldDef } from '../../../core/custom-fields/types.js';
import { UTF8_BOM, csvLine } from '../../../core/imports/csv.js';
import { headerSignature, suggestMapping } from '../../../core/imports/headers.js';
import { cellText, type Localized } from '../../../core/imports/rows.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors, interpolate, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { importErrors, importFieldMessages } from './imports.errors.js';
import { CUSTOM_PREFIX, IMPORT_FIELDS, mappableFields, SUPPORTED_IMPORT_OBJECTS } from './imports.fields.js';
import type { ImportCustomFieldsPort } from './imports.ports.js';
import { chunkStream, isRunningHere, type DuplicatePolicy, type ImportOptions } from './imports.processor.js';
import { importsRepository, type ImportJobRow } from './imports.repository.js';
import { checkDealImportOptions } from './imports.deals.js';
import type { DealImportOptions, ImportDto, PreviewDto } from './imports.schemas.js';
import { headerNames, peek, readRows, sniff, SourceError, type SourceInfo } from './imports.source.js';

/** Raw bytes per stored chunk (≈1.33 MB as base64 text). */
export const CHUNK_BYTES = 1024 * 1024;
export const PREVIEW_ROWS = 20;
/** PostgreSQL: a `running` import without a committed batch for this long is taken as interrupted (resumable). */
export const STALE_RUN_MS = 2 * 60_000;

export interface ImportsServiceDeps {
  database: Database;
  clock: Clock;
  customFields?: ImportCustomFieldsPort;
  /** starts (or queues) the run of an import */
  dispatch: (orgId: string, importId: string) => Promise<void>;
}

export interface UploadedFile {
  fileName: string;
  stream: AsyncIterable<Buffer>;
}

export interface CreateImportInput {
  objectType: string;
  mapping: Record<string, string>;
  dryRun: boolean;
  duplicatePolicy: DuplicatePolicy;
  dateOrder?: 'mdy' | 'dmy';
  /** objectType deals: imports.deals.ts options (stored with the job's options) */
  dealOptions?: DealImportOptions;
}

const PROBLEM_HEADERS: Record<Locale, [string, string, string]> = {
  'zh-CN': ['行号', '级别', '原因'],
  en: ['Row', 'Severity', 'Reason'],
};
const SEVERITY: Record<string, Localized> = { error: { 'zh-CN': '错误', en: 'Error' }, warning: { 'zh-CN': '提示', en: 'Warning' } };

function parseError(text: string | null): { code: string; message: Localized } | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as { code: string; message: Localized };
  } catch {
    return { code: 'IMPORT_FAILED', message: { 'zh-CN': text, en: text } };
  }
}

export function toImportDto(job: ImportJobRow, locale: Locale, createdByName: string | null = null): ImportDto {
  const options = job.options as Partial<ImportOptions>;
  const err = parseError(job.error);
  const done = job.status === 'completed' || job.status === 'validated';
  return {
    id: job.id,
    objectType: job.objectType,
    status: job.status,
    dryRun: job.dryRun === 1,
    fileName: job.fileName,
    fileSize: job.fileSize,
    format: job.format,
    encoding: job.encoding,
    mapping: job.mapping,
    duplicatePolicy: (options.duplicatePolicy ?? 'skip') as DuplicatePolicy,
    dateOrder: options.dateOrder ?? 'mdy',
    headers: options.headers ?? [],
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    createdRows: job.createdRows,
    updatedRows: job.updatedRows,
    skippedRows: job.skippedRows,
    failedRows: job.failedRows,
    committedRows: job.committedRows,
    progress: done ? 1 : job.totalRows ? Math.min(0.99, job.processedRows / job.totalRows) : 0,
    error: err ? { code: err.code, message: err.message[locale] } : null,
    createdAt: job.createdAt.toISOString(),
    createdBy: job.createdBy,
    createdByName,
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** Saved mappings are found by a hash of the header signature (order- and case-insensitive). */
export function sourceKeyOf(headers: readonly string[]): string {
  return createHash('sha256').update(headerSignature(headers)).digest('hex');
}

function assertObjectType(objectType: string) {
  if (!SUPPORTED_IMPORT_OBJECTS.includes(objectType)) throw importErrors.IMPORT_OBJECT_UNSUPPORTED({ objectType });
}

export function createImportsService(deps: ImportsServiceDeps) {
  const { database, clock } = deps;

  const definitions = (orgId: string, objectType: string): Promise<CustomFieldDef[]> =>
    deps.customFields ? database.withTenant(orgId, (tx) => deps.customFields!.definitions(tx, orgId, objectType)) : Promise.resolve([]);

  /** Checks a mapping against the object's fields and the file's headers; returns the field errors. */
  function mappingErrors(objectType: string, mapping: Record<string, string>, headers: string[] | null, defs: CustomFieldDef[], locale: Locale): FieldError[] {
    const errors: FieldError[] = [];
    const standard = new Set((IMPORT_FIELDS[objectType] ?? []).map((f) => f.key));
    const custom = new Set(defs.filter((d) => d.active).map((d) => `${CUSTOM_PREFIX}${d.key}`));
    const targets = new Set<string>();
    for (const [header, target] of Object.entries(mapping)) {
      if (!target) continue;
      if (headers && !headers.includes(header)) {
        errors.push({ field: `mapping.${header}`, message: locale === 'en' ? `no column "${header}" in the file` : `文件中没有「${header}」列` });
      }
      if (!standard.has(target) && !custom.has(target)) {
        errors.push({ field: `mapping.${header}`, message: interpolate(importFieldMessages.unknownField[locale], { field: target }) });
      } else if (targets.has(target)) {
        errors.push({ field: `mapping.${header}`, message: interpolate(importFieldMessages.duplicateTarget[locale], { field: target }) });
      }
      targets.add(target);
    }
    const required = (IMPORT_FIELDS[objectType] ?? []).filter((f) => f.required && !targets.has(f.key));
    for (const f of required) errors.push({ field: 'mapping', message: interpolate(importFieldMessages.nameRequired[locale], { label: f.label[locale] }) });
    return errors;
  }

  /** Streams an upload into import_file_chunks (one short transaction per ≈1 MB chunk). */
  async function store(orgId: string, importId: string, file: AsyncIterable<Buffer>): Promise<{ size: number; head: Buffer }> {
    let pending: Buffer[] = [];
    let pendingSize = 0;
    let size = 0;
    let chunkNo = 0;
    let head: Buffer | null = null;
    const flush = async () => {
      const data = Buffer.concat(pending, pendingSize);
      if (!head) head = data.subarray(0, 65_536);
      pending = [];
      pendingSize = 0;
      const n = chunkNo++;
      await database.withTenant(orgId, (tx) => importsRepository.insertChunk(tx, orgId, importId, n, data.toString('base64')));
    };
    for await (const buf of file) {
      pending.push(buf);
      pendingSize += buf.length;
      size += buf.length;
      if (pendingSize >= CHUNK_BYTES) await flush();
    }
    if (pendingSize > 0 || chunkNo === 0) await flush();
    return { size, head: head ?? Buffer.alloc(0) };
  }

  async function firstRows(stream: Readable, info: SourceInfo, limit: number): Promise<{ headers: string[]; rows: string[][] }> {
    let headers: string[] | null = null;
    const rows: string[][] = [];
    for await (const cells of readRows(stream, info)) {
      if (!headers) {
        headers = headerNames(cells);
        if (limit === 0) break;
        continue;
      }
      rows.push(headers.map((_, i) => cellText(cells[i])));
      if (rows.length >= limit) break;
    }
    if (!headers) throw new SourceError('empty');
    return { headers, rows };
  }

  /**
   * A failed job, or a `running`/`validating` one whose run is not in progress: on PGlite this process owns
   * the data dir (luodi.lock), so a run that is not here died with an earlier process; on PostgreSQL another
   * instance may be running it, so only after STALE_RUN_MS without a committed batch (each bumps updated_at).
   * A wrong guess costs nothing: every batch re-checks committed_rows under the job's row lock, so of two
   * runs only one advances the job (the other stops at its next batch).
   */
  function interrupted(job: ImportJobRow): boolean {
    if (job.status === 'failed') return true;
    if (job.status !== 'running' && job.status !== 'validating') return false;
    if (isRunningHere(job.id)) return false;
    if (database.kind === 'pglite') return true;
    return clock.now().getTime() - job.updatedAt.getTime() > STALE_RUN_MS;
  }

  /** The DTO, with whether POST /imports/:id/resume would take the job now. */
  function jobDto(job: ImportJobRow, locale: Locale, createdByName: string | null = null): ImportDto {
    return { ...toImportDto(job, locale, createdByName), resumable: interrupted(job) };
  }

  async function dtoOf(orgId: string, id: string, locale: Locale): Promise<ImportDto> {
    const job = await database.withTenant(orgId, (tx) => importsRepository.getJob(tx, orgId, id));
    if (!job) throw importErrors.IMPORT_NOT_FOUND();
    return jobDto(job, locale);
  }

  return {
    /** Whether the actor may import anything at all (checked before reading an upload). */
    canImportSomething: (actor: Actor) => SUPPORTED_IMPORT_OBJECTS.some((o) => hasPermission(actor.permissions, o, 'import')),

    async preview(actor: Actor, objectType: string, file: UploadedFile, locale: Locale): Promise<PreviewDto> {
      assertObjectType(objectType);
      let result: { info: SourceInfo; headers: string[]; rows: string[][] };
      const { head, stream, drain } = await peek(file.stream);
      try {
        const info = sniff(head, file.fileName);
        const { headers, rows } = await firstRows(stream, info, PREVIEW_ROWS);
        result = { info, headers, rows };
      } catch (err) {
        await drain();
        if (err instanceof SourceError) throw err.toAppError();
        throw err;
      }
      await drain();
      const defs = await definitions(actor.orgId, objectType);
      const fields = mappableFields(objectType, defs);
      const saved = await database.withTenant(actor.orgId, (tx) => importsRepository.getMapping(tx, actor.orgId, objectType, sourceKeyOf(result.headers)));
      const usable = saved && mappingErrors(objectType, saved.mapping, result.headers, defs, locale).length === 0;
      return {
        format: result.info.format,
        encoding: result.info.encoding,
        headers: result.headers,
        rows: result.rows,
        suggestedMapping: usable ? saved.mapping : suggestMapping(result.headers, fields.map((f) => ({ key: f.key, labels: [...f.synonyms, f.label['zh-CN'], f.label.en] }))),
        mappingSource: usable ? 'saved' : 'suggested',
        fields: fields.map((f) => ({ key: f.key, label: f.label[locale], required: f.required, custom: f.custom })),
      };
    },

    async saveMapping(actor: Actor, input: { objectType: string; headers: string[]; mapping: Record<string, string>; name?: string }, locale: Locale) {
      assertObjectType(input.objectType);
      const defs = await definitions(actor.orgId, input.objectType);
      const errors = mappingErrors(input.objectType, input.mapping, input.headers, defs, locale);
      if (errors.length) throw importErrors.IMPORT_MAPPING_INVALID({}, errors);
      const sourceKey = sourceKeyOf(input.headers);
      const row = await database.withTenant(actor.orgId, (tx) =>
        importsRepository.upsertMapping(tx, {
          orgId: actor.orgId,
          id: randomUUID(),
          objectType: input.objectType,
          sourceKey,
          name: input.name?.trim() || input.headers.slice(0, 5).join(', ').slice(0, 200),
          mapping: input.mapping,
          updatedBy: actor.userId,
          now: clock.now(),
        }),
      );
      return { id: row.id, objectType: row.objectType, sourceKey: row.sourceKey, name: row.name, mapping: row.mapping, updatedAt: row.updatedAt.toISOString() };
    },

    /**
     * Stores the upload, checks that it can be read and that the mapping fits its headers, then creates the
     * job and dispatches its run. `readInput` consumes the multipart parts (file and fields in any order).
     */
    async create(
      actor: Actor,
      readInput: (storeFile: (file: UploadedFile) => Promise<void>) => Promise<() => CreateImportInput>,
      locale: Locale,
    ): Promise<ImportDto> {
      const id = randomUUID();
      let stored: { size: number; head: Buffer; fileName: string } | null = null;
      const cleanup = () => database.withTenant(actor.orgId, (tx) => importsRepository.deleteChunks(tx, actor.orgId, id)).catch(() => {});
      try {
        const getInput = await readInput(async (file) => {
          if (stored) throw importErrors.IMPORT_FILE_MISSING(); // one file per import
          const { size, head } = await store(actor.orgId, id, file.stream);
          stored = { size, head, fileName: file.fileName };
        });
        const input = getInput();
        assertObjectType(input.objectType);
        if (!hasPermission(actor.permissions, input.objectType, 'import')) throw httpErrors.FORBIDDEN();
        const file = stored as { size: number; head: Buffer; fileName: string } | null;
        if (!file) throw importErrors.IMPORT_FILE_MISSING();
        if (file.size === 0) throw importErrors.IMPORT_FILE_EMPTY();
        let info: SourceInfo;
        let headers: string[];
        try {
          info = sniff(file.head, file.fileName);
          headers = (await firstRows(chunkStream(database, actor.orgId, id), info, 0)).headers;
        } catch (err) {
          if (err instanceof SourceError) throw err.toAppError();
          throw err;
        }
        const defs = await definitions(actor.orgId, input.objectType);
        const errors = mappingErrors(input.objectType, input.mapping, headers, defs, locale);
        if (errors.length) throw importErrors.IMPORT_MAPPING_INVALID({}, errors);
        const dealOptions = input.objectType === 'deals' ? input.dealOptions ?? {} : {};
        if (input.objectType === 'deals') await database.withTenant(actor.orgId, (tx) => checkDealImportOptions(tx, actor, dealOptions, locale));
        const now = clock.now();
        const options: ImportOptions = { ...dealOptions, duplicatePolicy: input.duplicatePolicy, dateOrder: input.dateOrder, headers };
        await database.withTenant(actor.orgId, (tx) =>
          importsRepository.insertJob(tx, {
            orgId: actor.orgId,
            id,
            objectType: input.objectType,
            status: 'uploaded',
            dryRun: input.dryRun ? 1 : 0,
            fileName: file.fileName.slice(0, 255),
            fileSize: file.size,
            encoding: info.encoding,
            format: info.format,
            mapping: input.mapping,
            options: options as unknown as Record<string, unknown>,
            createdAt: now,
            createdBy: actor.userId,
            updatedAt: now,
          }),
        );
      } catch (err) {
        await cleanup();
        throw err;
      }
      await deps.dispatch(actor.orgId, id);
      return dtoOf(actor.orgId, id, locale);
    },

    async get(actor: Actor, id: string, locale: Locale): Promise<ImportDto> {
      const job = await database.withTenant(actor.orgId, (tx) => importsRepository.getJob(tx, actor.orgId, id));
      if (!job || !hasPermission(actor.permissions, job.objectType, 'import')) throw importErrors.IMPORT_NOT_FOUND();
      return jobDto(job, locale);
    },

    async list(actor: Actor, query: { limit: number; before?: string; objectType?: string }, locale: Locale) {
      const rows = await database.withTenant(actor.orgId, (tx) =>
        importsRepository.listJobs(tx, actor.orgId, { limit: query.limit + 1, before: query.before ? new Date(query.before) : undefined, objectType: query.objectType }),
      );
      const visible = rows.filter((r) => hasPermission(actor.permissions, r.job.objectType, 'import'));
      const page = visible.slice(0, query.limit);
      return {
        items: page.map((r) => jobDto(r.job, locale, r.createdByName)),
        nextBefore: rows.length > query.limit && page.length ? page[page.length - 1]!.job.createdAt.toISOString() : null,
      };
    },

    /** Runs a validated dry run for real, on the same stored file and mapping. */
    async runForReal(actor: Actor, id: string, input: { duplicatePolicy?: DuplicatePolicy }, locale: Locale): Promise<ImportDto> {
      await database.withTenant(actor.orgId, async (tx) => {
        const job = await importsRepository.getJob(tx, actor.orgId, id, { forUpdate: true });
        if (!job || !hasPermission(actor.permissions, job.objectType, 'import')) throw importErrors.IMPORT_NOT_FOUND();
        if (job.dryRun !== 1 || job.status !== 'validated') throw importErrors.IMPORT_NOT_RUNNABLE();
        await importsRepository.deleteProblems(tx, actor.orgId, id);
        const options = { ...(job.options as Record<string, unknown>), ...(input.duplicatePolicy ? { duplicatePolicy: input.duplicatePolicy } : {}) };
        await importsRepository.updateJob(tx, actor.orgId, id, {
          dryRun: 0,
          status: 'uploaded',
          options,
          processedRows: 0,
          createdRows: 0,
          updatedRows: 0,
          skippedRows: 0,
          failedRows: 0,
          committedRows: 0,
          startedAt: null,
          finishedAt: null,
          error: null,
          createdBy: actor.userId,
          updatedAt: clock.now(),
        });
      });
      await deps.dispatch(actor.orgId, id);
      return dtoOf(actor.orgId, id, locale);
    },

    /**
     * Continues a failed (interrupted) import after its committed rows — also one left `running` by a process
     * that died (killed, power loss), which never got to mark it failed (see `interrupted`).
     */
    async resume(actor: Actor, id: string, locale: Locale): Promise<ImportDto> {
      const job = await database.withTenant(actor.orgId, (tx) => importsRepository.getJob(tx, actor.orgId, id));
      if (!job || !hasPermission(actor.permissions, job.objectType, 'import')) throw importErrors.IMPORT_NOT_FOUND();
      if (!interrupted(job)) throw importErrors.IMPORT_NOT_RESUMABLE();
      await deps.dispatch(actor.orgId, id);
      return jobDto(job, locale);
    },

    async problems(actor: Actor, id: string, query: { afterRow: number; limit: number }, locale: Locale) {
      await this.get(actor, id, locale);
      const rows = await database.withTenant(actor.orgId, (tx) => importsRepository.listProblems(tx, actor.orgId, id, { afterRow: query.afterRow, limit: query.limit }));
      return {
        items: rows.map((r) => ({
          rowNumber: r.rowNumber,
          severity: r.severity,
          problems: (r.problems as { field: string; code: string; message: Localized }[]).map((p) => ({ field: p.field, code: p.code, message: p.message[locale] })),
          raw: r.raw as Record<string, string>,
        })),
        nextAfterRow: rows.length === query.limit ? rows[rows.length - 1]!.rowNumber : null,
      };
    },

    /** Rejected rows (and warnings) as CSV with the reason in the caller's language, streamed page by page. */
    async problemsCsv(actor: Actor, id: string, locale: Locale): Promise<{ fileName: string; stream: Readable }> {
      const dto = await this.get(actor, id, locale);
      const headers = dto.headers;
      async function* lines() {
        yield UTF8_BOM + csvLine([...PROBLEM_HEADERS[locale], ...headers]);
        let after = 0;
        for (;;) {
          const rows = await database.withTenant(actor.orgId, (tx) => importsRepository.listProblems(tx, actor.orgId, id, { afterRow: after, limit: 1000 }));
          if (rows.length === 0) return;
          let out = '';
          for (const r of rows) {
            const reasons = (r.problems as { message: Localized }[]).map((p) => p.message[locale]).join('；');
            const raw = r.raw as Record<string, string>;
            out += csvLine([r.rowNumber, SEVERITY[r.severity]![locale], reasons, ...headers.map((h) => raw[h] ?? '')]);
          }
          yield out;
          after = rows[rows.length - 1]!.rowNumber;
          if (rows.length < 1000) return;
        }
      }
      const base = dto.fileName.replace(/\.[^.]+$/, '');
      return { fileName: `${base}-${locale === 'en' ? 'problems' : '问题行'}.csv`, stream: Readable.from(lines()) };
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
