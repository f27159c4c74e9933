/**
 * Custom fields (自定义字段): the admin API of definitions, and the service other modules call to validate,
 * store, filter and sort custom-field values of accounts, contacts and leads.
 *
 * Values live twice, kept in sync in the caller's transaction by writeValues():
 *   - the record's `custom_fields` jsonb ({ key: value }) — what reads return;
 *   - typed rows in `custom_field_values` (one per value, several for a multi-select) — what filters, sorts
 *     and uniqueness checks use, through the (org_id, field_id, value_*, record_id) indexes.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { hasPermission } from '../../../core/access/catalog.js';
import { diffFields } from '../../../core/audit/diff.js';
import { definitionProblems } from '../../../core/custom-fields/definitions.js';
import { cfMessage, type CfMessageCode } from '../../../core/custom-fields/messages.js';
import {
  CUSTOM_FIELD_OBJECT_TYPES,
  SORTABLE_TYPES,
  TEXT_LIKE_TYPES,
  type CustomFieldDef,
  type CustomFieldObjectType,
  type CustomFieldOptions,
  type CustomFieldValue,
} from '../../../core/custom-fields/types.js';
import { scaleNumber, validateCustomFieldValue } from '../../../core/custom-fields/validate.js';
import { CURSOR_TIMESTAMP_RE, isUuid } from '../../../core/pagination/cursor.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository, type AuditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import { customFieldValues } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { customFieldErrors } from './custom-fields.errors.js';
import { customFieldsRepository, RECORD_TABLES, toDef, type CustomFieldsRepository, type ValueRow } from './custom-fields.repository.js';
import type { CreateDefinitionInput, DefinitionDto, UpdateDefinitionInput } from './custom-fields.schemas.js';

export const AUDIT_OBJECT_TYPE = 'custom_fields';
const DEFINITION_AUDITED = ['key', 'labelZh', 'labelEn', 'type', 'options', 'required', 'unique', 'validation', 'sortOrder', 'active'] as const;

export type FilterOp = 'eq' | 'in' | 'gte' | 'lte' | 'contains';
export const FILTER_OPS: readonly FilterOp[] = ['eq', 'in', 'gte', 'lte', 'contains'];
export interface ListFilter {
  key: string;
  op: FilterOp;
  value: unknown;
}

export interface CustomFieldCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface ValidateInputOptions {
  /** the record's stored values (edits): unchanged values skip reference and uniqueness checks */
  existing?: Record<string, unknown> | null;
  /** true for PATCH: only the keys present are validated; false for create: required fields must be present */
  partial: boolean;
  locale: Locale;
  /** the record being edited (excluded from the uniqueness check) */
  recordId?: string;
}

export interface CustomFieldsServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
  repo?: CustomFieldsRepository;
  audit?: Pick<AuditRepository, 'insert'>;
}

export type CustomFieldsService = ReturnType<typeof createCustomFieldsService>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The `cf.<key>[.<op>]` parameters of a request URL (list routes declare fixed query schemas, which drop
 * unknown keys; pass these next to the parsed query: `{ ...request.query, ...customFieldQueryParams(request.url) }`).
 */
