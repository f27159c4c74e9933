/**
 * Contacts (联系人): people at accounts. Same rules as accounts — every read goes through platform/access
 * (data scope + masking), every write is optimistic (version), audited in the same transaction, and records
 * the actor cannot see are 404 CONTACT_NOT_FOUND whatever the reason. A contact's account must be one the
 * actor can see; its owner defaults to the account's owner (or the actor), its department follows the owner.
 */
import { and } from 'drizzle-orm';
import { taggedWith } from '../tags/tags.repository.js';
import { randomUUID } from 'node:crypto';
import { hasPermission } from '../../../core/access/catalog.js';
import { diffFields, type FieldChange } from '../../../core/audit/diff.js';
import { CURSOR_TIMESTAMP_RE, decodeCursor, encodeCursor, isUuid } from '../../../core/pagination/cursor.js';
import { normalizeEmail, normalizeMobile } from '../../../core/validation/mobile.js';
import { normalizePhone } from '../../../core/validation/phone.js';
import { dropMaskedEchoes, loadAccessScope, maskChanges, maskRecord, scopeFilter, type AccessScope } from '../../platform/access/access.js';
import { labelReferences, type AuditContext, type ReferenceFields } from '../../platform/audit/audit.js';
import { auditRepository, type AuditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { accountErrors } from '../accounts/accounts.errors.js';
import { accountScopeColumns, accountsRepository } from '../accounts/accounts.repository.js';
import { contactErrors, contactFieldMessages } from './contacts.errors.js';
import { changedEdits, diffCustomFields, mergeCustomFields } from '../../../core/custom-fields/values.js';
import { createCustomFieldsService, type CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import type { DuplicatesPort } from './contacts.ports.js';
import {
  accountNames,
  contactScopeColumns,
  contactsRepository,
  type ContactFields,
  type ContactRow,
  type ContactsRepository,
} from './contacts.repository.js';
import type { AccountContactsQueryInput, ContactDto, CreateContactInput, HistoryPage, ListContactsQueryInput, UpdateContactInput } from './contacts.schemas.js';
import { cleanText, iso, isUniqueViolation, validationFailed } from './records.js';

export const OBJECT_TYPE = 'contacts';

const REFERENCE_FIELDS: ReferenceFields = { ownerId: 'user', departmentId: 'department' };

export const AUDITED_FIELDS = [
  'name',
  'title',
  'mobile',
  'phone',
  'email',
  'wechat',
  'notes',
  'isPrimary',
  'accountId',
  'externalId',
  'ownerId',
  'departmentId',
] as const;

const TEXT_FIELDS = ['name', 'title', 'mobile', 'phone', 'email', 'wechat', 'notes', 'externalId'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export interface ContactCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface ContactsServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
  repo?: ContactsRepository;
  audit?: Pick<AuditRepository, 'insert' | 'listForRecord' | 'referenceNames'>;
  /** modules/duplicates (mobile, phone, email); absent: no duplicate check */
  duplicates?: DuplicatesPort;
  /** modules/custom-fields (default: built from database and clock) */
  customFields?: CustomFieldsService;
}

/** Normalises the text fields present in the input (empty → null; mobile, phone, email canonical). */
export function normalizeContactFields(
  input: Partial<Record<TextField, string | null | undefined>>,
  locale: Locale,
): { values: Partial<Record<TextField, string | null>>; errors: FieldError[] } {
  const values: Partial<Record<TextField, string | null>> = {};
  const errors: FieldError[] = [];
  const fail = (field: keyof typeof contactFieldMessages) => errors.push({ field, message: contactFieldMessages[field][locale] });
  for (const field of TEXT_FIELDS) {
    const text = cleanText(input[field]);
    if (text === undefined) continue;
    if (text === null) {
      values[field] = null;
      continue;
    }
    const normalized =
      field === 'mobile' ? normalizeMobile(text) : field === 'phone' ? normalizePhone(text) : field === 'email' ? normalizeEmail(text) : text;
    if (normalized === null) fail(field as 'mobile' | 'phone' | 'email');
    else values[field] = normalized;
  }
  return { values, errors };
}

export function toContactDto(row: ContactRow): ContactDto {
  return {
    id: row.id,
    accountId: row.accountId,
    accountName: row.accountName,
    name: row.name,
    title: row.title,
    mobile: row.mobile,
    phone: row.phone,
    email: row.email,
    wechat: row.wechat,
    notes: row.notes,
    isPrimary: row.isPrimary === 1,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    externalId: row.externalId,
    customFields: row.customFields ?? {},
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    deletedAt: iso(row.deletedAt),
    version: row.version,
  };
}

/** The audited view of a row (booleans as booleans). */
const audited = (row: Partial<ContactRow>): Record<string, unknown> => ({ ...row, isPrimary: row.isPrimary === undefined ? undefined : row.isPrimary === 1 });

/** An account already known to be visible to the actor (e.g. created in the same transaction). */
export interface AccountRef {
  id: string;
  ownerId: string | null;
  departmentId: string | null;
}

export function createContactsService(deps: ContactsServiceDeps) {
  const repo = deps.repo ?? contactsRepository;
  const audit = deps.audit ?? auditRepository;
  const customFields = deps.customFields ?? createCustomFieldsService({ database: deps.database, clock: deps.clock });
  const now = () => deps.clock.now();

  const seesDeleted = (actor: Actor) => hasPermission(actor.permissions, OBJECT_TYPE, 'delete');

  async function findVisible(tx: DbExecutor, actor: Actor, id: string, opts: { includeDeleted: boolean; scope?: AccessScope }): Promise<ContactRow> {
    if (!isUuid(id)) throw contactErrors.CONTACT_NOT_FOUND();
    const scope = opts.scope ?? (await loadAccessScope(tx, actor));
    const row = await repo.findById(tx, actor.orgId, id, {
      scope: scopeFilter(contactScopeColumns, OBJECT_TYPE, scope),
      includeDeleted: opts.includeDeleted,
    });
    if (!row) throw contactErrors.CONTACT_NOT_FOUND();
    return row;
  }

  async function reload(tx: DbExecutor, orgId: string, id: string): Promise<ContactRow> {
    const row = await repo.findById(tx, orgId, id, { scope: undefined, includeDeleted: true });
    if (!row) throw contactErrors.CONTACT_NOT_FOUND();
    return row;
  }

  /** A live account the actor can see (accounts' data scope), or undefined. */
  async function visibleAccount(tx: DbExecutor, actor: Actor, accountId: string, scope?: AccessScope): Promise<AccountRef | undefined> {
    if (!isUuid(accountId)) return undefined;
    const s = scope ?? (await loadAccessScope(tx, actor));
    return accountsRepository.findById(tx, actor.orgId, accountId, {
      scope: scopeFilter(accountScopeColumns, 'accounts', s),
      includeDeleted: false,
    });
  }

  function externalIdTaken(externalId: string, locale: Locale) {
    return contactErrors.EXTERNAL_ID_TAKEN({ externalId }, [{ field: 'externalId', message: contactFieldMessages.externalId[locale] }]);
  }

  async function assertExternalIdFree(tx: DbExecutor, orgId: string, externalId: string | null | undefined, selfId: string | null, locale: Locale) {
    if (!externalId) return;
    const existing = await repo.findIdByExternalId(tx, orgId, externalId);
    if (existing && existing !== selfId) throw externalIdTaken(externalId, locale);
  }

  const detail = (actor: Actor, row: ContactRow) => maskRecord(OBJECT_TYPE, toContactDto(row), actor.fieldMasks, 'detail');

  async function writeAudit(tx: DbExecutor, ctx: AuditContext, recordId: string, action: string, changes: FieldChange[]) {
    await audit.insert(tx, [{ ...ctx, objectType: OBJECT_TYPE, recordId, action, changes, occurredAt: now() }]);
  }

  async function findOwner(tx: DbExecutor, orgId: string, ownerId: string, locale: Locale) {
    const owner = await accountsRepository.findActiveUser(tx, orgId, ownerId);
    if (!owner) validationFailed([{ field: 'ownerId', message: contactFieldMessages.ownerId[locale] }]);
    return owner;
  }

  /** Unsets the primary flag of the account's other contacts (one primary contact per account), audited. */
  async function keepOnePrimary(tx: DbExecutor, ctx: ContactCommandContext, accountId: string, selfId: string) {
    const cleared = await repo.clearPrimary(tx, ctx.actor.orgId, accountId, selfId, { actorId: ctx.actor.userId, now: now() });
    for (const id of cleared) await writeAudit(tx, ctx.audit, id, 'update', [{ field: 'isPrimary', old: true, new: false }]);
  }

  async function checkDuplicates(tx: DbExecutor, actor: Actor, probe: { excludeId?: string; accountId: string | null; mobile: string | null; phone: string | null; email: string | null }, acknowledged: boolean) {
    if (!deps.duplicates) return;
    if (!probe.mobile && !probe.phone && !probe.email) return;
    await deps.duplicates.assertAllowed(tx, actor, { objectType: 'contacts', ...probe }, acknowledged);
  }

  /**
   * Validates and inserts a contact in `tx` (audited); returns the stored row, unmasked. `opts.account`: an
   * account the caller already knows the actor may use (lead conversion creates it in the same transaction).
   */
  async function createWithin(tx: DbExecutor, ctx: ContactCommandContext, input: CreateContactInput, opts: { account?: AccountRef } = {}): Promise<ContactRow> {
    const { actor, locale } = ctx;
    const { values, errors } = normalizeContactFields(input, locale);
    const scope = await loadAccessScope(tx, actor);
    let account: AccountRef | undefined;
    if (opts.account && input.accountId === opts.account.id) account = opts.account;
    else if (input.accountId) {
      account = await visibleAccount(tx, actor, input.accountId, scope);
      if (!account) errors.push({ field: 'accountId', message: contactFieldMessages.accountId[locale] });
    }
    const custom = await customFields.validateInput(tx, actor, OBJECT_TYPE, input.customFields, { partial: false, locale });
    errors.push(...custom.errors);
    if (errors.length) validationFailed(errors);
    // an explicit owner other than oneself is a transfer; by default the contact belongs to the account's owner
    if (input.ownerId && input.ownerId !== actor.userId && !hasPermission(actor.permissions, OBJECT_TYPE, 'transfer')) throw httpErrors.FORBIDDEN();
    const ownerId = input.ownerId ?? account?.ownerId ?? actor.userId;
    const owner = await findOwner(tx, actor.orgId, ownerId, locale);
    await assertExternalIdFree(tx, actor.orgId, values.externalId, null, locale);
    const id = randomUUID();
    await checkDuplicates(tx, actor, { accountId: account?.id ?? null, mobile: values.mobile ?? null, phone: values.phone ?? null, email: values.email ?? null }, input.acknowledgeDuplicates ?? false);
    const fields: ContactFields = {
      accountId: account?.id ?? null,
      name: values.name ?? input.name,
      title: values.title ?? null,
      mobile: values.mobile ?? null,
      phone: values.phone ?? null,
      email: values.email ?? null,
      wechat: values.wechat ?? null,
      notes: values.notes ?? null,
      isPrimary: input.isPrimary && account ? 1 : 0,
      externalId: values.externalId ?? null,
    };
    await repo.insert(tx, {
      ...fields,
      orgId: actor.orgId,
      id,
      ownerId: owner.id,
      departmentId: owner.departmentId,
      customFields: {},
      actorId: actor.userId,
      now: now(),
    });
    await customFields.writeValues(tx, actor.orgId, OBJECT_TYPE, id, custom.values);
    if (fields.isPrimary && account) await keepOnePrimary(tx, ctx, account.id, id);
    const created = await reload(tx, actor.orgId, id);
    await writeAudit(tx, ctx.audit, id, 'create', [
      ...diffFields<Record<string, unknown>>(null, audited(created), AUDITED_FIELDS),
      ...diffCustomFields(null, created.customFields),
    ]);
    return created;
  }

  async function transferWithin(tx: DbExecutor, ctx: ContactCommandContext, id: string, input: { ownerId: string; version?: number }): Promise<ContactRow> {
    const { actor, locale } = ctx;
    const before = await findVisible(tx, actor, id, { includeDeleted: false });
    const owner = await findOwner(tx, actor.orgId, input.ownerId, locale);
    if (input.version !== undefined && before.version !== input.version) throw httpErrors.VERSION_CONFLICT();
    const after = { ownerId: owner.id, departmentId: owner.departmentId };
    const changes = diffFields<Record<string, unknown>>({ ownerId: before.ownerId, departmentId: before.departmentId }, after, ['ownerId', 'departmentId']);
    if (changes.length === 0) return before;
    const updated = await repo.update(tx, actor.orgId, id, before.version, after, { actorId: actor.userId, now: now() });
    if (!updated) throw httpErrors.VERSION_CONFLICT();
    await writeAudit(tx, ctx.audit, id, 'transfer', changes);
    return reload(tx, actor.orgId, id);
  }

  async function listRows(actor: Actor, query: ListContactsQueryInput, locale: Locale, opts: { accountId?: string } = {}) {
    const sort = query.sort;
    const order = query.order ?? (sort === 'name' ? 'asc' : 'desc');
    let after: { key: string; id: string } | undefined;
    if (query.cursor !== undefined) {
      const decoded = decodeCursor(query.cursor, { sort, order, validKey: sort === 'name' ? undefined : (k) => CURSOR_TIMESTAMP_RE.test(k) });
      if (!decoded) validationFailed([{ field: 'cursor', message: contactFieldMessages.cursor[locale] }]);
      after = { key: decoded.key, id: decoded.id };
    }
    const cfFilters = customFields.parseFilterParams(query, locale);
    const rows = await deps.database.withTenant(actor.orgId, async (tx) => {
      const scope = await loadAccessScope(tx, actor);
      const defs = cfFilters.length ? await customFields.definitions(tx, actor.orgId, OBJECT_TYPE) : [];
      if (opts.accountId !== undefined && !(await visibleAccount(tx, actor, opts.accountId, scope))) throw accountErrors.ACCOUNT_NOT_FOUND();
      return repo.list(tx, actor.orgId, {
        scope: scopeFilter(contactScopeColumns, OBJECT_TYPE, scope),
        q: query.q || undefined,
        accountId: opts.accountId ?? query.accountId,
        ownerId: query.ownerId,
        departmentId: query.departmentId,
        extra: and(customFields.listFilter(defs, OBJECT_TYPE, cfFilters, locale), query.tagId ? taggedWith(OBJECT_TYPE, query.tagId) : undefined),
        deleted: query.deleted === 'true',
        sort,
        order,
        after,
        limit: query.limit + 1,
      });
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => maskRecord(OBJECT_TYPE, toContactDto(r), actor.fieldMasks, 'list')),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ sort, order, key: last.sortKey, id: last.id }) : null,
    };
  }

  return {
    /** One page of contacts the actor may see (masked for lists). Export streams by following nextCursor. */
    list: (actor: Actor, query: ListContactsQueryInput, locale: Locale): Promise<{ items: ContactDto[]; nextCursor: string | null }> =>
      listRows(actor, query, locale),

    /** The contacts of one account (404 ACCOUNT_NOT_FOUND when the actor cannot see the account). */
    listForAccount: (actor: Actor, accountId: string, query: AccountContactsQueryInput, locale: Locale) =>
      listRows(actor, query as ListContactsQueryInput, locale, { accountId }),

    async get(actor: Actor, id: string): Promise<ContactDto> {
      const row = await deps.database.withTenant(actor.orgId, (tx) => findVisible(tx, actor, id, { includeDeleted: seesDeleted(actor) }));
      return detail(actor, row);
    },

    async create(ctx: ContactCommandContext, input: CreateContactInput): Promise<ContactDto> {
      try {
        const row = await deps.database.withTenant(ctx.actor.orgId, (tx) => createWithin(tx, ctx, input));
        return detail(ctx.actor, row);
      } catch (err) {
        if (isUniqueViolation(err, 'contacts_external_id_uq')) throw externalIdTaken(input.externalId ?? '', ctx.locale);
        throw err;
      }
    },

    createWithin,

    async update(ctx: ContactCommandContext, id: string, input: UpdateContactInput): Promise<ContactDto> {
      const { actor, locale } = ctx;
      const { version, acknowledgeDuplicates, customFields: customInput, isPrimary, accountId, ...patch } = input;
      try {
        const row = await deps.database.withTenant(actor.orgId, async (tx) => {
          const scope = await loadAccessScope(tx, actor);
          const before = await findVisible(tx, actor, id, { includeDeleted: false, scope });
          const { input: edits } = dropMaskedEchoes(OBJECT_TYPE, patch, { ...before }, actor.fieldMasks);
          const { values, errors } = normalizeContactFields(edits, locale);
          const set: Record<string, unknown> = { ...values };
          if (values.name === null) errors.push({ field: 'name', message: locale === 'en' ? 'is required' : '必填' });
          let accountRef: AccountRef | undefined;
          if (accountId !== undefined && accountId !== before.accountId) {
            if (accountId === null) set.accountId = null;
            else {
              accountRef = await visibleAccount(tx, actor, accountId, scope);
              if (!accountRef) errors.push({ field: 'accountId', message: contactFieldMessages.accountId[locale] });
              else set.accountId = accountId;
            }
          }
          const custom = await customFields.validateInput(tx, actor, OBJECT_TYPE, customInput, { existing: before.customFields, partial: true, recordId: id, locale });
          errors.push(...custom.errors);
          if (errors.length) validationFailed(errors);
          if (before.version !== version) throw httpErrors.VERSION_CONFLICT();
          const nextAccountId = (set.accountId as string | null | undefined) === undefined ? before.accountId : (set.accountId as string | null);
          if (isPrimary !== undefined) set.isPrimary = isPrimary && nextAccountId ? 1 : 0;
          else if (nextAccountId === null && before.isPrimary) set.isPrimary = 0;
          const cfEdits = changedEdits(before.customFields, custom.values);
          const changes = [
            ...diffFields<Record<string, unknown>>(audited(before), audited({ ...before, ...set } as ContactRow), AUDITED_FIELDS),
            ...diffCustomFields(before.customFields, mergeCustomFields(before.customFields, cfEdits)),
          ];
          if (changes.length === 0) return before;
          if (values.externalId !== undefined) await assertExternalIdFree(tx, actor.orgId, values.externalId, id, locale);
          if (values.mobile !== undefined || values.phone !== undefined || values.email !== undefined) {
            const merged = { ...before, ...values };
            await checkDuplicates(tx, actor, { excludeId: id, accountId: nextAccountId, mobile: merged.mobile, phone: merged.phone, email: merged.email }, acknowledgeDuplicates ?? false);
          }
          const changedFields = new Set(changes.map((c) => c.field));
          const dbSet = Object.fromEntries(Object.entries(set).filter(([k]) => changedFields.has(k)));
          const updated = await repo.update(tx, actor.orgId, id, version, dbSet, { actorId: actor.userId, now: now() });
          if (!updated) throw httpErrors.VERSION_CONFLICT();
          await customFields.writeValues(tx, actor.orgId, OBJECT_TYPE, id, cfEdits);
          if (dbSet.isPrimary === 1 && nextAccountId) await keepOnePrimary(tx, ctx, nextAccountId, id);
          await writeAudit(tx, ctx.audit, id, 'update', changes);
          return reload(tx, actor.orgId, id);
        });
        return detail(actor, row);
      } catch (err) {
        if (isUniqueViolation(err, 'contacts_external_id_uq')) throw externalIdTaken(input.externalId ?? '', locale);
        throw err;
      }
    },

    async remove(ctx: ContactCommandContext, id: string): Promise<void> {
      const { actor } = ctx;
      await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await findVisible(tx, actor, id, { includeDeleted: false });
        const at = now();
        if (!(await repo.setDeleted(tx, actor.orgId, id, true, { actorId: actor.userId, now: at }))) throw contactErrors.CONTACT_NOT_FOUND();
        await writeAudit(tx, ctx.audit, id, 'delete', diffFields<Record<string, unknown>>({ deletedAt: before.deletedAt }, { deletedAt: at }, ['deletedAt']));
      });
    },

    async restore(ctx: ContactCommandContext, id: string): Promise<ContactDto> {
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
    async transfer(ctx: ContactCommandContext, id: string, input: { ownerId: string; version: number }): Promise<ContactDto> {
      const row = await deps.database.withTenant(ctx.actor.orgId, (tx) => transferWithin(tx, ctx, id, input));
      return detail(ctx.actor, row);
    },

    /** transfer() inside the caller's transaction (handover); `version` optional there. */
    transferWithin,

    async history(actor: Actor, id: string, query: { before?: string; limit: number }): Promise<HistoryPage> {
      const events = await deps.database.withTenant(actor.orgId, async (tx) => {
        await findVisible(tx, actor, id, { includeDeleted: seesDeleted(actor) });
        const rows = await audit.listForRecord(tx, actor.orgId, OBJECT_TYPE, id, {
          limit: query.limit + 1,
          before: query.before !== undefined ? Number(query.before) : undefined,
        });
        // user and department custom fields show names too
        const refFields: ReferenceFields = { ...REFERENCE_FIELDS };
        for (const d of await customFields.definitions(tx, actor.orgId, OBJECT_TYPE)) {
          if (d.type === 'user' || d.type === 'department') refFields[`customFields.${d.key}`] = d.type;
        }
        const labelled = await labelReferences(tx, audit, actor.orgId, rows, refFields);
        return labelAccounts(tx, actor.orgId, labelled);
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

/** Adds account names to history changes of reference fields that point to accounts. */
export async function labelAccounts<E extends { changes: (FieldChange & { oldLabel?: string | null; newLabel?: string | null })[] }>(
  tx: DbExecutor,
  orgId: string,
  events: E[],
  fields: readonly string[] = ['accountId'],
): Promise<E[]> {
  const ids = new Set<string>();
  for (const e of events) for (const c of e.changes) if (fields.includes(c.field)) for (const v of [c.old, c.new]) if (typeof v === 'string') ids.add(v);
  if (ids.size === 0) return events;
  const names = await accountNames(tx, orgId, [...ids]);
  const label = (v: unknown) => (typeof v === 'string' ? (names.get(v) ?? null) : null);
  return events.map((e) => ({
    ...e,
    changes: e.changes.map((c) => (fields.includes(c.field) ? { ...c, oldLabel: label(c.old), newLabel: label(c.new) } : c)),
  }));
}

export type ContactsService = ReturnType<typeof createContactsService>;
