/**
 * The database schema. Every tenant table carries `org_id`, which leads its primary key and every index
 * (so tables can be distributed by it on Citus) and is the key of its row-level security policy
 * (see db/migrations/*_rls.sql). The only tables without RLS are the global sign-in directory and the
 * sign-in failure log, which the app role cannot read at all.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const departments = pgTable(
  'departments',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    managerId: uuid('manager_id'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    deletedAt: ts('deleted_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('departments_parent_idx').on(t.orgId, t.parentId),
  ],
);

export type DataScope = 'own' | 'own_and_subordinates' | 'department' | 'department_and_children' | 'all';
export type MaskMode = 'none' | 'list' | 'all';

export const roles = pgTable(
  'roles',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    /** stable key of seeded roles (admin, director, manager, rep); null for roles an admin created */
    key: text('key'),
    name: text('name').notNull(),
    dataScope: text('data_scope').$type<DataScope>().notNull().default('own'),
    permissions: jsonb('permissions').$type<Record<string, string[]>>().notNull().default({}),
    fieldMasks: jsonb('field_masks').$type<Record<string, MaskMode>>().notNull().default({}),
    isSystem: integer('is_system').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex('roles_key_uq').on(t.orgId, t.key)],
);

export const users = pgTable(
  'users',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    mobile: text('mobile'),
    passwordHash: text('password_hash').notNull(),
    departmentId: uuid('department_id'),
    roleId: uuid('role_id').notNull(),
    status: text('status').$type<'active' | 'inactive'>().notNull().default('active'),
    locale: text('locale'),
    externalId: text('external_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('users_email_uq').on(t.orgId, sql`lower(${t.email})`),
    uniqueIndex('users_mobile_uq').on(t.orgId, t.mobile),
    index('users_department_idx').on(t.orgId, t.departmentId),
  ],
);

/**
 * Global sign-in directory: maps an email or mobile to its organization and user, so a person can sign in
 * without naming the organization. Not tenant data; only the system connection (not the app role) reads it.
 */
export const signInIdentities = pgTable('sign_in_identities', {
  identifier: text('identifier').primaryKey(),
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id').notNull(),
});

/** Failed sign-in attempts by key (`ip:…` or `id:…`), for the rate limit. System-only. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    key: text('key').notNull(),
    failedAt: ts('failed_at').notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_key_idx').on(t.key, t.failedAt)],
);

export const sessions = pgTable(
  'sessions',
  {
    orgId: uuid('org_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.tokenHash] }), index('sessions_user_idx').on(t.orgId, t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('api_tokens_hash_uq').on(t.orgId, t.tokenHash),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    creditCode: text('credit_code'),
    phone: text('phone'),
    email: text('email'),
    industry: text('industry'),
    address: text('address'),
    website: text('website'),
    notes: text('notes'),
    ownerId: uuid('owner_id'),
    /** the owner's department when the owner was assigned; data scopes by department filter on it */
    departmentId: uuid('department_id'),
    externalId: text('external_id'),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    /** normalised company name (core/customers): duplicate detection, exact and trigram */
    nameKey: text('name_key'),
    /** A/B/C… (configurable); set by hand or by tier rules */
    tier: text('tier'),
    tierSource: text('tier_source').$type<'manual' | 'rule'>(),
    /** public pool (公海): set while the account sits in a pool (owner is then null) */
    poolId: uuid('pool_id'),
    poolEnteredAt: ts('pool_entered_at'),
    /** who owned it before it went to the pool, for the reclaim cooldown */
    previousOwnerId: uuid('previous_owner_id'),
    /** when the current owner got it (claim, assignment, creation): reclaim clocks start here */
    ownerAssignedAt: ts('owner_assigned_at'),
    /** fed by follow-ups (effective ones) and deals; drive the pool's reclaim rules */
    lastEffectiveFollowUpAt: ts('last_effective_follow_up_at'),
    lastDealAt: ts('last_deal_at'),
    lastWonAt: ts('last_won_at'),
    /** when the pool's rules will reclaim this account (maintained by the pool service); null = never */
    reclaimDueAt: ts('reclaim_due_at'),
    /** locked customers may be exempt from reclaim */
    locked: integer('locked').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    deletedAt: ts('deleted_at'),
    deletedBy: uuid('deleted_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('accounts_name_key_idx').on(t.orgId, t.nameKey),
    index('accounts_credit_code_idx').on(t.orgId, t.creditCode),
    index('accounts_phone_idx').on(t.orgId, t.phone),
    index('accounts_email_idx').on(t.orgId, sql`lower(${t.email})`),
    index('accounts_pool_idx').on(t.orgId, t.poolId, t.poolEnteredAt),
    index('accounts_reclaim_due_idx').on(t.orgId, t.reclaimDueAt),
    index('accounts_tier_idx').on(t.orgId, t.tier),
    index('accounts_owner_idx').on(t.orgId, t.ownerId, t.createdAt, t.id),
    index('accounts_department_idx').on(t.orgId, t.departmentId, t.createdAt, t.id),
    index('accounts_created_idx').on(t.orgId, t.createdAt, t.id),
    index('accounts_updated_idx').on(t.orgId, t.updatedAt, t.id),
    index('accounts_name_idx').on(t.orgId, t.name, t.id),
    uniqueIndex('accounts_external_id_uq').on(t.orgId, t.externalId),
  ],
);

