/**
 * Leads (线索): prospects before they become customers. Same access, masking, optimistic-concurrency and audit
 * rules as accounts and contacts. Leads are duplicate-checked against accounts and other leads (company name,
 * mobile, phone, email). Conversion creates (or links) the account and a contact from the lead's person fields
 * in one transaction and marks the lead converted; a converted lead is read-only.
 */
import { and } from 'drizzle-orm';
import { taggedWith } from '../tags/tags.repository.js';
import { randomUUID } from 'node:crypto';
import { hasPermission } from '../../../core/access/catalog.js';
import { diffFields, type FieldChange } from '../../../core/audit/diff.js';
import { normalizeCompanyName } from '../../../core/customers/companyName.js';
import { CURSOR_TIMESTAMP_RE, decodeCursor, encodeCursor, isUuid } from '../../../core/pagination/cursor.js';
import { normalizeEmail, normalizeMobile } from '../../../core/validation/mobile.js';
import { normalizePhone } from '../../../core/validation/phone.js';
import { dropMaskedEchoes, loadAccessScope, maskChanges, maskRecord, scopeFilter, type AccessScope } from '../../platform/access/access.js';
import { labelReferences, type AuditContext, type ReferenceFields } from '../../platform/audit/audit.js';
import { auditRepository, type AuditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { LeadStatus } from '../../platform/db/schema.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { accountScopeColumns, accountsRepository, type AccountRow } from '../accounts/accounts.repository.js';
import type { CreateAccountInput } from '../accounts/accounts.schemas.js';
import { createAccountsService, type AccountsService } from '../accounts/accounts.service.js';
import { changedEdits, diffCustomFields, mergeCustomFields } from '../../../core/custom-fields/values.js';
import type { DuplicatesPort } from '../contacts/contacts.ports.js';
import { createCustomFieldsService, type CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import { createContactsService, labelAccounts, toContactDto, type ContactsService } from '../contacts/contacts.service.js';
import { cleanText, iso, isUniqueViolation, validationFailed } from '../contacts/records.js';
import { leadErrors, leadFieldMessages } from './leads.errors.js';
import { leadScopeColumns, leadsRepository, type LeadFields, type LeadRow, type LeadsRepository } from './leads.repository.js';
import type { ConvertLeadInput, ConvertResult, CreateLeadInput, HistoryPage, LeadDto, ListLeadsQueryInput, UpdateLeadInput } from './leads.schemas.js';

export const OBJECT_TYPE = 'leads';

const REFERENCE_FIELDS: ReferenceFields = { ownerId: 'user', departmentId: 'department', convertedBy: 'user' };

export const AUDITED_FIELDS = [
  'name',
  'companyName',
  'title',
  'mobile',
  'phone',
  'email',
  'source',
  'status',
  'notes',
  'externalId',
  'ownerId',
  'departmentId',
] as const;

const TEXT_FIELDS = ['name', 'companyName', 'title', 'mobile', 'phone', 'email', 'source', 'notes', 'externalId'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export interface LeadCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface LeadsServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
  repo?: LeadsRepository;
  audit?: Pick<AuditRepository, 'insert' | 'listForRecord' | 'referenceNames'>;
  duplicates?: DuplicatesPort;
  customFields?: CustomFieldsService;
  /** account creation for conversion (default: the accounts service with the same deps) */
  accounts?: Pick<AccountsService, 'createWithin'>;
  /** contact creation for conversion (default: the contacts service with the same deps) */
  contacts?: Pick<ContactsService, 'createWithin'>;
}

/** Normalises the text fields present in the input (empty → null; mobile, phone, email canonical). */
export function normalizeLeadFields(
  input: Partial<Record<TextField, string | null | undefined>>,
  locale: Locale,
): { values: Partial<Record<TextField, string | null>>; errors: FieldError[] } {
  const values: Partial<Record<TextField, string | null>> = {};
  const errors: FieldError[] = [];
  for (const field of TEXT_FIELDS) {
    const text = cleanText(input[field]);
    if (text === undefined) continue;
    if (text === null) {
      values[field] = null;
      continue;
    }
    const normalized =
      field === 'mobile' ? normalizeMobile(text) : field === 'phone' ? normalizePhone(text) : field === 'email' ? normalizeEmail(text) : text;
    if (normalized === null) errors.push({ field, message: leadFieldMessages[field as 'mobile' | 'phone' | 'email'][locale] });
    else values[field] = normalized;
  }
  return { values, errors };
}

export function toLeadDto(row: LeadRow): LeadDto {
  return {
    id: row.id,
    name: row.name,
    companyName: row.companyName,
    title: row.title,
    mobile: row.mobile,
    phone: row.phone,
    email: row.email,
    source: row.source,
    status: row.status,
    notes: row.notes,
    convertedAccountId: row.convertedAccountId,
    convertedContactId: row.convertedContactId,
    convertedAt: iso(row.convertedAt),
    convertedBy: row.convertedBy,
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

const companyKeyOf = (name: string | null | undefined) => (name ? normalizeCompanyName(name) || null : null);

export function createLeadsService(deps: LeadsServiceDeps) {
  const repo = deps.repo ?? leadsRepository;
  const audit = deps.audit ?? auditRepository;
  const customFields = deps.customFields ?? createCustomFieldsService({ database: deps.database, clock: deps.clock });
  const accountsService = deps.accounts ?? createAccountsService({ database: deps.database, clock: deps.clock, customFields });
  const contactsService =
    deps.contacts ?? createContactsService({ database: deps.database, clock: deps.clock, duplicates: deps.duplicates, customFields });
  const now = () => deps.clock.now();

  const seesDeleted = (actor: Actor) => hasPermission(actor.permissions, OBJECT_TYPE, 'delete');

  async function findVisible(tx: DbExecutor, actor: Actor, id: string, opts: { includeDeleted: boolean; scope?: AccessScope }): Promise<LeadRow> {
    if (!isUuid(id)) throw leadErrors.LEAD_NOT_FOUND();
    const scope = opts.scope ?? (await loadAccessScope(tx, actor));
    const row = await repo.findById(tx, actor.orgId, id, { scope: scopeFilter(leadScopeColumns, OBJECT_TYPE, scope), includeDeleted: opts.includeDeleted });
    if (!row) throw leadErrors.LEAD_NOT_FOUND();
    return row;
  }

  /** A lead the actor may change: visible, live and not converted. */
  async function findWritable(tx: DbExecutor, actor: Actor, id: string, scope?: AccessScope): Promise<LeadRow> {
    const row = await findVisible(tx, actor, id, { includeDeleted: false, scope });
    if (row.status === 'converted') throw leadErrors.LEAD_CONVERTED();
    return row;
  }

  async function reload(tx: DbExecutor, orgId: string, id: string): Promise<LeadRow> {
    const row = await repo.findById(tx, orgId, id, { scope: undefined, includeDeleted: true });
    if (!row) throw leadErrors.LEAD_NOT_FOUND();
    return row;
  }

  function externalIdTaken(externalId: string, locale: Locale) {
    return leadErrors.EXTERNAL_ID_TAKEN({ externalId }, [{ field: 'externalId', message: leadFieldMessages.externalId[locale] }]);
  }

  async function assertExternalIdFree(tx: DbExecutor, orgId: string, externalId: string | null | undefined, selfId: string | null, locale: Locale) {
    if (!externalId) return;
    const existing = await repo.findIdByExternalId(tx, orgId, externalId);
    if (existing && existing !== selfId) throw externalIdTaken(externalId, locale);
  }

  async function findOwner(tx: DbExecutor, orgId: string, ownerId: string, locale: Locale) {
    const owner = await accountsRepository.findActiveUser(tx, orgId, ownerId);
    if (!owner) validationFailed([{ field: 'ownerId', message: leadFieldMessages.ownerId[locale] }]);
    return owner;
  }

  /** Leads are checked against accounts and other leads (company name, mobile, phone, email). */
  async function checkDuplicates(
    tx: DbExecutor,
    actor: Actor,
    probe: { excludeId?: string; companyName: string | null; mobile: string | null; phone: string | null; email: string | null },
    acknowledged: boolean,
  ) {
    // INTEGRATION POINT (duplicates): wired in contacts/wiring.ts when modules/duplicates exists
    if (!deps.duplicates) return;
    if (!probe.companyName && !probe.mobile && !probe.phone && !probe.email) return;
    await deps.duplicates.assertAllowed(tx, actor, { objectType: 'leads', ...probe }, acknowledged);
  }

  const detail = (actor: Actor, row: LeadRow) => maskRecord(OBJECT_TYPE, toLeadDto(row), actor.fieldMasks, 'detail');

  async function writeAudit(tx: DbExecutor, ctx: AuditContext, recordId: string, action: string, changes: FieldChange[]) {
    await audit.insert(tx, [{ ...ctx, objectType: OBJECT_TYPE, recordId, action, changes, occurredAt: now() }]);
  }

  /** Validates and inserts a lead in `tx` (audited; import uses it per row); returns the stored row. */
  async function createWithin(tx: DbExecutor, ctx: LeadCommandContext, input: CreateLeadInput): Promise<LeadRow> {
    const { actor, locale } = ctx;
    const { values, errors } = normalizeLeadFields(input, locale);
    const custom = await customFields.validateInput(tx, actor, OBJECT_TYPE, input.customFields, { partial: false, locale });
    errors.push(...custom.errors);
    if (errors.length) validationFailed(errors);
    const ownerId = input.ownerId ?? actor.userId;
    if (ownerId !== actor.userId && !hasPermission(actor.permissions, OBJECT_TYPE, 'transfer')) throw httpErrors.FORBIDDEN();
    const owner = await findOwner(tx, actor.orgId, ownerId, locale);
    await assertExternalIdFree(tx, actor.orgId, values.externalId, null, locale);
    const fields: LeadFields = {
      name: values.name ?? input.name,
      companyName: values.companyName ?? null,
      companyKey: companyKeyOf(values.companyName),
      title: values.title ?? null,
      mobile: values.mobile ?? null,
      phone: values.phone ?? null,
      email: values.email ?? null,
      source: values.source ?? null,
      status: input.status ?? 'new',
      notes: values.notes ?? null,
      externalId: values.externalId ?? null,
    };
    const { companyName, mobile, phone, email } = fields;
    await checkDuplicates(tx, actor, { companyName, mobile, phone, email }, input.acknowledgeDuplicates ?? false);
    const id = randomUUID();
    await repo.insert(tx, { ...fields, orgId: actor.orgId, id, ownerId: owner.id, departmentId: owner.departmentId, customFields: {}, actorId: actor.userId, now: now() });
    await customFields.writeValues(tx, actor.orgId, OBJECT_TYPE, id, custom.values);
    const created = await reload(tx, actor.orgId, id);
    await writeAudit(tx, ctx.audit, id, 'create', [
      ...diffFields<Record<string, unknown>>(null, { ...created }, AUDITED_FIELDS),
      ...diffCustomFields(null, created.customFields),
    ]);
    return created;
  }

  async function transferWithin(tx: DbExecutor, ctx: LeadCommandContext, id: string, input: { ownerId: string; version?: number }): Promise<LeadRow> {
    const { actor, locale } = ctx;
    const before = await findWritable(tx, actor, id);
    const owner = await findOwner(tx, actor.orgId, input.ownerId, locale);
    if (input.version !== undefined && before.version !== input.version) throw httpErrors.VERSION_CONFLICT();
    const after = { ownerId: owner.id, departmentId: owner.departmentId };
    const changes = diffFields<Record<string, unknown>>({ ownerId: before.ownerId, departmentId: before.departmentId }, after, ['ownerId', 'departmentId']);
    if (changes.length === 0) return before;
    if (!(await repo.update(tx, actor.orgId, id, before.version, after, { actorId: actor.userId, now: now() }))) throw httpErrors.VERSION_CONFLICT();
    await writeAudit(tx, ctx.audit, id, 'transfer', changes);
    return reload(tx, actor.orgId, id);
  }

  return {
    /** One page of leads the actor may see (masked for lists). Export streams by following nextCursor. */
    async list(actor: Actor, query: ListLeadsQueryInput, locale: Locale): Promise<{ items: LeadDto[]; nextCursor: string | null }> {
      const sort = query.sort;
      const order = query.order ?? (sort === 'name' || sort === 'companyName' ? 'asc' : 'desc');
      let after: { key: string; id: string } | undefined;
      if (query.cursor !== undefined) {
        const decoded = decodeCursor(query.cursor, {
          sort,
          order,
          validKey: sort === 'createdAt' || sort === 'updatedAt' ? (k) => CURSOR_TIMESTAMP_RE.test(k) : undefined,
        });
        if (!decoded) validationFailed([{ field: 'cursor', message: leadFieldMessages.cursor[locale] }]);
        after = { key: decoded.key, id: decoded.id };
      }
      const cfFilters = customFields.parseFilterParams(query, locale);
      const rows = await deps.database.withTenant(actor.orgId, async (tx) => {
        const scope = await loadAccessScope(tx, actor);
        const defs = cfFilters.length ? await customFields.definitions(tx, actor.orgId, OBJECT_TYPE) : [];
        return repo.list(tx, actor.orgId, {
          scope: scopeFilter(leadScopeColumns, OBJECT_TYPE, scope),
          q: query.q || undefined,
          status: query.status,
          source: query.source || undefined,
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
        items: page.map((r) => maskRecord(OBJECT_TYPE, toLeadDto(r), actor.fieldMasks, 'list')),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ sort, order, key: last.sortKey, id: last.id }) : null,
      };
    },

    async get(actor: Actor, id: string): Promise<LeadDto> {
      const row = await deps.database.withTenant(actor.orgId, (tx) => findVisible(tx, actor, id, { includeDeleted: seesDeleted(actor) }));
      return detail(actor, row);
    },

    async create(ctx: LeadCommandContext, input: CreateLeadInput): Promise<LeadDto> {
      try {
        const row = await deps.database.withTenant(ctx.actor.orgId, (tx) => createWithin(tx, ctx, input));
        return detail(ctx.actor, row);
      } catch (err) {
        if (isUniqueViolation(err, 'leads_external_id_uq')) throw externalIdTaken(input.externalId ?? '', ctx.locale);
        throw err;
      }
    },

    createWithin,

    async update(ctx: LeadCommandContext, id: string, input: UpdateLeadInput): Promise<LeadDto> {
      const { actor, locale } = ctx;
      const { version, acknowledgeDuplicates, customFields: customInput, status, ...patch } = input;
      try {
        const row = await deps.database.withTenant(actor.orgId, async (tx) => {
          const before = await findWritable(tx, actor, id);
          const { input: edits } = dropMaskedEchoes(OBJECT_TYPE, patch, { ...before }, actor.fieldMasks);
          const { values, errors } = normalizeLeadFields(edits, locale);
          if (values.name === null) errors.push({ field: 'name', message: locale === 'en' ? 'is required' : '必填' });
          const custom = await customFields.validateInput(tx, actor, OBJECT_TYPE, customInput, { existing: before.customFields, partial: true, recordId: id, locale });
          errors.push(...custom.errors);
          if (errors.length) validationFailed(errors);
          if (before.version !== version) throw httpErrors.VERSION_CONFLICT();
          const set: Partial<LeadFields> = { ...(values as Partial<LeadFields>) };
          if (status !== undefined) set.status = status as LeadStatus;
          if (values.companyName !== undefined) set.companyKey = companyKeyOf(values.companyName);
          const cfEdits = changedEdits(before.customFields, custom.values);
          const changes = [
            ...diffFields<Record<string, unknown>>({ ...before }, { ...before, ...set }, AUDITED_FIELDS),
            ...diffCustomFields(before.customFields, mergeCustomFields(before.customFields, cfEdits)),
          ];
          if (changes.length === 0) return before;
          if (values.externalId !== undefined) await assertExternalIdFree(tx, actor.orgId, values.externalId, id, locale);
          if (['companyName', 'mobile', 'phone', 'email'].some((f) => values[f as TextField] !== undefined)) {
            const merged = { ...before, ...set };
            await checkDuplicates(
              tx,
              actor,
              { excludeId: id, companyName: merged.companyName, mobile: merged.mobile, phone: merged.phone, email: merged.email },
              acknowledgeDuplicates ?? false,
            );
          }
          const changed = new Set(changes.map((c) => c.field));
          const dbSet: Record<string, unknown> = Object.fromEntries(Object.entries(set).filter(([k]) => changed.has(k) || (k === 'companyKey' && changed.has('companyName'))));
          if (!(await repo.update(tx, actor.orgId, id, version, dbSet, { actorId: actor.userId, now: now() }))) throw httpErrors.VERSION_CONFLICT();
          await customFields.writeValues(tx, actor.orgId, OBJECT_TYPE, id, cfEdits);
          await writeAudit(tx, ctx.audit, id, 'update', changes);
          return reload(tx, actor.orgId, id);
        });
        return detail(actor, row);
      } catch (err) {
        if (isUniqueViolation(err, 'leads_external_id_uq')) throw externalIdTaken(input.externalId ?? '', locale);
        throw err;
      }
    },

    async remove(ctx: LeadCommandContext, id: string): Promise<void> {
      const { actor } = ctx;
      await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await findWritable(tx, actor, id);
        const at = now();
        if (!(await repo.setDeleted(tx, actor.orgId, id, true, { actorId: actor.userId, now: at }))) throw leadErrors.LEAD_NOT_FOUND();
        await writeAudit(tx, ctx.audit, id, 'delete', diffFields<Record<string, unknown>>({ deletedAt: before.deletedAt }, { deletedAt: at }, ['deletedAt']));
      });
    },

    async restore(ctx: LeadCommandContext, id: string): Promise<LeadDto> {
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

    async transfer(ctx: LeadCommandContext, id: string, input: { ownerId: string; version: number }): Promise<LeadDto> {
      const row = await deps.database.withTenant(ctx.actor.orgId, (tx) => transferWithin(tx, ctx, id, input));
      return detail(ctx.actor, row);
    },

    /** transfer() inside the caller's transaction (handover); `version` optional there. */
    transferWithin,

    /**
     * Converts a lead (线索转化) in ONE transaction: creates the account through the accounts service (its
     * validation, duplicate rules and audit) or links an existing visible one, creates a contact from the
     * lead's person fields, and marks the lead converted. Any failure leaves nothing written.
     */
    async convert(ctx: LeadCommandContext, id: string, input: ConvertLeadInput): Promise<ConvertResult> {
      const { actor, locale } = ctx;
      if (input.account.mode === 'create' && !hasPermission(actor.permissions, 'accounts', 'create')) throw httpErrors.FORBIDDEN();
      if (input.account.mode === 'existing' && !hasPermission(actor.permissions, 'accounts', 'view')) throw httpErrors.FORBIDDEN();
      if (input.createContact && !hasPermission(actor.permissions, 'contacts', 'create')) throw httpErrors.FORBIDDEN();
      const acknowledged = input.acknowledgeDuplicates ?? false;
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const scope = await loadAccessScope(tx, actor);
        const lead = await findWritable(tx, actor, id, scope);
        if (input.version !== undefined && lead.version !== input.version) throw httpErrors.VERSION_CONFLICT();

        // 1. the account
        let account: Pick<AccountRow, 'id' | 'name' | 'ownerId' | 'departmentId'>;
        let created = false;
        if (input.account.mode === 'create') {
          const { mode: _mode, ownerId: requestedOwner, ...given } = input.account;
          const name = given.name ?? lead.companyName ?? undefined;
          if (!name) validationFailed([{ field: 'name', message: leadFieldMessages.accountName[locale] }]);
          // the account goes to the lead's owner when the actor may assign accounts; else to the actor
          const ownerId =
            requestedOwner ??
            (lead.ownerId && (lead.ownerId === actor.userId || hasPermission(actor.permissions, 'accounts', 'transfer')) ? lead.ownerId : actor.userId);
          const accountInput = {
            ...given,
            name,
            phone: given.phone ?? lead.phone ?? undefined,
            email: given.email ?? lead.email ?? undefined,
            ownerId,
            ...(acknowledged ? { acknowledgeDuplicates: true } : {}),
          } as CreateAccountInput;
          account = await accountsService.createWithin(tx, ctx, accountInput);
          created = true;
        } else {
          const found = await accountsRepository.findById(tx, actor.orgId, input.account.accountId, {
            scope: scopeFilter(accountScopeColumns, 'accounts', scope),
            includeDeleted: false,
          });
          if (!found) validationFailed([{ field: 'accountId', message: leadFieldMessages.accountId[locale] }]);
          account = found;
        }

        // 2. the contact, from the lead's person fields (owner: the account's owner)
        const contact = input.createContact
          ? await contactsService.createWithin(
              tx,
              ctx,
              {
                name: lead.name,
                title: lead.title,
                mobile: lead.mobile,
                phone: lead.phone,
                email: lead.email,
                accountId: account.id,
                acknowledgeDuplicates: acknowledged,
              },
              { account: { id: account.id, ownerId: account.ownerId, departmentId: account.departmentId } },
            )
          : null;

        // 3. DEALS (later issue): a deal for the new customer would be created here, in the same transaction.

        // 4. the lead: converted and read-only from now on
        const at = now();
        const set = {
          status: 'converted' as const,
          convertedAccountId: account.id,
          convertedContactId: contact?.id ?? null,
          convertedAt: at,
          convertedBy: actor.userId,
        };
        if (!(await repo.update(tx, actor.orgId, id, lead.version, set, { actorId: actor.userId, now: at }))) throw httpErrors.VERSION_CONFLICT();
        await writeAudit(
          tx,
          ctx.audit,
          id,
          'convert',
          diffFields<Record<string, unknown>>({ ...lead }, { ...lead, ...set }, ['status', 'convertedAccountId', 'convertedContactId', 'convertedBy']),
        );
        const converted = await reload(tx, actor.orgId, id);
        return {
          lead: detail(actor, converted),
          account: { id: account.id, name: account.name, created },
          contact: contact ? maskRecord('contacts', toContactDto(contact), actor.fieldMasks, 'detail') : null,
        };
      });
    },

    async history(actor: Actor, id: string, query: { before?: string; limit: number }): Promise<HistoryPage> {
      const events = await deps.database.withTenant(actor.orgId, async (tx) => {
        await findVisible(tx, actor, id, { includeDeleted: seesDeleted(actor) });
        const rows = await audit.listForRecord(tx, actor.orgId, OBJECT_TYPE, id, {
          limit: query.limit + 1,
          before: query.before !== undefined ? Number(query.before) : undefined,
        });
        const refFields: ReferenceFields = { ...REFERENCE_FIELDS };
        for (const d of await customFields.definitions(tx, actor.orgId, OBJECT_TYPE)) {
          if (d.type === 'user' || d.type === 'department') refFields[`customFields.${d.key}`] = d.type;
        }
        const labelled = await labelReferences(tx, audit, actor.orgId, rows, refFields);
        return labelAccounts(tx, actor.orgId, labelled, ['convertedAccountId']);
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

export type LeadsService = ReturnType<typeof createLeadsService>;
