/**
 * Accounts (客户): the first record type. Every read goes through platform/access (data scope + masking);
 * every write is optimistic (version), audited in the same transaction, and never reveals records the
 * actor cannot see (404 ACCOUNT_NOT_FOUND, whatever the reason).
 */
import { randomUUID } from 'node:crypto';
import { and, or } from 'drizzle-orm';
import { hasPermission } from '../../../core/access/catalog.js';
import { diffFields, type FieldChange } from '../../../core/audit/diff.js';
import { changedEdits, diffCustomFields, mergeCustomFields } from '../../../core/custom-fields/values.js';
import { CURSOR_TIMESTAMP_RE, decodeCursor, encodeCursor, isUuid } from '../../../core/pagination/cursor.js';
import { isCreditCodeFormat, normalizeCreditCode } from '../../../core/validation/creditCode.js';
import { normalizeEmail } from '../../../core/validation/mobile.js';
import { normalizePhone } from '../../../core/validation/phone.js';
import { dropMaskedEchoes, loadAccessScope, maskChanges, maskRecord, scopeFilter } from '../../platform/access/access.js';
import { labelReferences, type AuditContext, type ReferenceFields } from '../../platform/audit/audit.js';
import { auditRepository, type AuditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { poolBrowseCondition } from '../pools/pools.access.js';
import { refreshReclaimDue } from '../pools/pools.reclaimDue.js';
import { createCustomFieldsService, type CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import { applyTierRulesWithin } from '../tiers/tiers.service.js';
import { createDuplicatesService, type DuplicateProbe, type DuplicatesService } from '../duplicates/duplicates.service.js';
import { normalizeCompanyName } from '../../../core/customers/companyName.js';
import { taggedWith, tagsRepository } from '../tags/tags.repository.js';
import { tierFilter } from '../tiers/tiers.repository.js';
import { assertTierKnown, tierFieldMessage } from '../tiers/tiers.service.js';
import { accountErrors, accountFieldMessages } from './accounts.errors.js';
import {
  accountScopeColumns,
  accountsRepository,
  type AccountFields,
  type AccountRow,
  type AccountSort,
  type AccountsRepository,
  type SortOrder,
} from './accounts.repository.js';
import type {
  AccountDto,
  CreateAccountInput,
  HistoryPage,
  ListAccountsQueryInput,
  UpdateAccountInput,
} from './accounts.schemas.js';

export const OBJECT_TYPE = 'accounts';

/** Fields of an account that hold user or department ids: history shows their names. */
const REFERENCE_FIELDS: ReferenceFields = { ownerId: 'user', departmentId: 'department' };

/** Fields compared for the audit log (bookkeeping columns such as version are not changes). */
export const AUDITED_FIELDS = [
  'name',
  'creditCode',
  'phone',
  'email',
  'industry',
  'address',
  'website',
  'notes',
  'externalId',
  'ownerId',
  'departmentId',
] as const;

const EDITABLE_FIELDS = [
  'name',
  'creditCode',
  'phone',
  'email',
  'industry',
  'address',
  'website',
  'notes',
  'externalId',
] as const satisfies readonly (keyof AccountFields)[];

const WEBSITE_RE = /^(https?:\/\/)?[^\s/.]+(\.[^\s/.]+)+(:\d{1,5})?([/?#]\S*)?$/i;

/** Who acts, for the audit log and error language. */
export interface AccountCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface AccountsServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
  repo?: AccountsRepository;
  audit?: Pick<AuditRepository, 'insert' | 'listForRecord' | 'referenceNames'>;
  customFields?: CustomFieldsService;
  /** modules/duplicates (查重): checked on create and on edits of name, phone, email, credit code */
  duplicates?: Pick<DuplicatesService, 'assertAllowed'>;
  /** modules/tiers: the rule tier of written accounts, in the write's transaction */
  applyTierRules?: typeof applyTierRulesWithin;
  /** modules/tags: the tags of a list page */
  recordTagsOf?: (typeof tagsRepository)['tagsOfRecords'];
}

/** The normalised company name kept in accounts.name_key (duplicate detection). */
export const nameKeyOf = (name: string) => normalizeCompanyName(name) || name.toLowerCase();

type EditableInput = Partial<Record<(typeof EDITABLE_FIELDS)[number], string | null | undefined>>;

/**
 * Normalises the editable fields present in the input (empty → null; phone, email and credit code to their
 * canonical forms) and reports the fields in an invalid format.
 */
export function normalizeAccountFields(input: EditableInput, locale: Locale): { values: Partial<AccountFields>; errors: FieldError[] } {
  const values: Record<string, string | null> = {};
  const errors: FieldError[] = [];
  const fail = (field: keyof typeof accountFieldMessages) => errors.push({ field, message: accountFieldMessages[field][locale] });
  for (const field of EDITABLE_FIELDS) {
    const raw = input[field];
    if (raw === undefined) continue;
    const text = raw === null ? '' : raw.trim();
    if (text === '') {
      values[field] = null;
      continue;
    }
    switch (field) {
      case 'phone': {
        const phone = normalizePhone(text);
        if (phone) values.phone = phone;
        else fail('phone');
        break;
      }
      case 'email': {
        const email = normalizeEmail(text);
        if (email) values.email = email;
        else fail('email');
        break;
      }
      case 'creditCode': {
        // GB 32100-2015 format; a wrong check character is accepted (real codes that fail it exist)
        const code = normalizeCreditCode(text);
        if (isCreditCodeFormat(code)) values.creditCode = code;
        else fail('creditCode');
        break;
      }
      case 'website':
        if (WEBSITE_RE.test(text)) values.website = text;
        else fail('website');
        break;
      default:
        values[field] = text;
    }
  }
  return { values: values as Partial<AccountFields>, errors };
}

function iso(d: Date): string;
function iso(d: Date | null): string | null;
function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

export function toAccountDto(row: AccountRow): AccountDto {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    phone: row.phone,
    email: row.email,
    industry: row.industry,
    address: row.address,
    website: row.website,
    notes: row.notes,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    externalId: row.externalId,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    deletedAt: iso(row.deletedAt),
    version: row.version,
    customFields: row.customFields ?? {},
    reclaimDueAt: iso(row.reclaimDueAt),
    poolId: row.poolId,
    poolName: row.poolName,
    inPool: row.poolId !== null && row.ownerId === null,
    tier: row.tier ?? null,
    tierSource: row.tierSource ?? null,
  };
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e = err as { code?: string; constraint?: string; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505' && (e.constraint === constraint || e.message?.includes(constraint))) return true;
  }
  return false;
}

/** A custom-field sort's cursor key: the JSON of a string or null. */
function isJsonCursorKey(k: string): boolean {
  try {
    const v: unknown = JSON.parse(k);
    return v === null || typeof v === 'string';
  } catch {
    return false;
  }
}

function validationFailed(errors: FieldError[]): never {
  throw httpErrors.VALIDATION_FAILED({}, errors);
}

export function createAccountsService(deps: AccountsServiceDeps) {
  const repo = deps.repo ?? accountsRepository;
  const audit = deps.audit ?? auditRepository;
  const customFields = deps.customFields ?? createCustomFieldsService({ database: deps.database, clock: deps.clock });
  const duplicates = deps.duplicates ?? createDuplicatesService({ clock: deps.clock, database: deps.database });
  const applyTierRules = deps.applyTierRules ?? applyTierRulesWithin;
  const recordTagsOf = deps.recordTagsOf ?? tagsRepository.tagsOfRecords;
  const now = () => deps.clock.now();

  /** Deleted accounts (the recycle bin) are visible to those who may delete and restore them. */
  const seesDeleted = (actor: Actor) => hasPermission(actor.permissions, OBJECT_TYPE, 'delete');

  /** The account if the actor may see it (tenant via RLS, data scope, shares); else 404. */
  async function findVisible(
    tx: DbExecutor,
    actor: Actor,
    id: string,
    opts: { includeDeleted: boolean; /** reads: customers in a pool the actor may browse too */ includePool?: boolean },
  ): Promise<AccountRow> {
    if (!isUuid(id)) throw accountErrors.ACCOUNT_NOT_FOUND();
    const scope = await loadAccessScope(tx, actor);
    const scopeSql = scopeFilter(accountScopeColumns, OBJECT_TYPE, scope);
    const row = await repo.findById(tx, actor.orgId, id, {
      scope: opts.includePool && scopeSql ? or(scopeSql, await poolBrowseCondition(tx, actor, now())) : scopeSql,
      includeDeleted: opts.includeDeleted,
    });
    if (!row) throw accountErrors.ACCOUNT_NOT_FOUND();
    return row;
  }

  /** Re-reads an account after a write (the actor just changed it, so no scope filter). */
  async function reload(tx: DbExecutor, orgId: string, id: string): Promise<AccountRow> {
    const row = await repo.findById(tx, orgId, id, { scope: undefined, includeDeleted: true });
    if (!row) throw accountErrors.ACCOUNT_NOT_FOUND();
    return row;
  }

  async function assertExternalIdFree(tx: DbExecutor, orgId: string, externalId: string | null | undefined, selfId: string | null, locale: Locale) {
    if (!externalId) return;
    const existing = await repo.findIdByExternalId(tx, orgId, externalId);
    if (existing && existing !== selfId) throw externalIdTaken(externalId, locale);
  }

  function externalIdTaken(externalId: string, locale: Locale) {
    return accountErrors.EXTERNAL_ID_TAKEN({ externalId }, [{ field: 'externalId', message: accountFieldMessages.externalId[locale] }]);
  }

  async function findOwner(tx: DbExecutor, orgId: string, ownerId: string, locale: Locale) {
    const owner = await repo.findActiveUser(tx, orgId, ownerId);
    if (!owner) validationFailed([{ field: 'ownerId', message: accountFieldMessages.ownerId[locale] }]);
    return owner;
  }

  const detail = (actor: Actor, row: AccountRow) => maskRecord(OBJECT_TYPE, toAccountDto(row), actor.fieldMasks, 'detail');

  async function writeAudit(tx: DbExecutor, ctx: AuditContext, recordId: string, action: string, changes: FieldChange[]) {
    await audit.insert(tx, [{ ...ctx, objectType: OBJECT_TYPE, recordId, action, changes, occurredAt: now() }]);
  }

  /** Validates and inserts a new account in `tx`, with its audit event; returns the stored row. */
  async function createWithin(tx: DbExecutor, ctx: AccountCommandContext, input: CreateAccountInput): Promise<AccountRow> {
    const { actor, locale } = ctx;
    const { values, errors } = normalizeAccountFields(input, locale);
    const cf = await customFields.validateInput(tx, actor, OBJECT_TYPE, input.customFields, { partial: false, locale });
    if (errors.length || cf.errors.length) validationFailed([...errors, ...cf.errors]);
    const ownerId = input.ownerId ?? actor.userId;
    // assigning a new account to someone else is a transfer
    if (ownerId !== actor.userId && !hasPermission(actor.permissions, OBJECT_TYPE, 'transfer')) throw httpErrors.FORBIDDEN();
    const id = randomUUID();
    const at = now();
    const owner = await findOwner(tx, actor.orgId, ownerId, locale);
    await assertExternalIdFree(tx, actor.orgId, values.externalId, null, locale);
    await duplicates.assertAllowed(
      tx,
      actor,
      { objectType: 'accounts', companyName: input.name, phone: values.phone, email: values.email, creditCode: values.creditCode },
      input.acknowledgeDuplicates ?? false,
    );
    const fields: AccountFields = {
      name: input.name,
      creditCode: values.creditCode ?? null,
      phone: values.phone ?? null,
      email: values.email ?? null,
      industry: values.industry ?? null,
      address: values.address ?? null,
      website: values.website ?? null,
      notes: values.notes ?? null,
      externalId: values.externalId ?? null,
    };
    await repo.insert(tx, { ...fields, nameKey: nameKeyOf(input.name), orgId: actor.orgId, id, ownerId: owner.id, departmentId: owner.departmentId, actorId: actor.userId, now: at });
    await customFields.writeValues(tx, actor.orgId, OBJECT_TYPE, id, cf.values);
    await refreshReclaimDue(tx, actor.orgId, [id], { now: at });
    await applyTierRules(tx, actor.orgId, [id], { now: at, audit: ctx.audit });
    const created = await reload(tx, actor.orgId, id);
    await writeAudit(tx, ctx.audit, id, 'create', [
      ...diffFields<Record<string, unknown>>(null, { ...created }, AUDITED_FIELDS),
      ...diffCustomFields(null, created.customFields),
    ]);
    return created;
  }

  return {
    async list(actor: Actor, query: ListAccountsQueryInput, locale: Locale): Promise<{ items: AccountDto[]; nextCursor: string | null }> {
      // sort: a column, or `cf.<key>` (custom field; cursor keys are then JSON: a string or null)
      const cfSort = query.sort.startsWith('cf.') ? query.sort.slice(3) : undefined;
      const sort = (cfSort ? 'updatedAt' : query.sort) as AccountSort;
      const order: SortOrder = query.order ?? (query.sort === 'name' || cfSort ? 'asc' : 'desc');
      const cfFilters = customFields.parseFilterParams(query as unknown as Record<string, unknown>, locale);
      let after: { key: string; id: string } | undefined;
      if (query.cursor !== undefined) {
        const decoded = decodeCursor(query.cursor, {
          sort: query.sort,
          order,
          validKey: cfSort ? isJsonCursorKey : sort === 'name' ? undefined : (k) => CURSOR_TIMESTAMP_RE.test(k),
        });
        if (!decoded) validationFailed([{ field: 'cursor', message: accountFieldMessages.cursor[locale] }]);
        after = { key: decoded.key, id: decoded.id };
      }
      const { rows, tagsById } = await deps.database.withTenant(actor.orgId, async (tx) => {
        const inPool = query.inPool === 'true' ? true : query.inPool === 'false' ? false : undefined;
        // pool customers (no owner): everyone browses the pools of their department branch, whatever the data scope
        const scope = inPool
          ? await poolBrowseCondition(tx, actor, now(), query.poolId)
          : scopeFilter(accountScopeColumns, OBJECT_TYPE, await loadAccessScope(tx, actor));
        const defs = cfFilters.length || cfSort ? await customFields.definitions(tx, actor.orgId, OBJECT_TYPE) : [];
        const found = await repo.list(tx, actor.orgId, {
          where: and(
            customFields.listFilter(defs, OBJECT_TYPE, cfFilters, locale),
            query.tagId ? taggedWith('accounts', query.tagId) : undefined,
            query.tier ? tierFilter(query.tier) : undefined,
          ),
          customSort: cfSort ? customFields.listSort(defs, OBJECT_TYPE, cfSort, order, after, locale) : undefined,
          scope,
          q: query.q || undefined,
          ownerId: query.ownerId,
          departmentId: query.departmentId,
          inPool,
          deleted: query.deleted === 'true',
          sort,
          order,
          after,
          limit: query.limit + 1,
        });
        const tagsById = await recordTagsOf(tx, actor.orgId, OBJECT_TYPE, found.slice(0, query.limit).map((r) => r.id));
        return { rows: found, tagsById };
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => maskRecord(OBJECT_TYPE, { ...toAccountDto(r), tags: tagsById.get(r.id) ?? [] }, actor.fieldMasks, 'list')),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ sort: query.sort, order, key: cfSort ? JSON.stringify(last.sortKey ?? null) : (last.sortKey ?? ''), id: last.id })
            : null,
      };
    },

    async get(actor: Actor, id: string): Promise<AccountDto> {
      const row = await deps.database.withTenant(actor.orgId, (tx) => findVisible(tx, actor, id, { includeDeleted: seesDeleted(actor), includePool: true }));
      return detail(actor, row);
    },

    async create(ctx: AccountCommandContext, input: CreateAccountInput): Promise<AccountDto> {
      const { actor, locale } = ctx;
      try {
        const row = await deps.database.withTenant(actor.orgId, (tx) => createWithin(tx, ctx, input));
        return detail(actor, row);
      } catch (err) {
        if (isUniqueViolation(err, 'accounts_external_id_uq')) throw externalIdTaken(normalizeAccountFields(input, locale).values.externalId ?? '', locale);
        throw err;
      }
    },

    /** create() inside the caller's transaction (lead conversion): same rules; returns the stored row, unmasked. */
    createWithin: (tx: DbExecutor, ctx: AccountCommandContext, input: CreateAccountInput) => createWithin(tx, ctx, input),

    async update(ctx: AccountCommandContext, id: string, input: UpdateAccountInput): Promise<AccountDto> {
      const { actor, locale } = ctx;
      const { version, tier, acknowledgeDuplicates, ...patch } = input;
      try {
        const row = await deps.database.withTenant(actor.orgId, async (tx) => {
          const before = await findVisible(tx, actor, id, { includeDeleted: false });
          // manual tier (modules/tiers); null hands the account back to the tier rules
          if (tier !== undefined && !(await assertTierKnown(tx, actor.orgId, tier))) validationFailed([{ field: 'tier', message: tierFieldMessage[locale] }]);
          const tierSet = tier === undefined ? {} : { tier, tierSource: tier === null ? null : ('manual' as const) };
          const tierChanges = diffFields<Record<string, unknown>>({ tier: before.tier, tierSource: before.tierSource }, { tier: before.tier, tierSource: before.tierSource, ...tierSet }, ['tier', 'tierSource']);
          // a masked value sent back as shown is "unchanged", never the new value
          const { input: edits } = dropMaskedEchoes(OBJECT_TYPE, patch, { ...before }, actor.fieldMasks);
          const { values, errors } = normalizeAccountFields(edits, locale);
          const cf = await customFields.validateInput(tx, actor, OBJECT_TYPE, patch.customFields, {
            partial: true,
            existing: before.customFields,
            recordId: id,
            locale,
          });
          if (errors.length || cf.errors.length) validationFailed([...errors, ...cf.errors]);
          if (before.version !== version) throw httpErrors.VERSION_CONFLICT();
          const changes = diffFields<Record<string, unknown>>({ ...before }, { ...before, ...values }, AUDITED_FIELDS);
          const cfEdits = changedEdits(before.customFields, cf.values);
          const cfChanges = diffCustomFields(before.customFields, mergeCustomFields(before.customFields, cfEdits));
          if (changes.length === 0 && cfChanges.length === 0 && tierChanges.length === 0) return before;
          if (values.externalId !== undefined) await assertExternalIdFree(tx, actor.orgId, values.externalId, id, locale);
          // duplicate check (查重) on the keys this edit changes
          const changed = new Set(changes.map((c) => c.field));
          const probe: DuplicateProbe = {
            objectType: 'accounts',
            excludeId: id,
            companyName: changed.has('name') ? values.name : undefined,
            phone: changed.has('phone') ? values.phone : undefined,
            email: changed.has('email') ? values.email : undefined,
            creditCode: changed.has('creditCode') ? values.creditCode : undefined,
          };
          if (probe.companyName || probe.phone || probe.email || probe.creditCode) await duplicates.assertAllowed(tx, actor, probe, acknowledgeDuplicates ?? false);
          const set: Record<string, unknown> = Object.fromEntries(changes.map((c) => [c.field, (values as Record<string, unknown>)[c.field]]));
          if (changed.has('name') && values.name) set.nameKey = nameKeyOf(values.name);
          if (tierChanges.length) Object.assign(set, tierSet);
          const updated = await repo.update(tx, actor.orgId, id, version, set, { actorId: actor.userId, now: now() });
          if (!updated) throw httpErrors.VERSION_CONFLICT();
          await customFields.writeValues(tx, actor.orgId, OBJECT_TYPE, id, cfEdits);
          if (tierChanges.length) await refreshReclaimDue(tx, actor.orgId, [id], { now: now() });
          // what the tier rules look at may have changed, or the account was handed back to them (tier: null)
          await applyTierRules(tx, actor.orgId, [id], { now: now(), audit: ctx.audit });
          await writeAudit(tx, ctx.audit, id, 'update', [...changes, ...tierChanges, ...cfChanges]);
          return reload(tx, actor.orgId, id);
        });
        return detail(actor, row);
      } catch (err) {
        if (isUniqueViolation(err, 'accounts_external_id_uq')) throw externalIdTaken(input.externalId ?? '', locale);
        throw err;
      }
    },

    async remove(ctx: AccountCommandContext, id: string): Promise<void> {
      const { actor } = ctx;
      await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await findVisible(tx, actor, id, { includeDeleted: false });
        const at = now();
        if (!(await repo.setDeleted(tx, actor.orgId, id, true, { actorId: actor.userId, now: at }))) {
          throw accountErrors.ACCOUNT_NOT_FOUND(); // deleted meanwhile
        }
        await writeAudit(tx, ctx.audit, id, 'delete', diffFields<Record<string, unknown>>({ deletedAt: before.deletedAt }, { deletedAt: at }, ['deletedAt']));
      });
    },

    /** Brings an account back from the recycle bin; restoring a live account changes nothing. */
    async restore(ctx: AccountCommandContext, id: string): Promise<AccountDto> {
      const { actor } = ctx;
      const row = await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await findVisible(tx, actor, id, { includeDeleted: true });
        if (!before.deletedAt) return before;
        if (await repo.setDeleted(tx, actor.orgId, id, false, { actorId: actor.userId, now: now() })) {
          await writeAudit(tx, ctx.audit, id, 'restore', diffFields<Record<string, unknown>>({ deletedAt: before.deletedAt }, { deletedAt: null }, ['deletedAt']));
        }
        return reload(tx, actor.orgId, id);
      });
      return detail(actor, row);
    },

    /** Changes the owner (转移); the department follows the new owner. */
    async transfer(ctx: AccountCommandContext, id: string, input: { ownerId: string; version: number }): Promise<AccountDto> {
      const { actor, locale } = ctx;
      const row = await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await findVisible(tx, actor, id, { includeDeleted: false });
        const owner = await findOwner(tx, actor.orgId, input.ownerId, locale);
        if (before.version !== input.version) throw httpErrors.VERSION_CONFLICT();
        const after = { ownerId: owner.id, departmentId: owner.departmentId };
        const changes = diffFields<Record<string, unknown>>({ ownerId: before.ownerId, departmentId: before.departmentId }, after, ['ownerId', 'departmentId']);
        if (changes.length === 0) return before;
        const at = now();
        const ownerChange = { ownerAssignedAt: at, previousOwnerId: before.ownerId, poolId: null, poolEnteredAt: null };
        const updated = await repo.update(tx, actor.orgId, id, input.version, { ...after, ...ownerChange }, { actorId: actor.userId, now: at });
        if (!updated) throw httpErrors.VERSION_CONFLICT();
        await refreshReclaimDue(tx, actor.orgId, [id], { now: at });
        await writeAudit(tx, ctx.audit, id, 'transfer', changes);
        return reload(tx, actor.orgId, id);
      });
      return detail(actor, row);
    },

    /** The account's audit history, newest first, under the same access rule and masking as its detail. */
    async history(actor: Actor, id: string, query: { before?: string; limit: number }): Promise<HistoryPage> {
      const events = await deps.database.withTenant(actor.orgId, async (tx) => {
        await findVisible(tx, actor, id, { includeDeleted: seesDeleted(actor), includePool: true });
        const rows = await audit.listForRecord(tx, actor.orgId, OBJECT_TYPE, id, {
          limit: query.limit + 1,
          before: query.before !== undefined ? Number(query.before) : undefined,
        });
        // user and department custom fields show names too
        const refFields: ReferenceFields = { ...REFERENCE_FIELDS };
        for (const d of await customFields.definitions(tx, actor.orgId, OBJECT_TYPE)) {
          if (d.type === 'user' || d.type === 'department') refFields[`customFields.${d.key}`] = d.type;
        }
        return labelReferences(tx, audit, actor.orgId, rows, refFields);
      });
      const page = events.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((e) => ({
          id: String(e.id),
          occurredAt: e.occurredAt.toISOString(),
          actorId: e.actorId,
          actorName: e.actorName,
          action: e.action,
          changes: maskChanges(OBJECT_TYPE, e.changes, actor.fieldMasks, 'detail'),
        })),
        nextBefore: events.length > query.limit && last ? String(last.id) : null,
      };
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