/** Records shared with a user (deal team member, collaborator): visible to that user whatever the data scope. */
export const recordShares = pgTable(
  'record_shares',
  {
    orgId: uuid('org_id').notNull(),
    objectType: text('object_type').notNull(),
    recordId: uuid('record_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.objectType, t.recordId, t.userId] }),
    index('record_shares_user_idx').on(t.orgId, t.userId, t.objectType),
  ],
);

export interface AuditChange {
  field: string;
  old: unknown;
  new: unknown;
}

export const auditEvents = pgTable(
  'audit_events',
  {
    orgId: uuid('org_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorKind: text('actor_kind').$type<'user' | 'api_token' | 'system'>().notNull(),
    objectType: text('object_type').notNull(),
    recordId: uuid('record_id').notNull(),
    action: text('action').notNull(),
    changes: jsonb('changes').$type<AuditChange[]>().notNull().default([]),
    requestId: text('request_id'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('audit_events_record_idx').on(t.orgId, t.objectType, t.recordId, t.occurredAt),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    /** at most one notification per (user, dedupe key): e.g. one pool-reclaim reminder per account and episode */
    dedupeKey: text('dedupe_key'),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('notifications_user_idx').on(t.orgId, t.userId, t.createdAt),
    uniqueIndex('notifications_dedupe_uq').on(t.orgId, t.userId, t.dedupeKey),
  ],
);

/** Outcome of each scheduled-job run; the (org-less) system table that proves a slot ran exactly once. */
export const jobRuns = pgTable(
  'job_runs',
  {
    orgId: uuid('org_id').notNull(),
    jobName: text('job_name').notNull(),
    slot: text('slot').notNull(),
    instanceId: text('instance_id').notNull(),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    result: jsonb('result'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.jobName, t.slot] })],
);

/** Standard columns of a customer-data record (owner, department, external id, custom fields, bookkeeping). */
const recordColumns = () => ({
  ownerId: uuid('owner_id'),
  departmentId: uuid('department_id'),
  externalId: text('external_id'),
  customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: ts('created_at').notNull().defaultNow(),
  createdBy: uuid('created_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
  version: integer('version').notNull().default(1),
});

export const contacts = pgTable(
  'contacts',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    accountId: uuid('account_id'),
    name: text('name').notNull(),
    title: text('title'),
    mobile: text('mobile'),
    phone: text('phone'),
    email: text('email'),
    wechat: text('wechat'),
    notes: text('notes'),
    isPrimary: integer('is_primary').notNull().default(0),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('contacts_account_idx').on(t.orgId, t.accountId),
    index('contacts_owner_idx').on(t.orgId, t.ownerId, t.updatedAt, t.id),
    index('contacts_department_idx').on(t.orgId, t.departmentId, t.updatedAt, t.id),
    index('contacts_updated_idx').on(t.orgId, t.updatedAt, t.id),
    index('contacts_name_idx').on(t.orgId, t.name, t.id),
    index('contacts_mobile_idx').on(t.orgId, t.mobile),
    index('contacts_email_idx').on(t.orgId, sql`lower(${t.email})`),
    uniqueIndex('contacts_external_id_uq').on(t.orgId, t.externalId),
  ],
);

export type LeadStatus = 'new' | 'contacted' | 'qualified' | 'converted' | 'disqualified';

export const leads = pgTable(
  'leads',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    /** the person */
    name: text('name').notNull(),
    companyName: text('company_name'),
    /** normalised company name, checked against accounts and other leads */
    companyKey: text('company_key'),
    title: text('title'),
    mobile: text('mobile'),
    phone: text('phone'),
    email: text('email'),
    source: text('source'),
    status: text('status').$type<LeadStatus>().notNull().default('new'),
    notes: text('notes'),
    convertedAccountId: uuid('converted_account_id'),
    convertedContactId: uuid('converted_contact_id'),
    convertedAt: ts('converted_at'),
    convertedBy: uuid('converted_by'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('leads_owner_idx').on(t.orgId, t.ownerId, t.updatedAt, t.id),
    index('leads_department_idx').on(t.orgId, t.departmentId, t.updatedAt, t.id),
    index('leads_updated_idx').on(t.orgId, t.updatedAt, t.id),
    index('leads_status_idx').on(t.orgId, t.status, t.updatedAt),
    index('leads_company_key_idx').on(t.orgId, t.companyKey),
    index('leads_mobile_idx').on(t.orgId, t.mobile),
    index('leads_email_idx').on(t.orgId, sql`lower(${t.email})`),
    uniqueIndex('leads_external_id_uq').on(t.orgId, t.externalId),
  ],
);

export type CustomFieldType =
  | 'text'
  | 'number'
  | 'money'
  | 'date'
  | 'single_select'
  | 'multi_select'
  | 'user'
  | 'department'
  | 'phone'
  | 'email'
  | 'url'
  | 'attachment';

/** Admin-defined fields of accounts, contacts and leads (PRODUCT.md 4.2). */
export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    objectType: text('object_type').notNull(),
    /** stable key used in the API and import mapping (e.g. "sector") */
    key: text('key').notNull(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    type: text('type').$type<CustomFieldType>().notNull(),
    /** select options [{ value, labelZh, labelEn }], money currency, number precision … */
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    required: integer('required').notNull().default(0),
    unique: integer('is_unique').notNull().default(0),
    /** { regex?, min?, max?, maxLength? } */
    validation: jsonb('validation').$type<Record<string, unknown>>().notNull().default({}),
    sortOrder: integer('sort_order').notNull().default(0),
    active: integer('active').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex('custom_field_definitions_key_uq').on(t.orgId, t.objectType, t.key)],
);

