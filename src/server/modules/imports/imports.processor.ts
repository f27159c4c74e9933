/**
 * Runs an import job: streams the stored file, maps and validates rows, and applies them in batches.
 *
 * Each batch is ONE tenant transaction that locks the job row, checks that no other worker advanced it,
 * looks up duplicates set-wise (one `= any($1)` query per key kind), bulk-inserts new records, bulk-updates
 * matched ones, bulk-inserts their audit events and the row problems, and advances the counters and
 * `committed_rows` — so a crash leaves whole batches only, and a re-run (pg-boss retry, or POST …/resume)
 * continues after `committed_rows`. A dry run does everything but the record writes (and restarts from the
 * first row if interrupted, since its "would create" set lives in memory).
 *
 * Accounts, contacts and leads go through the same code: the object type's ImportTarget (imports.targets.ts)
 * supplies its fields, its normaliser, its duplicate keys and its audited fields; the repository its columns.
 *
 * Duplicates (exact, after normalisation): external id first — the same external id is always the same
 * record (update or skip per policy, never a second record; a match in the recycle bin is rejected); then
 * the object's keys — accounts: company name key (core/customers normalizeCompanyName), credit code, phone,
 * email; contacts: mobile, email; leads: mobile, email, company name key — against the organization's live
 * records of that type and the rows earlier in the same file. A contact's `accountName` links it to the live
 * account of that name key within the importing user's data scope (none or several → a row problem). Policy: skip (reported as a warning),
 * update (the single match; several different matches → rejected as ambiguous), create (a second record;
 * a `block` rule of modules/duplicates rejects it). Empty cells never overwrite existing values on update.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { diffFields, type FieldChange } from '../../../core/audit/diff.js';
import type { CustomFieldDef, CustomFieldValue } from '../../../core/custom-fields/types.js';
import { validateCustomFieldValue } from '../../../core/custom-fields/validate.js';
import { normalizeCompanyName } from '../../../core/customers/companyName.js';
import type { DateOrder } from '../../../core/imports/dates.js';
import { parseDate } from '../../../core/imports/dates.js';
import { numberToPlainString } from '../../../core/imports/numbers.js';
import { cellText, columnsOf, mapRow, type CellValue, type Localized, type RowProblem } from '../../../core/imports/rows.js';
import type { AuditEventInput } from '../../platform/audit/audit.repository.js';
import type { SQL } from 'drizzle-orm';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { loadAccessScope, scopeFilter, visibleRecordIds, type AccessScope } from '../../platform/access/access.js';
import { accountScopeColumns } from '../accounts/accounts.repository.js';
import { CUSTOM_PREFIX, IMPORT_FIELDS } from './imports.fields.js';
import type { ImportCustomFieldsPort, ImportDuplicatesPort } from './imports.ports.js';
import {
  importColumns,
  importsRepository,
  lookupKinds,
  type ExistingRecord,
  type ImportJobRow,
  type LookupKind,
  type ProblemInsert,
  type RecordValues,
} from './imports.repository.js';
import { importTarget, type ImportTarget, type TextValues } from './imports.targets.js';
import { headerNames, readRows, SourceError, type SourceInfo } from './imports.source.js';

export type DuplicatePolicy = 'skip' | 'update' | 'create';

export interface ImportOptions {
  duplicatePolicy: DuplicatePolicy;
  dateOrder?: DateOrder;
  /** the source's header names, recorded when the run reads them */
  headers?: string[];
}

export interface ImportRunDeps {
  database: Database;
  clock: Clock;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  customFields?: ImportCustomFieldsPort;
  duplicates?: ImportDuplicatesPort;
  /** rows per batch transaction (default 1000) */
  batchSize?: number;
  /**
   * Test hook (fault injection): runs inside every batch transaction after its writes, before it commits;
   * throwing rolls that batch back, as a crash at that moment would.
   */
  beforeCommit?: (batchNo: number) => void | Promise<void>;
}

/** A second worker advanced the job meanwhile (pg-boss redelivery): this run stops without touching it. */
class ConcurrentRunError extends Error {}

const TERMINAL = new Set(['completed', 'validated', 'cancelled']);
const DEFAULT_BATCH = 1000;