export function customFieldQueryParams(url: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const qs = url.indexOf('?');
  if (qs < 0) return out;
  for (const [name, value] of new URLSearchParams(url.slice(qs + 1))) {
    if (!/^cf\.[a-z][a-z0-9_]{0,39}(\.(eq|in|gte|lte|contains))?$/.test(name)) continue;
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

function validationFailed(errors: FieldError[]): never {
  throw httpErrors.VALIDATION_FAILED({}, errors);
}

/** The typed column a field's values live in. */
function columnOf(def: Pick<CustomFieldDef, 'type'>) {
  if (def.type === 'number' || def.type === 'money') return customFieldValues.valueNumber;
  if (def.type === 'date') return customFieldValues.valueDate;
  return customFieldValues.valueText;
}

/** A normalised single value as the parameter of its typed column. */
function typedParam(def: CustomFieldDef, value: CustomFieldValue): SQL {
  if (def.type === 'number') return sql`${scaleNumber(value as number, def.options.decimals ?? 0)}::bigint`;
  if (def.type === 'money') return sql`${value as number}::bigint`;
  if (def.type === 'date') return sql`${`${value as string}T00:00:00.000Z`}::timestamptz`;
  return sql`${String(value)}::text`;
}

/** The typed rows of one value. */
export function typedRows(def: CustomFieldDef, value: CustomFieldValue, base: Pick<ValueRow, 'orgId' | 'objectType' | 'recordId'>): ValueRow[] {
  const row = { ...base, fieldId: def.id, ordinal: 0 };
  switch (def.type) {
    case 'number':
      return [{ ...row, valueNumber: scaleNumber(value as number, def.options.decimals ?? 0), valueDecimal: String(value) }];
    case 'money':
      return [{ ...row, valueNumber: value as number }];
    case 'date':
      return [{ ...row, valueDate: new Date(`${value as string}T00:00:00.000Z`) }];
    case 'multi_select':
      return (value as string[]).map((v, i) => ({ ...row, ordinal: i, valueText: v }));
    default:
      return [{ ...row, valueText: String(value) }];
  }
}

/** Only the option keys that mean something for the type, with defaults (money: CNY; number: 0 decimals). */
function cleanOptions(type: CustomFieldDef['type'], options: CustomFieldOptions): CustomFieldOptions {
  if (type === 'single_select' || type === 'multi_select') return { options: options.options ?? [] };
  if (type === 'money') return { currency: options.currency ?? 'CNY' };
  if (type === 'number') return { decimals: options.decimals ?? 0 };
  return {};
}

/** JSON Schema (OpenAPI 3.1) of one field's value. */
export function jsonSchemaOf(def: CustomFieldDef): Record<string, unknown> {
  const base = { title: def.labelZh, description: `${def.labelZh} / ${def.labelEn}${def.required ? ' (required)' : ''}${def.unique ? ' (unique)' : ''}` };
  const v = def.validation;
  const enumOf = () => (def.options.options ?? []).map((o) => o.value);
  switch (def.type) {
    case 'number':
      return {
        ...base,
        type: [(def.options.decimals ?? 0) === 0 ? 'integer' : 'number', 'null'],
        ...(v.min !== undefined ? { minimum: v.min } : {}),
        ...(v.max !== undefined ? { maximum: v.max } : {}),
      };
    case 'money':
      return {
        ...base,
        type: ['integer', 'string', 'null'],
        format: 'int64',
        description: `${base.description}. ${def.options.currency ?? 'CNY'} in minor units (分) as an integer; input may also be text in major units such as "¥1,932.00" or "1.2万"`,
      };
    case 'date':
      return { ...base, type: ['string', 'null'], format: 'date' };
    case 'single_select':
      return { ...base, type: ['string', 'null'], enum: [...enumOf(), null] };
    case 'multi_select':
      return { ...base, type: ['array', 'null'], uniqueItems: true, items: { type: 'string', enum: enumOf() } };
    case 'user':
    case 'department':
      return { ...base, type: ['string', 'null'], format: 'uuid', description: `${base.description}. id of a ${def.type}` };
    case 'email':
      return { ...base, type: ['string', 'null'], format: 'email' };
    case 'attachment':
      return { ...base, type: ['string', 'null'], description: `${base.description}. file reference (path or URL of a stored file)` };
    default:
      return {
        ...base,
        type: ['string', 'null'],
        maxLength: v.maxLength ?? 1000,
        ...(v.regex && def.type === 'text' ? { pattern: v.regex } : {}),
      };
  }
}

export function createCustomFieldsService(deps: CustomFieldsServiceDeps) {
  const repo = deps.repo ?? customFieldsRepository;
  const audit = deps.audit ?? auditRepository;
  const now = () => deps.clock.now();
  /** definitions cached per transaction (a request's work runs in one) */
  const cache = new WeakMap<object, Map<string, Promise<CustomFieldDef[]>>>();

  function definitions(tx: DbExecutor, orgId: string, objectType: string): Promise<CustomFieldDef[]> {
    let perTx = cache.get(tx);
    if (!perTx) {
      perTx = new Map();
      cache.set(tx, perTx);
    }
    const k = `${orgId}:${objectType}`;
    let defs = perTx.get(k);
    if (!defs) {
      defs = repo.listDefinitions(tx, orgId, objectType).then((rows) => rows.map(toDef));
      perTx.set(k, defs);
    }
    return defs;
  }

  async function validateInput(
    tx: DbExecutor,
    actor: Pick<Actor, 'orgId'>,
    objectType: CustomFieldObjectType,
    input: Record<string, unknown> | undefined | null,
    opts: ValidateInputOptions,
  ): Promise<{ values: Record<string, CustomFieldValue | null>; errors: FieldError[] }> {
    const { locale } = opts;
    const defs = await definitions(tx, actor.orgId, objectType);
    const byKey = new Map(defs.map((d) => [d.key, d]));
    const existing = opts.existing ?? {};
    const values: Record<string, CustomFieldValue | null> = {};
    const errors: FieldError[] = [];
    const fail = (key: string, code: CfMessageCode) => errors.push({ field: `customFields.${key}`, message: cfMessage(code, locale) });
    const given = input ?? {};

    for (const [key, raw] of Object.entries(given)) {
      const def = byKey.get(key);
      if (!def) {
        fail(key, 'unknown');
        continue;
      }
      const result = validateCustomFieldValue(def, raw, locale);
      if (!def.active) {
        // sending back a deactivated field's stored value is no edit
        if (!(result.ok && same(result.value, existing[key]))) fail(key, 'inactive');
        continue;
      }
      if (!result.ok) {
        errors.push({ field: `customFields.${key}`, message: result.error });
        continue;
      }
      if (result.value === null && def.required) {
        fail(key, 'required');
        continue;
      }
      values[key] = result.value;
    }
    if (!opts.partial) {
      for (const def of defs) if (def.active && def.required && !(def.key in given)) fail(def.key, 'required');
    }

    // references must exist (checked for new values only: a kept value may refer to someone since deactivated)
    const changed = defs.filter((d) => d.key in values && values[d.key] !== null && !same(values[d.key], existing[d.key]));
    for (const kind of ['user', 'department'] as const) {
      const refs = changed.filter((d) => d.type === kind);
      if (!refs.length) continue;
      const ids = refs.map((d) => values[d.key] as string);
      const found = kind === 'user' ? await repo.activeUserIds(tx, actor.orgId, ids) : await repo.departmentIds(tx, actor.orgId, ids);
      for (const d of refs) if (!found.has(values[d.key] as string)) fail(d.key, kind);
    }

    if (errors.length === 0) {
      for (const def of changed) {
        if (!def.unique) continue;
        const value = values[def.key]!;
        const taken = await repo.valueTaken(tx, actor.orgId, def.id, sql`${columnOf(def)} = ${typedParam(def, value)}`, JSON.stringify(value), opts.recordId);
        if (taken) fail(def.key, 'unique');
      }
    }
    return { values, errors };
  }

  async function writeValues(
    tx: DbExecutor,
    orgId: string,
    objectType: CustomFieldObjectType,
    recordId: string,
    values: Record<string, CustomFieldValue | null>,
  ): Promise<void> {
    const keys = Object.keys(values);
    if (keys.length === 0) return;
    const byKey = new Map((await definitions(tx, orgId, objectType)).map((d) => [d.key, d]));
    const fieldIds: string[] = [];
    const rows: ValueRow[] = [];
    const remove: string[] = [];
    const set: Record<string, CustomFieldValue> = {};
    for (const key of keys) {
      const def = byKey.get(key);
      if (!def) throw new Error(`writeValues: ${objectType} has no custom field ${key}`);
      fieldIds.push(def.id);
      const value = values[key];
      if (value === null || value === undefined) remove.push(key);
      else {
        set[key] = value;
        rows.push(...typedRows(def, value, { orgId, objectType, recordId }));
      }
    }
    await repo.replaceValues(tx, orgId, objectType, recordId, fieldIds, rows);
    await repo.updateRecordJson(tx, objectType, orgId, recordId, remove, set);
  }

  /**
   * Filters from a list request: `cf.<key>=v` (eq; for a multi-select: has the option), `cf.<key>.in=a,b`,
   * `cf.<key>.gte=`, `cf.<key>.lte=`, `cf.<key>.contains=` and/or `filters=[{"key","op","value"}]` (JSON).
   */
  function parseFilterParams(query: Record<string, unknown>, locale: Locale): ListFilter[] {
    const out: ListFilter[] = [];
    const bad = (): never => validationFailed([{ field: 'filters', message: cfMessage('pattern', locale) }]);
    const raw = query.filters;
    if (typeof raw === 'string' && raw.trim()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        bad();
      }
      if (!Array.isArray(parsed) || parsed.length > 20) bad();
      for (const f of parsed as unknown[]) {
        const o = f as Partial<ListFilter> | null;
        if (!o || typeof o !== 'object' || typeof o.key !== 'string' || !FILTER_OPS.includes(o.op as FilterOp)) bad();
        out.push({ key: o!.key!, op: o!.op as FilterOp, value: o!.value });
      }
    }
    for (const [name, value] of Object.entries(query)) {
      const m = /^cf\.([a-z][a-z0-9_]{0,39})(?:\.(eq|in|gte|lte|contains))?$/.exec(name);
      if (!m || value === undefined) continue;
      const op = (m[2] ?? 'eq') as FilterOp;
      const v = Array.isArray(value) ? value : op === 'in' && typeof value === 'string' ? value.split(',') : value;
      out.push({ key: m[1]!, op: Array.isArray(v) && op === 'eq' ? 'in' : op, value: v });
    }
    if (out.length > 20) bad();
    return out;
  }

  /** The SQL condition (AND of `exists (select 1 from custom_field_values …)`) of these filters, or a 400. */
  function listFilter(defs: readonly CustomFieldDef[], objectType: CustomFieldObjectType, filters: readonly ListFilter[], locale: Locale): SQL | undefined {
    if (filters.length === 0) return undefined;
    const t = RECORD_TABLES[objectType];
    const errors: FieldError[] = [];
    const conditions: SQL[] = [];
    for (const f of filters) {
      const field = `cf.${f.key}`;
      const def = defs.find((d) => d.key === f.key);
      if (!def) {
        errors.push({ field, message: cfMessage('unknown', locale) });
        continue;
      }
      const col = columnOf(def);
      const ordered = def.type === 'number' || def.type === 'money' || def.type === 'date';
      const single = def.type === 'multi_select' ? { ...def, type: 'single_select' as const } : def;
      const one = (raw: unknown): CustomFieldValue | undefined => {
        const r = validateCustomFieldValue(single, raw, locale);
        if (!r.ok) errors.push({ field, message: r.error });
        else if (r.value === null) errors.push({ field, message: cfMessage('required', locale) });
        else return r.value;
        return undefined;
      };
      let cond: SQL | undefined;
      if (f.op === 'contains') {
        if (!TEXT_LIKE_TYPES.includes(def.type) || typeof f.value !== 'string' || !f.value.trim()) {
          errors.push({ field, message: cfMessage('notForType', locale) });
          continue;
        }
        cond = sql`${col} ilike ${likePattern(f.value.trim())}`;
      } else if (f.op === 'gte' || f.op === 'lte') {
        if (!ordered) {
          errors.push({ field, message: cfMessage('notForType', locale) });
          continue;
        }
        const v = one(f.value);
        if (v !== undefined) cond = f.op === 'gte' ? sql`${col} >= ${typedParam(def, v)}` : sql`${col} <= ${typedParam(def, v)}`;
      } else {
        const items = f.op === 'in' ? (Array.isArray(f.value) ? f.value : [f.value]) : [f.value];
        if (items.length === 0 || items.length > 100) {
          errors.push({ field, message: cfMessage('pattern', locale) });
          continue;
        }
        const vs = items.map(one).filter((v): v is CustomFieldValue => v !== undefined);
        if (vs.length === items.length) {
          cond = vs.length === 1 ? sql`${col} = ${typedParam(def, vs[0]!)}` : sql`${col} in (${sql.join(vs.map((v) => typedParam(def, v)), sql`, `)})`;
        }
      }
      if (cond) {
        conditions.push(
          sql`exists (select 1 from ${customFieldValues} where ${customFieldValues.orgId} = ${t.orgId} and ${customFieldValues.fieldId} = ${def.id}::uuid and ${customFieldValues.recordId} = ${t.id} and ${cond})`,
        );
      }
    }
    if (errors.length) validationFailed(errors);
    return sql.join(conditions, sql` and `);
  }

  /**
   * Ordering by a custom field (its first value), empty values last in both directions, with keyset
   * pagination: `after.key` is the JSON text of the previous page's last sort key (null when empty).
   */
  function listSort(
    defs: readonly CustomFieldDef[],
    objectType: CustomFieldObjectType,
    key: string,
    order: 'asc' | 'desc',
    after: { key: string; id: string } | undefined,
    locale: Locale,
  ): { key: SQL<string | null>; orderBy: SQL[]; after: SQL | undefined } {
    const def = defs.find((d) => d.key === key);
    if (!def || !SORTABLE_TYPES.includes(def.type)) validationFailed([{ field: 'sort', message: cfMessage(def ? 'notForType' : 'unknown', locale) }]);
    const t = RECORD_TABLES[objectType];
    const col = columnOf(def);
    const expr = sql`(select ${col} from ${customFieldValues} where ${customFieldValues.orgId} = ${t.orgId} and ${customFieldValues.objectType} = ${objectType} and ${customFieldValues.recordId} = ${t.id} and ${customFieldValues.fieldId} = ${def.id}::uuid and ${customFieldValues.ordinal} = 0)`;
    const keyText =
      def.type === 'date'
        ? sql<string | null>`to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
        : sql<string | null>`(${expr})::text`;
    const asc = order === 'asc';
    const dir = asc ? sql`asc` : sql`desc`;
    const orderBy = [sql`${expr} ${dir} nulls last`, sql`${t.id} ${dir}`];
    let afterSql: SQL | undefined;
    if (after) {
      const badCursor = () => validationFailed([{ field: 'cursor', message: cfMessage('pattern', locale) }]);
      let k: unknown;
      try {
        k = JSON.parse(after.key);
      } catch {
        badCursor();
      }
      const idCmp = asc ? sql`${t.id} > ${after.id}::uuid` : sql`${t.id} < ${after.id}::uuid`;
      if (k === null) afterSql = sql`(${expr} is null and ${idCmp})`;
      else {
        if (typeof k !== 'string') badCursor();
        const text = k as string;
        let param: SQL;
        if (def.type === 'number' || def.type === 'money') {
          if (!/^-?\d{1,19}$/.test(text)) badCursor();
          param = sql`${text}::bigint`;
        } else if (def.type === 'date') {
          if (!CURSOR_TIMESTAMP_RE.test(text)) badCursor();
          param = sql`${text}::timestamptz`;
        } else param = sql`${text}::text`;
        const cmp = asc ? sql`>` : sql`<`;
        afterSql = sql`(${expr} ${cmp} ${param} or (${expr} = ${param} and ${idCmp}) or ${expr} is null)`;
      }
    }
    return { key: keyText, orderBy, after: afterSql };
  }

  /** JSON Schema of `customFields` for an organization's object type (active fields). */
  async function openApiSchemaFor(orgId: string, objectType: CustomFieldObjectType): Promise<Record<string, unknown>> {
    const defs = await deps.database.withTenant(orgId, (tx) => definitions(tx, orgId, objectType));
    return schemaOfDefs(defs);
  }

  function schemaOfDefs(defs: readonly CustomFieldDef[]): Record<string, unknown> {
    const active = defs.filter((d) => d.active);
    return {
      type: 'object',
      description: 'Custom fields of the organization, by key. Send null to clear a value.',
      properties: Object.fromEntries(active.map((d) => [d.key, jsonSchemaOf(d)])),
      additionalProperties: false,
    };
  }

  /**
   * A copy of the generated OpenAPI document where each `customFields` schema marked with
   * `x-luodi-custom-fields: <objectType>` lists the organization's fields as typed properties.
   */
  async function patchOpenApi<T>(doc: T, orgId: string): Promise<T> {
    const schemas = await deps.database.withTenant(orgId, async (tx) => {
      const out: Record<string, Record<string, unknown>> = {};
      for (const objectType of CUSTOM_FIELD_OBJECT_TYPES) out[objectType] = schemaOfDefs(await definitions(tx, orgId, objectType));
      return out;
    });
    const walk = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(walk);
      if (!node || typeof node !== 'object') return node;
      const obj = node as Record<string, unknown>;
      const marker = obj['x-luodi-custom-fields'];
      if (typeof marker === 'string' && schemas[marker]) return { ...schemas[marker], 'x-luodi-custom-fields': marker };
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v)]));
    };
    return walk(doc) as T;
  }

  // ---------------------------------------------------------------- admin: definitions

  async function toDtos(tx: DbExecutor, orgId: string, defs: ReturnType<typeof toDef>[]): Promise<DefinitionDto[]> {
    const withValues = await repo.fieldsWithValues(tx, orgId, defs.map((d) => d.id));
    return defs.map((d) => ({
      id: d.id,
      objectType: d.objectType,
      key: d.key,
      labelZh: d.labelZh,
      labelEn: d.labelEn,
      type: d.type,
      options: d.options,
      required: d.required,
      unique: d.unique,
      validation: d.validation,
      sortOrder: d.sortOrder,
      active: d.active,
      hasValues: withValues.has(d.id),
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
      version: d.version,
    }));
  }

  async function loadDef(tx: DbExecutor, orgId: string, id: string) {
    if (!isUuid(id)) throw customFieldErrors.CUSTOM_FIELD_NOT_FOUND();
    const row = await repo.findDefinition(tx, orgId, id);
    if (!row) throw customFieldErrors.CUSTOM_FIELD_NOT_FOUND();
    return toDef(row);
  }

  async function writeAudit(tx: DbExecutor, ctx: AuditContext, recordId: string, action: string, changes: ReturnType<typeof diffFields>) {
    await audit.insert(tx, [{ ...ctx, objectType: AUDIT_OBJECT_TYPE, recordId, action, changes, occurredAt: now() }]);
  }

  const auditable = (d: Partial<CustomFieldDef> | null) => (d ? ({ ...d } as Record<string, unknown>) : null);

  return {
    definitions,
    /** active definitions only, in display order */
    activeDefinitions: async (tx: DbExecutor, orgId: string, objectType: string) => (await definitions(tx, orgId, objectType)).filter((d) => d.active),
    validateInput,
    writeValues,
    parseFilterParams,
    listFilter,
    listSort,
    openApiSchemaFor,
    patchOpenApi,

    /** Who may define fields: role permission roles.edit (the administrators who shape the organization). */
    canAdminister: (actor: Actor) => hasPermission(actor.permissions, 'roles', 'edit'),

    async list(actor: Actor, objectType: CustomFieldObjectType, opts: { includeInactive: boolean }): Promise<DefinitionDto[]> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const rows = (await repo.listDefinitions(tx, actor.orgId, objectType)).map(toDef).filter((d) => opts.includeInactive || d.active);
        return toDtos(tx, actor.orgId, rows);
      });
    },

    async get(actor: Actor, id: string): Promise<DefinitionDto> {
      return deps.database.withTenant(actor.orgId, async (tx) => (await toDtos(tx, actor.orgId, [await loadDef(tx, actor.orgId, id)]))[0]!);
    },

    async create(ctx: CustomFieldCommandContext, input: CreateDefinitionInput): Promise<DefinitionDto> {
      const { actor, locale } = ctx;
      const problems = definitionProblems(input, locale);
      if (problems.length) validationFailed(problems);
      const options = cleanOptions(input.type, input.options);
      return deps.database.withTenant(actor.orgId, async (tx) => {
        if (await repo.keyExists(tx, actor.orgId, input.objectType, input.key)) {
          throw customFieldErrors.CUSTOM_FIELD_KEY_TAKEN({ key: input.key }, [{ field: 'key', message: cfMessage('unique', locale) }]);
        }
        const id = randomUUID();
        const at = now();
        const sortOrder = input.sortOrder ?? (await repo.maxSortOrder(tx, actor.orgId, input.objectType)) + 10;
        await repo.insertDefinition(tx, {
          orgId: actor.orgId,
          id,
          objectType: input.objectType,
          key: input.key,
          labelZh: input.labelZh,
          labelEn: input.labelEn,
          type: input.type,
          options: options as Record<string, unknown>,
          required: input.required ? 1 : 0,
          unique: input.unique ? 1 : 0,
          validation: input.validation as Record<string, unknown>,
          sortOrder,
          active: input.active ? 1 : 0,
          createdAt: at,
          createdBy: actor.userId,
          updatedAt: at,
          updatedBy: actor.userId,
        });
        cache.delete(tx);
        const def = await loadDef(tx, actor.orgId, id);
        await writeAudit(tx, ctx.audit, id, 'create', diffFields(null, auditable(def), DEFINITION_AUDITED));
        return (await toDtos(tx, actor.orgId, [def]))[0]!;
      });
    },

    async update(ctx: CustomFieldCommandContext, id: string, input: UpdateDefinitionInput): Promise<DefinitionDto> {
      const { actor, locale } = ctx;
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await loadDef(tx, actor.orgId, id);
        const next = {
          ...before,
          ...Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'version')),
        } as typeof before;
        next.options = cleanOptions(before.type, input.options ?? before.options);
        const problems = definitionProblems(next, locale);
        if (problems.length) validationFailed(problems);
        if (before.version !== input.version) throw httpErrors.VERSION_CONFLICT();
        const changes = diffFields(auditable(before), auditable(next), DEFINITION_AUDITED);
        if (changes.length === 0) return (await toDtos(tx, actor.orgId, [before]))[0]!;
        const hasValues = (await repo.fieldsWithValues(tx, actor.orgId, [id])).has(id);
        if (before.type === 'number' && hasValues && (next.options.decimals ?? 0) !== (before.options.decimals ?? 0)) {
          throw customFieldErrors.CUSTOM_FIELD_DECIMALS_FIXED();
        }
        if (next.unique && !before.unique && (await repo.hasDuplicateValues(tx, actor.orgId, id))) throw customFieldErrors.CUSTOM_FIELD_NOT_UNIQUE();
        const ok = await repo.updateDefinition(
          tx,
          actor.orgId,
          id,
          input.version,
          {
            labelZh: next.labelZh,
            labelEn: next.labelEn,
            options: next.options as Record<string, unknown>,
            required: next.required ? 1 : 0,
            unique: next.unique ? 1 : 0,
            validation: next.validation as Record<string, unknown>,
            sortOrder: next.sortOrder,
            active: next.active ? 1 : 0,
          },
          { actorId: actor.userId, now: now() },
        );
        if (!ok) throw httpErrors.VERSION_CONFLICT();
        cache.delete(tx);
        await writeAudit(tx, ctx.audit, id, 'update', changes);
        return (await toDtos(tx, actor.orgId, [await loadDef(tx, actor.orgId, id)]))[0]!;
      });
    },

    /** Deletes a field that no record uses; a field with values can only be deactivated (409). */
    async remove(ctx: CustomFieldCommandContext, id: string, version: number): Promise<void> {
      const { actor } = ctx;
      await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await loadDef(tx, actor.orgId, id);
        if ((await repo.fieldsWithValues(tx, actor.orgId, [id])).has(id)) throw customFieldErrors.CUSTOM_FIELD_HAS_VALUES();
        if (before.version !== version || !(await repo.deleteDefinition(tx, actor.orgId, id, version))) throw httpErrors.VERSION_CONFLICT();
        cache.delete(tx);
        await writeAudit(tx, ctx.audit, id, 'delete', diffFields(auditable(before), null, DEFINITION_AUDITED));
      });
    },

    /** Puts the given fields first, in this order (sortOrder 10, 20, …); the others follow in their order. */
    async reorder(ctx: CustomFieldCommandContext, objectType: CustomFieldObjectType, ids: string[]): Promise<DefinitionDto[]> {
      const { actor } = ctx;
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const defs = (await repo.listDefinitions(tx, actor.orgId, objectType)).map(toDef);
        const byId = new Map(defs.map((d) => [d.id, d]));
        for (const id of ids) if (!byId.has(id)) throw customFieldErrors.CUSTOM_FIELD_NOT_FOUND();
        const ordered = [...new Set(ids)].map((id) => byId.get(id)!);
        ordered.push(...defs.filter((d) => !ids.includes(d.id)));
        const at = now();
        for (const [i, def] of ordered.entries()) {
          const sortOrder = (i + 1) * 10;
          if (def.sortOrder === sortOrder) continue;
          if (!(await repo.updateDefinition(tx, actor.orgId, def.id, def.version, { sortOrder }, { actorId: actor.userId, now: at }))) {
            throw httpErrors.VERSION_CONFLICT();
          }
          await writeAudit(tx, ctx.audit, def.id, 'update', [{ field: 'sortOrder', old: def.sortOrder, new: sortOrder }]);
        }
        cache.delete(tx);
        return toDtos(tx, actor.orgId, (await repo.listDefinitions(tx, actor.orgId, objectType)).map(toDef));
      });
    },
  };
}