/**
 * Custom field values, one row per value (several for a multi-select), typed so that filtering and sorting
 * use an index. The record's custom_fields jsonb holds the same values for reading.
 */
export const customFieldValues = pgTable(
  'custom_field_values',
  {
    orgId: uuid('org_id').notNull(),
    objectType: text('object_type').notNull(),
    recordId: uuid('record_id').notNull(),
    fieldId: uuid('field_id').notNull(),
    ordinal: integer('ordinal').notNull().default(0),
    valueText: text('value_text'),
    /** numbers, and money in minor units (分) */
    valueNumber: bigint('value_number', { mode: 'number' }),
    valueDecimal: text('value_decimal'),
    valueDate: ts('value_date'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.objectType, t.recordId, t.fieldId, t.ordinal] }),
    index('custom_field_values_text_idx').on(t.orgId, t.fieldId, t.valueText, t.recordId),
    index('custom_field_values_number_idx').on(t.orgId, t.fieldId, t.valueNumber, t.recordId),
    index('custom_field_values_date_idx').on(t.orgId, t.fieldId, t.valueDate, t.recordId),
  ],
);

export const tags = pgTable(
  'tags',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    color: text('color'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex('tags_name_uq').on(t.orgId, t.name)],
);

export const recordTags = pgTable(
  'record_tags',
  {
    orgId: uuid('org_id').notNull(),
    objectType: text('object_type').notNull(),
    recordId: uuid('record_id').notNull(),
    tagId: uuid('tag_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.objectType, t.recordId, t.tagId] }),
    index('record_tags_tag_idx').on(t.orgId, t.tagId, t.objectType, t.recordId),
  ],
);

/** Saved filtered views (filters + columns + sort) per user, optionally shared with the organization. */
export const savedViews = pgTable(
  'saved_views',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    objectType: text('object_type').notNull(),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull().default({}),
    columns: jsonb('columns').$type<string[]>().notNull().default([]),
    sort: jsonb('sort').$type<Record<string, unknown>>().notNull().default({}),
    shared: integer('shared').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('saved_views_owner_idx').on(t.orgId, t.objectType, t.ownerId)],
);