const PROBLEM_TEXT = {
  duplicateSkipped: (n: Localized, kinds: string[]): Localized => ({
    'zh-CN': `与已有${n['zh-CN']}重复（${kinds.map((k) => KIND_LABELS[k]!['zh-CN']).join('、')}），已跳过`,
    en: `Duplicate of an existing ${n.en} (${kinds.map((k) => KIND_LABELS[k]!.en).join(', ')}); skipped`,
  }),
  duplicateInFile: (row: number): Localized => ({
    'zh-CN': `与文件中第 ${row} 行重复，已跳过`,
    en: `Duplicate of row ${row} of this file; skipped`,
  }),
  ambiguous: (n: Localized): Localized => ({ 'zh-CN': `与多个已有${n['zh-CN']}重复，无法确定要更新哪一个`, en: `Matches several existing ${n.en}s; cannot tell which one to update` }),
  blocked: (n: Localized): Localized => ({ 'zh-CN': `查重规则禁止创建重复${n['zh-CN']}`, en: `The duplicate rules block creating a duplicate ${n.en}` }),
  outOfScope: (n: Localized): Localized => ({
    'zh-CN': `与已有${n['zh-CN']}重复，但它不在你的数据范围内，不能更新`,
    en: `Matches an existing ${n.en} outside your data scope; it cannot be updated`,
  }),
  deleted: (n: Localized): Localized => ({
    'zh-CN': `外部编号对应的${n['zh-CN']}在回收站中，请先恢复`,
    en: `The ${n.en} with this external id is in the recycle bin; restore it first`,
  }),
  unknownCustom: (key: string): Localized => ({ 'zh-CN': `没有这个自定义字段：${key}`, en: `No such custom field: ${key}` }),
  unknownAccount: (name: string): Localized => ({
    'zh-CN': `所属客户：没有名为「${name}」的客户（或无权查看），请先创建或导入该客户`,
    en: `Account: no account named "${name}" (or not one you can see); create or import it first`,
  }),
  ambiguousAccount: (name: string): Localized => ({
    'zh-CN': `所属客户：有多个名为「${name}」的客户，无法确定关联哪一个`,
    en: `Account: several accounts are named "${name}"; cannot tell which one to link`,
  }),
};

const KIND_LABELS: Record<string, Localized> = {
  externalId: { 'zh-CN': '外部编号', en: 'external id' },
  nameKey: { 'zh-CN': '客户名称', en: 'name' },
  companyKey: { 'zh-CN': '公司名称', en: 'company name' },
  creditCode: { 'zh-CN': '统一社会信用代码', en: 'credit code' },
  mobile: { 'zh-CN': '手机', en: 'mobile' },
  phone: { 'zh-CN': '电话', en: 'phone' },
  email: { 'zh-CN': '邮箱', en: 'email' },
};