/**
 * Organization settings by key, versioned: duplicate rules ("duplicates"), tiers and tier rules ("tiers"),
 * later effective follow-up rules and others. Values are validated by the module that owns the key.
 */
export const orgSettings = pgTable(
  'org_settings',
  {
    orgId: uuid('org_id').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').$type<Record<string, unknown>>().notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);

/** Public pools (公海) and their rules (PRODUCT.md 4.2). */
export const pools = pgTable(
  'pools',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** { reclaim: { idleDays: { A?, B?, C?, default }, noDealDays?, noWinDays?, exemptWon, exemptLocked }, reminderDays, claimCapPerDay, cooldownDays, holdingCap } */
    rules: jsonb('rules').$type<Record<string, unknown>>().notNull().default({}),
    /** departments whose members' customers fall into this pool; empty = whole organization */
    departmentIds: jsonb('department_ids').$type<string[]>().notNull().default([]),
    isDefault: integer('is_default').notNull().default(0),
    active: integer('active').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

/** Every claim from a pool: the daily claim cap and the previous-owner cooldown are checked against it. */
export const poolClaims = pgTable(
  'pool_claims',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    poolId: uuid('pool_id').notNull(),
    accountId: uuid('account_id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<'claim' | 'assign'>().notNull(),
    claimedAt: ts('claimed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('pool_claims_user_idx').on(t.orgId, t.userId, t.claimedAt),
    index('pool_claims_account_idx').on(t.orgId, t.accountId, t.claimedAt),
  ],
);

/** A handover (离职交接) of one user's records to others. */
export const handovers = pgTable(
  'handovers',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    fromUserId: uuid('from_user_id').notNull(),
    /** { accounts: n, contacts: n, leads: n, byReceiver: { userId: n } } */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
    reason: text('reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('handovers_from_idx').on(t.orgId, t.fromUserId)],
);

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'running' | 'completed' | 'failed' | 'cancelled';

export const importJobs = pgTable(
  'import_jobs',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    objectType: text('object_type').notNull(),
    status: text('status').$type<ImportStatus>().notNull(),
    dryRun: integer('dry_run').notNull().default(0),
    fileName: text('file_name').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull().default(0),
    /** detected or chosen: utf-8, utf-8-bom, gbk; csv or xlsx */
    encoding: text('encoding'),
    format: text('format'),
    /** { columnHeader: fieldKey } */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    /** { duplicatePolicy: 'skip'|'update'|'create', dateFormat?, currency? } */
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    totalRows: integer('total_rows'),
    processedRows: integer('processed_rows').notNull().default(0),
    createdRows: integer('created_rows').notNull().default(0),
    updatedRows: integer('updated_rows').notNull().default(0),
    skippedRows: integer('skipped_rows').notNull().default(0),
    failedRows: integer('failed_rows').notNull().default(0),
    /** rows [0, committed_rows) are committed: a resumed import starts after them */
    committedRows: integer('committed_rows').notNull().default(0),
    error: text('error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('import_jobs_created_idx').on(t.orgId, t.createdAt)],
);

/** The uploaded file, in chunks, so any instance can run or resume the import after a crash. */
export const importFileChunks = pgTable(
  'import_file_chunks',
  {
    orgId: uuid('org_id').notNull(),
    importId: uuid('import_id').notNull(),
    chunkNo: integer('chunk_no').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.importId, t.chunkNo] })],
);

/** Rows with problems (rejected, or warnings in a dry run), downloadable with the reason. */
export const importRowProblems = pgTable(
  'import_row_problems',
  {
    orgId: uuid('org_id').notNull(),
    importId: uuid('import_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    severity: text('severity').$type<'error' | 'warning'>().notNull(),
    /** [{ field, code, message: { 'zh-CN', en } }] */
    problems: jsonb('problems').$type<Record<string, unknown>[]>().notNull(),
    raw: jsonb('raw').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.importId, t.rowNumber, t.severity] })],
);

/** Column mappings saved per source (identified by its header signature). */
export const importMappings = pgTable(
  'import_mappings',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    objectType: text('object_type').notNull(),
    sourceKey: text('source_key').notNull(),
    name: text('name').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex('import_mappings_source_uq').on(t.orgId, t.objectType, t.sourceKey)],
);

/* ───────────────────────── Sales process (PRODUCT.md 4.3, 4.4, 4.11) ───────────────────────── */

/**
 * Pipelines (销售流程) and their stages. The stages live in the pipeline row (jsonb, `core/pipelines`
 * `StageDefinition[]`): an admin edits them as one versioned, audited document, and deals refer to a stage by
 * its stable key, so renaming or reordering never touches deals.
 */
export const pipelines = pgTable(
  'pipelines',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    /** { 'zh-CN', en } */
    name: jsonb('name').$type<{ 'zh-CN': string; en: string }>().notNull(),
    stages: jsonb('stages').$type<Record<string, unknown>[]>().notNull(),
    allowSkip: integer('allow_skip').notNull().default(0),
    allowBackward: integer('allow_backward').notNull().default(1),
    isDefault: integer('is_default').notNull().default(0),
    active: integer('active').notNull().default(1),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export type DealStatus = 'open' | 'won' | 'lost';

/** Deals (商机). `status` mirrors the type of the current stage, for indexes. */
export const deals = pgTable(
  'deals',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    accountId: uuid('account_id'),
    /** linked contacts of the account */
    contactIds: jsonb('contact_ids').$type<string[]>().notNull().default([]),
    pipelineId: uuid('pipeline_id').notNull(),
    stageKey: text('stage_key').notNull(),
    stageEnteredAt: ts('stage_entered_at').notNull().defaultNow(),
    status: text('status').$type<DealStatus>().notNull().default('open'),
    /** minor units (分) */
    amount: bigint('amount', { mode: 'number' }),
    currency: text('currency').notNull().default('CNY'),
    expectedCloseDate: text('expected_close_date'),
    /** product name or code until products exist (issue: products and quotes) */
    product: text('product'),
    source: text('source'),
    description: text('description'),
    closedAt: ts('closed_at'),
    /** won/lost reason (required on close) */
    closeReason: text('close_reason'),
    /** the last update that counts against rotting: follow-up logged, stage move, field edit (not viewing) */
    lastUpdateAt: ts('last_update_at').notNull().defaultNow(),
    /** set by the rotting job when the deal went stale (one episode per value); cleared by any update */
    rottingSince: ts('rotting_since'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // the board's covering index (deals_board_cover_idx) is in db/migrations/*_deals_board_cover.sql: drizzle cannot declare INCLUDE
    index('deals_owner_idx').on(t.orgId, t.ownerId, t.updatedAt, t.id),
    index('deals_department_idx').on(t.orgId, t.departmentId, t.updatedAt, t.id),
    index('deals_updated_idx').on(t.orgId, t.updatedAt, t.id),
    index('deals_account_idx').on(t.orgId, t.accountId),
    index('deals_close_date_idx').on(t.orgId, t.expectedCloseDate),
    /** the rotting job's candidates: deals already marked rotting leave the index */
    index('deals_stale_idx').on(t.orgId, t.status, t.lastUpdateAt).where(sql`rotting_since is null`),
    uniqueIndex('deals_external_id_uq').on(t.orgId, t.externalId),
  ],
);

/** Every stage move of a deal (PRODUCT.md 4.3): from, to, when, who, time in the previous stage. */
export const dealStageHistory = pgTable(
  'deal_stage_history',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    dealId: uuid('deal_id').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    /** null for the deal's first stage */
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    movedAt: ts('moved_at').notNull(),
    movedBy: uuid('moved_by'),
    /** seconds spent in from_stage */
    secondsInPrevious: bigint('seconds_in_previous', { mode: 'number' }),
    /** api, kanban, bulk, import, automation */
    via: text('via').notNull().default('api'),
    /** an admin's historical import waived the entry criteria (also in the audit log) */
    criteriaWaived: integer('criteria_waived').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('deal_stage_history_deal_idx').on(t.orgId, t.dealId, t.movedAt),
    index('deal_stage_history_pipeline_idx').on(t.orgId, t.pipelineId, t.fromStage, t.movedAt),
  ],
);

/** Deal team (members with a role and a credit split summing to 100 %); members also get a record share. */
export const dealTeamMembers = pgTable(
  'deal_team_members',
  {
    orgId: uuid('org_id').notNull(),
    dealId: uuid('deal_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role').notNull(),
    /** whole percent; the members' splits of a deal sum to 100 */
    creditPercent: integer('credit_percent').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.dealId, t.userId] }), index('deal_team_members_user_idx').on(t.orgId, t.userId)],
);