/** Stored file → byte stream, one chunk (≈1 MB) per short transaction; counts the bytes handed out. */
export function chunkStream(database: Database, orgId: string, importId: string, progress: { bytes: number } = { bytes: 0 }): Readable {
  async function* chunks() {
    for (let n = 0; ; n++) {
      const data = await database.withTenant(orgId, (tx) => importsRepository.readChunk(tx, orgId, importId, n));
      if (data === undefined) return;
      const buf = Buffer.from(data, 'base64');
      progress.bytes += buf.length;
      yield buf;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** The localized error text a failed job shows (stored as JSON in import_jobs.error). */
export function jobErrorText(code: string, message: Localized): string {
  return JSON.stringify({ code, message });
}

interface PreparedRow {
  rowNumber: number;
  raw: Record<string, string>;
  problems: RowProblem[];
  /** the normalised text fields of the target (and `accountId` once a contact's account name is resolved) */
  fields: TextValues;
  custom: Record<string, CustomFieldValue | null>;
  /** contacts: the account name of the row (trimmed) and its name key */
  accountName?: string;
  accountKey?: string;
}

type Pending = { kind: 'create'; insert: RecordValues; rowNumber: number } | { kind: 'existing'; id: string; rowNumber: number };

interface RunState {
  job: ImportJobRow;
  target: ImportTarget;
  /** the importing user's accounts data scope (contacts link only to accounts they can see) */
  accountScope?: SQL;
  /** the importing user's data scope: policy update changes only records they may see */
  importerScope: AccessScope;
  options: ImportOptions;
  owner: { id: string; departmentId: string | null };
  defs: Map<string, CustomFieldDef>;
  headers: string[];
  columns: (string | undefined)[];
  /** keys of records this run created or matched, by `kind:key` (whole run for dry runs, else the batch) */
  inFile: Map<string, Pending>;
  committed: number;
  batchNo: number;
  customMapped: boolean;
}

function prepareCustomCell(def: CustomFieldDef, cell: CellValue, dateOrder: DateOrder | undefined): unknown {
  if (cell === null || cell === undefined) return null;
  switch (def.type) {
    case 'date': {
      const iso = parseDate(cell instanceof Date || typeof cell === 'number' ? cell : cellText(cell), dateOrder);
      return iso ?? cellText(cell);
    }
    case 'money':
      // a number cell is an amount in major units (元), like the text "1932"
      return typeof cell === 'number' ? numberToPlainString(cell) : cellText(cell);
    case 'number':
      return typeof cell === 'number' ? cell : cellText(cell);
    default:
      return cellText(cell);
  }
}

function prepareRow(state: RunState, rowNumber: number, cells: CellValue[]): PreparedRow {
  const specs = SPEC_MAPS[state.job.objectType]!;
  const { values, raw, problems } = mapRow(cells, state.columns, specs, { dateOrder: state.options.dateOrder });
  const rawText: Record<string, string> = {};
  state.headers.forEach((h, i) => (rawText[h] = cellText(cells[i])));

  const object = state.target;
  const input: TextValues = {};
  for (const key of object.textFields) if (key in values) input[key] = values[key] as string | null;
  const zh = object.normalize(input, 'zh-CN');
  if (zh.errors.length) {
    const en = object.normalize(input, 'en').errors;
    zh.errors.forEach((e, i) => {
      const label = specs.get(e.field)?.label ?? { 'zh-CN': e.field, en: e.field };
      problems.push({ field: e.field, code: 'invalid', message: { 'zh-CN': `${label['zh-CN']}：${e.message}`, en: `${label.en}: ${en[i]?.message ?? e.message}` } });
    });
  }
  const fields: TextValues = {};
  for (const key of object.textFields) if (key in zh.values) fields[key] = zh.values[key] ?? null;
  if (fields.email) fields.email = fields.email.toLowerCase();
  let accountName: string | undefined;
  let accountKey: string | undefined;
  if (object.linksAccountByName && typeof values.accountName === 'string' && values.accountName.trim()) {
    accountName = values.accountName.trim();
    accountKey = normalizeCompanyName(accountName);
    if (!accountKey) problems.push({ field: 'accountName', code: 'unknown_account', message: PROBLEM_TEXT.unknownAccount(accountName) });
  }

  const custom: Record<string, CustomFieldValue | null> = {};
  for (const [target, cell] of Object.entries(raw)) {
    const key = target.slice(CUSTOM_PREFIX.length);
    const def = state.defs.get(key);
    if (!def || !def.active) {
      problems.push({ field: target, code: 'unknown_field', message: PROBLEM_TEXT.unknownCustom(key) });
      continue;
    }
    const prepared = prepareCustomCell(def, cell, state.options.dateOrder);
    const r = validateCustomFieldValue(def, prepared, 'zh-CN');
    if (r.ok) {
      if (r.value !== null) custom[key] = r.value;
    } else {
      const en = validateCustomFieldValue(def, prepared, 'en');
      const text = cellText(cell);
      problems.push({
        field: target,
        code: r.code,
        message: { 'zh-CN': `${def.labelZh}：${r.error}（「${text}」）`, en: `${def.labelEn}: ${en.ok ? r.error : en.error} ("${text}")` },
      });
    }
  }
  return { rowNumber, raw: rawText, problems, fields, custom, accountName, accountKey };
}

const SPEC_MAPS = Object.fromEntries(Object.entries(IMPORT_FIELDS).map(([k, fs]) => [k, new Map(fs.map((x) => [x.key, x]))]));

/** The keys (other than the external id) a row can be matched by. */
const rowKeys = (target: ImportTarget, row: PreparedRow): [LookupKind, string][] => target.keys(row.fields);

function problemsJson(problems: RowProblem[]): Record<string, unknown>[] {
  return problems.map((p) => ({ field: p.field, code: p.code, message: p.message }));
}

/** A new record of the target from a row: every import column (absent → null), derived columns set. */
function toInsert(target: ImportTarget, row: PreparedRow, id: string): RecordValues {
  const record: RecordValues = { id, customFields: { ...row.custom } };
  for (const key of importColumns(target.objectType)) record[key] = row.fields[key] ?? null;
  target.derive(record);
  return record;
}

/** Non-empty imported values over a record's values (empty cells keep what is there); derived columns follow. */
function mergeInto(target: ImportTarget, record: RecordValues, row: PreparedRow): void {
  for (const key of importColumns(target.objectType)) {
    const v = row.fields[key];
    if (v !== null && v !== undefined) record[key] = v;
  }
  target.derive(record);
  for (const [k, v] of Object.entries(row.custom)) if (v !== null) record.customFields[k] = v;
}

function customFieldChanges(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const out: FieldChange[] = [];
  for (const key of [...keys].sort()) {
    const o = before?.[key] ?? null;
    const n = after[key] ?? null;
    if (JSON.stringify(o) !== JSON.stringify(n)) out.push({ field: `customFields.${key}`, old: o, new: n });
  }
  return out;
}

interface BatchCounts {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

async function processBatch(
  deps: ImportRunDeps,
  tx: DbExecutor,
  state: RunState,
  rows: PreparedRow[],
): Promise<BatchCounts> {
  const { job, options, target } = state;
  const table = target.objectType;
  const orgId = job.orgId;
  const dry = job.dryRun === 1;
  const policy = options.duplicatePolicy;
  const now = deps.clock.now();
  const counts: BatchCounts = { created: 0, updated: 0, skipped: 0, failed: 0 };
  const problems: ProblemInsert[] = [];

  const valid: PreparedRow[] = [];
  for (const row of rows) {
    if (row.problems.length) {
      problems.push({ rowNumber: row.rowNumber, severity: 'error', problems: problemsJson(row.problems), raw: row.raw });
      counts.failed++;
    } else valid.push(row);
  }

  // contacts: the account a row names, by name key within the importing user's data scope (one query)
  if (target.linksAccountByName) {
    const named = valid.filter((r) => r.accountKey);
    const accounts = await importsRepository.accountsByNameKey(tx, orgId, [...new Set(named.map((r) => r.accountKey!))], state.accountScope);
    const byKey = new Map<string, string[]>();
    for (const a of accounts) byKey.set(a.nameKey, [...(byKey.get(a.nameKey) ?? []), a.id]);
    const linkFailed = new Set<PreparedRow>();
    for (const row of named) {
      const ids = byKey.get(row.accountKey!) ?? [];
      if (ids.length === 1) {
        row.fields.accountId = ids[0]!;
        continue;
      }
      const message = ids.length === 0 ? PROBLEM_TEXT.unknownAccount(row.accountName!) : PROBLEM_TEXT.ambiguousAccount(row.accountName!);
      problems.push({ rowNumber: row.rowNumber, severity: 'error', problems: [{ field: 'accountName', code: ids.length === 0 ? 'unknown_account' : 'ambiguous_account', message }], raw: row.raw });
      counts.failed++;
      linkFailed.add(row);
    }
    if (linkFailed.size) valid.splice(0, valid.length, ...valid.filter((r) => !linkFailed.has(r)));
  }

  // set-based lookups: one query per key kind for the whole batch
  const wanted = new Map<LookupKind, Set<string>>(lookupKinds(table).map((k) => [k, new Set<string>()]));
  for (const row of valid) {
    if (row.fields.externalId) wanted.get('externalId')!.add(row.fields.externalId);
    for (const [kind, key] of rowKeys(target, row)) wanted.get(kind)?.add(key);
  }
  const found = new Map<string, { id: string; deleted: boolean }[]>();
  const hits = await importsRepository.lookupRecords(tx, table, orgId, Object.fromEntries([...wanted].map(([k, set]) => [k, [...set]])));
  for (const hit of hits) {
    const k = `${hit.kind}:${hit.key}`;
    const list = found.get(k) ?? [];
    list.push({ id: hit.id, deleted: hit.deleted });
    found.set(k, list);
  }

  const creates: RecordValues[] = [];
  const createdRowOf = new Map<string, number>();
  const updates = new Map<string, PreparedRow[]>();
  const register = (row: PreparedRow, pending: Pending) => {
    if (row.fields.externalId) state.inFile.set(`externalId:${row.fields.externalId}`, pending);
    for (const [kind, key] of rowKeys(target, row)) if (!state.inFile.has(`${kind}:${key}`)) state.inFile.set(`${kind}:${key}`, pending);
  };
  const reject = (row: PreparedRow, code: string, message: Localized, severity: 'error' | 'warning' = 'error') => {
    problems.push({ rowNumber: row.rowNumber, severity, problems: [{ field: '', code, message }], raw: row.raw });
    if (severity === 'error') counts.failed++;
    else counts.skipped++;
  };
  const updateExisting = (row: PreparedRow, id: string) => {
    const list = updates.get(id) ?? [];
    list.push(row);
    updates.set(id, list);
    register(row, { kind: 'existing', id, rowNumber: row.rowNumber });
  };

  for (const row of valid) {
    const ext = row.fields.externalId;
    // 1. the same external id is the same record
    if (ext) {
      const hit = found.get(`externalId:${ext}`)?.[0];
      const pending = state.inFile.get(`externalId:${ext}`);
      if (hit?.deleted) {
        reject(row, 'deleted_match', PROBLEM_TEXT.deleted(target.noun));
        continue;
      }
      if (hit || pending) {
        if (policy !== 'update') {
          counts.skipped++; // idempotent re-import: already there
          continue;
        }
        if (pending?.kind === 'create') {
          mergeInto(target, pending.insert, row);
          counts.updated++;
        } else updateExisting(row, hit?.id ?? (pending as { id: string }).id);
        continue;
      }
    }
    // 2. duplicates by the object's keys (accounts: name key, credit code, phone, email; …)
    const ids = new Set<string>();
    const kinds = new Set<string>();
    let inFile: Pending | undefined;
    for (const [kind, key] of rowKeys(target, row)) {
      const hits = found.get(`${kind}:${key}`);
      if (hits?.length) {
        kinds.add(kind);
        for (const h of hits) ids.add(h.id);
      }
      const p = state.inFile.get(`${kind}:${key}`);
      if (p) {
        kinds.add(kind);
        if (p.kind === 'existing') ids.add(p.id);
        else inFile ??= p;
      }
    }
    if (ids.size === 0 && !inFile) {
      const insert = toInsert(target, row, randomUUID());
      const missing = [...state.defs.values()].filter((d) => d.active && d.required && (insert.customFields[d.key] ?? null) === null);
      if (missing.length) {
        reject(row, 'required', {
          'zh-CN': missing.map((d) => `${d.labelZh}：必填`).join('；'),
          en: missing.map((d) => `${d.labelEn}: is required`).join('; '),
        });
        continue;
      }
      creates.push(insert);
      createdRowOf.set(insert.id, row.rowNumber);
      register(row, { kind: 'create', insert, rowNumber: row.rowNumber });
      counts.created++;
      continue;
    }
    if (policy === 'skip') {
      if (ids.size === 0 && inFile) reject(row, 'duplicate_in_file', PROBLEM_TEXT.duplicateInFile(inFile.rowNumber), 'warning');
      else reject(row, 'duplicate', PROBLEM_TEXT.duplicateSkipped(target.noun, [...kinds]), 'warning');
      continue;
    }
    if (policy === 'update') {
      if (ids.size + (inFile ? 1 : 0) > 1) {
        reject(row, 'ambiguous', PROBLEM_TEXT.ambiguous(target.noun));
      } else if (inFile?.kind === 'create') {
        mergeInto(target, inFile.insert, row);
        counts.updated++;
      } else updateExisting(row, [...ids][0]!);
      continue;
    }
    // policy create: a second record, unless a configured rule blocks it
    if (deps.duplicates && job.createdBy) {
      const verdict = await deps.duplicates.check(tx, { orgId, userId: job.createdBy }, target.probe(row.fields));
      if (verdict.action === 'block') {
        reject(row, 'duplicate_blocked', PROBLEM_TEXT.blocked(target.noun));
        continue;
      }
    }
    const insert = toInsert(target, row, randomUUID());
    creates.push(insert);
    createdRowOf.set(insert.id, row.rowNumber);
    register(row, { kind: 'create', insert, rowNumber: row.rowNumber });
    counts.created++;
  }

  // updates: lock the targets, apply non-empty values, keep only real changes
  const audit: AuditEventInput[] = [];
  const base = { orgId, actorId: job.createdBy, actorKind: 'user' as const, requestId: `import:${job.id}`, occurredAt: now };
  const updateRows: RecordValues[] = [];
  const customWrites: [string, Record<string, CustomFieldValue | null>][] = [];
  if (updates.size) {
    const existing = await importsRepository.lockRecords(tx, table, orgId, [...updates.keys()]);
    const editable = await visibleRecordIds(tx, state.importerScope, table, existing);
    const byId = new Map<string, ExistingRecord>(existing.map((e) => [e.id, e]));
    for (const [id, list] of updates) {
      const before = byId.get(id);
      if (!before || before.deletedAt) {
        for (const row of list) reject(row, 'deleted_match', PROBLEM_TEXT.deleted(target.noun));
        continue;
      }
      if (!editable.has(id)) {
        for (const row of list) reject(row, 'out_of_scope', PROBLEM_TEXT.outOfScope(target.noun));
        continue;
      }
      const after: RecordValues = { id, customFields: { ...(before.customFields ?? {}) } };
      for (const key of importColumns(table)) after[key] = before[key] ?? null;
      for (const row of list) mergeInto(target, after, row);
      const changes = [
        ...diffFields<Record<string, unknown>>({ ...before }, { ...before, ...after }, target.auditedFields),
        ...customFieldChanges(before.customFields ?? {}, after.customFields),
      ];
      if (changes.length === 0) {
        counts.skipped += list.length; // unchanged
        continue;
      }
      counts.updated += list.length;
      updateRows.push(after);
      audit.push({ ...base, objectType: table, recordId: id, action: 'update', changes });
      if (Object.keys(after.customFields).length) customWrites.push([id, after.customFields as Record<string, CustomFieldValue | null>]);
    }
  }

  if (!dry) {
    const meta = { ownerId: state.owner.id, departmentId: state.owner.departmentId, actorId: job.createdBy ?? state.owner.id, now };
    await importsRepository.insertRecords(tx, table, orgId, creates, meta);
    await importsRepository.updateRecords(tx, table, orgId, updateRows, meta);
    for (const c of creates) {
      const record = { ...target.auditDefaults, ...c, ownerId: state.owner.id, departmentId: state.owner.departmentId };
      audit.push({
        ...base,
        objectType: table,
        recordId: c.id,
        action: 'create',
        changes: [...diffFields<Record<string, unknown>>(null, record, target.auditedFields), ...customFieldChanges(null, c.customFields)],
      });
      if (Object.keys(c.customFields).length) customWrites.push([c.id, c.customFields as Record<string, CustomFieldValue | null>]);
    }
    // typed value rows of the mapped custom fields (filters, sorts and uniqueness read them), in bulk
    if (deps.customFields?.typedRows && state.customMapped && customWrites.length) {
      const mappedDefs = Object.values(job.mapping)
        .filter((t) => t.startsWith(CUSTOM_PREFIX))
        .map((t) => state.defs.get(t.slice(CUSTOM_PREFIX.length)))
        .filter((d): d is CustomFieldDef => !!d);
      const valueRows = [];
      for (const [recordId, values] of customWrites) {
        for (const def of mappedDefs) {
          const v = values[def.key];
          if (v !== null && v !== undefined) valueRows.push(...deps.customFields.typedRows(def, v, { orgId, objectType: table, recordId }));
        }
      }
      await importsRepository.replaceCustomValues(tx, orgId, table, updateRows.map((u) => u.id), mappedDefs.map((d) => d.id), valueRows);
    }
    await importsRepository.insertAuditEvents(tx, audit);
  }
  await importsRepository.insertProblems(tx, orgId, job.id, problems);
  return counts;
}

/** Imports whose run is in progress in this process (so a `running` job not listed here may have died with its process). */
const runsHere = new Map<string, number>();

/** Whether a run of this import is in progress in this process. */
export function isRunningHere(importId: string): boolean {
  return (runsHere.get(importId) ?? 0) > 0;
}

/** Runs (or resumes) one import to its end. Safe to call again after a crash or for a redelivered job. */
export async function runImport(deps: ImportRunDeps, orgId: string, importId: string): Promise<ImportJobRow | undefined> {
  runsHere.set(importId, (runsHere.get(importId) ?? 0) + 1);
  try {
    return await runImportHere(deps, orgId, importId);
  } finally {
    const n = (runsHere.get(importId) ?? 1) - 1;
    if (n > 0) runsHere.set(importId, n);
    else runsHere.delete(importId);
  }
}

async function runImportHere(deps: ImportRunDeps, orgId: string, importId: string): Promise<ImportJobRow | undefined> {
  const { database, clock } = deps;
  const batchSize = deps.batchSize ?? DEFAULT_BATCH;
  const started = await database.withTenant(orgId, async (tx) => {
    const job = await importsRepository.getJob(tx, orgId, importId, { forUpdate: true });
    if (!job || TERMINAL.has(job.status)) return { job, state: undefined };
    const dry = job.dryRun === 1;
    if (dry && job.committedRows > 0) {
      // a dry run's in-file duplicate set was in memory: start it over
      await importsRepository.deleteProblems(tx, orgId, importId);
      await importsRepository.updateJob(tx, orgId, importId, { processedRows: 0, createdRows: 0, updatedRows: 0, skippedRows: 0, failedRows: 0, committedRows: 0 });
      job.committedRows = 0;
    }
    const now = clock.now();
    await importsRepository.updateJob(tx, orgId, importId, { status: dry ? 'validating' : 'running', startedAt: job.startedAt ?? now, error: null, updatedAt: now });
    const owner = job.createdBy ? await importsRepository.findUser(tx, orgId, job.createdBy) : undefined;
    const defs = deps.customFields ? await deps.customFields.definitions(tx, orgId, job.objectType) : [];
    // the importer's data scope: contacts link only to accounts they can see; updates touch only such records
    const importerScope = owner
      ? await loadAccessScope(tx, { orgId, userId: owner.id, departmentId: owner.departmentId, dataScope: owner.dataScope ?? 'own' })
      : undefined;
    return { job, owner, defs, importerScope, state: true };
  });
  const job = started.job;
  if (!job || !started.state) return job;

  const fail = async (error: string) => {
    await database.withTenant(orgId, (tx) => importsRepository.updateJob(tx, orgId, importId, { status: 'failed', error, finishedAt: clock.now(), updatedAt: clock.now() }));
  };
  const target = importTarget(job.objectType);
  if (!target || !SPEC_MAPS[job.objectType]) {
    await fail(jobErrorText('IMPORT_OBJECT_UNSUPPORTED', { 'zh-CN': `不支持导入这种数据：${job.objectType}`, en: `Importing ${job.objectType} is not supported` }));
    return job;
  }
  if (!started.owner || !started.importerScope) {
    await fail(jobErrorText('IMPORT_OWNER_MISSING', { 'zh-CN': '导入人已不在本组织', en: 'The user who started the import no longer exists' }));
    return job;
  }

  const options = job.options as unknown as ImportOptions;
  const state: RunState = {
    job,
    target,
    accountScope: target.linksAccountByName ? scopeFilter(accountScopeColumns, 'accounts', started.importerScope) : undefined,
    importerScope: started.importerScope,
    options,
    owner: started.owner,
    defs: new Map(started.defs!.map((d) => [d.key, d])),
    headers: [],
    columns: [],
    inFile: new Map(),
    committed: job.committedRows,
    batchNo: 0,
    customMapped: Object.values(job.mapping).some((v) => v.startsWith(CUSTOM_PREFIX)),
  };
  const progress = { bytes: 0 };
  const info: SourceInfo = { format: job.format as SourceInfo['format'], encoding: (job.encoding as SourceInfo['encoding']) ?? null };

  let nextAnalyzeAt = Math.max(2000, state.committed * 10);
  /** a target's own batches keep run-wide state here (imports.targets.ts processBatch) */
  const runState: Record<string, unknown> = {};
  /** One batch in one transaction; its rows were mapped and validated before it opens (keeps it short). */
  const flush = async (prepared: PreparedRow[], seen: number) => {
    const from = state.committed;
    const batch = prepared;
    const estimate = progress.bytes > 0 && progress.bytes < job.fileSize ? Math.max(seen, Math.round((seen * job.fileSize) / progress.bytes)) : seen;
    const counts = await database.withTenant(orgId, async (tx) => {
      if (database.kind === 'postgres') await importsRepository.asyncCommit(tx);
      const locked = await importsRepository.getJob(tx, orgId, importId, { forUpdate: true });
      if (!locked || locked.committedRows !== from || TERMINAL.has(locked.status)) throw new ConcurrentRunError();
      const c = target.processBatch
        ? await target.processBatch({ tx, job, now: deps.clock.now(), importer: state.owner, importerScope: state.importerScope, runState }, prepared)
        : await processBatch(deps, tx, state, prepared);
      await importsRepository.advance(tx, orgId, importId, {
        processed: batch.length,
        ...c,
        committedRows: from + batch.length,
        totalRows: estimate,
        now: clock.now(),
      });
      if (state.batchNo === 0 && !options.headers) {
        await importsRepository.updateJob(tx, orgId, importId, { options: { ...options, headers: state.headers } });
      }
      await deps.beforeCommit?.(state.batchNo + 1);
      return c;
    });
    state.batchNo++;
    state.committed = from + batch.length;
    if (job.dryRun !== 1 && state.committed >= nextAnalyzeAt) {
      // keep the planner's row estimates in step with the growing organization (lookups stay index scans)
      nextAnalyzeAt = state.committed * 10;
      await importsRepository.analyze(database, target.objectType).catch((err: unknown) => deps.log?.warn({ err }, 'analyze after an import batch failed'));
    }
    if (job.dryRun !== 1) state.inFile.clear(); // committed rows are found in the database from now on
    return counts;
  };

  /**
   * Batches are committed strictly in order, but the next batch is read from the file while the previous
   * one is in the database (on PostgreSQL the parse overlaps the server's work).
   */
  let inflight: Promise<unknown> | null = null;
  const submit = async (batch: PreparedRow[], seen: number) => {
    if (inflight) await inflight;
    // Yield to the event loop between batches: on PGlite every statement runs synchronously in this thread
    // and the batches chain through promises only, so without this one import starves every HTTP request
    // (even the progress poll of this import) until it ends.
    await new Promise((resolve) => setImmediate(resolve));
    const p = flush(batch, seen);
    inflight = p;
    p.catch(() => {}); // observed by the next submit or the final await
  };

  try {
    const rows = readRows(chunkStream(database, orgId, importId, progress), info);
    let index = -1;
    // rows are mapped and validated as they are read (pure work that overlaps the previous batch's transaction)
    let batch: PreparedRow[] = [];
    for await (const cells of rows) {
      if (index === -1) {
        state.headers = headerNames(cells);
        state.columns = columnsOf(state.headers, job.mapping);
        index = 0;
        continue;
      }
      const i = index++;
      if (i < state.committed) continue; // committed by an earlier run
      batch.push(prepareRow(state, i + 2, cells));
      if (batch.length >= batchSize) {
        await submit(batch, index);
        batch = [];
      }
    }
    if (index === -1) throw new SourceError('empty');
    if (batch.length) await submit(batch, index);
    if (inflight) await inflight;
    const end = clock.now();
    return await database.withTenant(orgId, async (tx) => {
      await importsRepository.updateJob(tx, orgId, importId, {
        status: job.dryRun === 1 ? 'validated' : 'completed',
        totalRows: index,
        finishedAt: end,
        updatedAt: end,
      });
      // the file is kept for a dry run (it may be run for real next) and dropped once imported
      if (job.dryRun !== 1) await importsRepository.deleteChunks(tx, orgId, importId);
      return importsRepository.getJob(tx, orgId, importId);
    });
  } catch (err) {
    await (inflight as Promise<unknown> | null)?.catch(() => {}); // let a batch in flight finish (or roll back) first
    if (err instanceof ConcurrentRunError) return job;
    if (err instanceof SourceError) {
      const e = err.toAppError();
      await fail(jobErrorText(e.code, { 'zh-CN': e.localizedMessage('zh-CN'), en: e.localizedMessage('en') }));
      return job;
    }
    deps.log?.error({ err, importId }, 'import failed');
    await fail(
      jobErrorText('IMPORT_INTERRUPTED', {
        'zh-CN': `导入中断，已完成 ${state.committed} 行；可以继续导入`,
        en: `The import was interrupted after ${state.committed} rows; it can be resumed`,
      }),
    ).catch(() => {});
    throw err;
  }
}