export type ActivityType = string;
export type FeedbackSentiment = 'positive' | 'neutral' | 'negative';

/** Follow-ups (跟进记录, PRODUCT.md 4.4). */
export const activities = pgTable(
  'activities',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    /** call, visit, email, wechat, meeting, demo, other (configurable) */
    type: text('type').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    accountId: uuid('account_id'),
    dealId: uuid('deal_id'),
    contactIds: jsonb('contact_ids').$type<string[]>().notNull().default([]),
    /** customer need · customer feedback · next action with date */
    need: text('need'),
    feedback: text('feedback'),
    sentiment: text('sentiment').$type<FeedbackSentiment>(),
    nextAction: text('next_action'),
    nextActionDate: text('next_action_date'),
    notes: text('notes'),
    durationSeconds: integer('duration_seconds'),
    /** visit check-in { lat, lng, address?, at } */
    checkIn: jsonb('check_in').$type<Record<string, unknown>>(),
    /** by the organization's effective-follow-up rule at the time it was logged */
    effective: integer('effective').notNull().default(0),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('activities_account_idx').on(t.orgId, t.accountId, t.occurredAt, t.id),
    index('activities_deal_idx').on(t.orgId, t.dealId, t.occurredAt, t.id),
    index('activities_owner_idx').on(t.orgId, t.ownerId, t.occurredAt, t.id),
    index('activities_department_idx').on(t.orgId, t.departmentId, t.occurredAt, t.id),
    index('activities_occurred_idx').on(t.orgId, t.occurredAt, t.id),
    uniqueIndex('activities_external_id_uq').on(t.orgId, t.externalId),
  ],
);

export type TaskStatus = 'open' | 'done' | 'cancelled';

/** Tasks (任务): from a follow-up's next action, negative feedback (for the manager), or by hand. */
export const tasks = pgTable(
  'tasks',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    title: text('title').notNull(),
    notes: text('notes'),
    /** the day it is due (YYYY-MM-DD, organization time zone) and when to remind */
    dueDate: text('due_date').notNull(),
    remindAt: ts('remind_at'),
    remindedAt: ts('reminded_at'),
    assigneeId: uuid('assignee_id').notNull(),
    status: text('status').$type<TaskStatus>().notNull().default('open'),
    /** next_action, negative_feedback, manual, automation */
    source: text('source').notNull().default('manual'),
    activityId: uuid('activity_id'),
    dealId: uuid('deal_id'),
    accountId: uuid('account_id'),
    completedAt: ts('completed_at'),
    completedBy: uuid('completed_by'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('tasks_assignee_idx').on(t.orgId, t.assigneeId, t.status, t.dueDate),
    index('tasks_remind_idx').on(t.orgId, t.status, t.remindAt),
    index('tasks_deal_idx').on(t.orgId, t.dealId),
    index('tasks_account_idx').on(t.orgId, t.accountId),
  ],
);

/** Comments with @mentions on any record (deals first). */
export const comments = pgTable(
  'comments',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    objectType: text('object_type').notNull(),
    recordId: uuid('record_id').notNull(),
    body: text('body').notNull(),
    mentions: jsonb('mentions').$type<string[]>().notNull().default([]),
    authorId: uuid('author_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('comments_record_idx').on(t.orgId, t.objectType, t.recordId, t.createdAt)],
);

/** Attachments of a kind (需求清单, 报价单, 合同 …) on a record; the content in attachment_contents. */
export const attachments = pgTable(
  'attachments',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull(),
    objectType: text('object_type').notNull(),
    recordId: uuid('record_id').notNull(),
    /** requirements, quote, contract, other (core/pipelines ATTACHMENT_KINDS) */
    kind: text('kind').notNull().default('other'),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    deletedAt: ts('deleted_at'),
    deletedBy: uuid('deleted_by'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('attachments_record_idx').on(t.orgId, t.objectType, t.recordId)],
);

/** Attachment bytes, base64 (text behaves the same on PGlite and node-postgres, unlike bytea). */
export const attachmentContents = pgTable(
  'attachment_contents',
  {
    orgId: uuid('org_id').notNull(),
    attachmentId: uuid('attachment_id').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.attachmentId] })],
);
