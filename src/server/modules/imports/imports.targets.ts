/**
 * What the import pipeline needs to know of each object type it imports (imports.processor.ts is the same for
 * all): the file fields it writes, how its service normalises them, the columns derived from them, the keys a
 * row duplicates a record by, the audited fields, the probe for a configured `block` rule and the noun in row
 * problems. Adding an object type: its fields in imports.fields.ts, its columns and key expressions in
 * imports.repository.ts (TABLES), and an entry here.
 */
import { normalizeCompanyName } from '../../../core/customers/companyName.js';
import type { Localized } from '../../../core/imports/rows.js';
import type { FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { AUDITED_FIELDS as ACCOUNT_AUDITED, normalizeAccountFields } from '../accounts/accounts.service.js';
import { AUDITED_FIELDS as CONTACT_AUDITED, normalizeContactFields } from '../contacts/contacts.service.js';
import { AUDITED_FIELDS as LEAD_AUDITED, normalizeLeadFields } from '../leads/leads.service.js';
import { normalizeDealImportFields, processDealBatch } from './imports.deals.js';
import type { ImportDuplicateProbe } from './imports.ports.js';
import type { ImportJobRow, ImportTable, LookupKind, RecordValues } from './imports.repository.js';
import type { AccessScope } from '../../platform/access/access.js';
import type { DbExecutor } from '../../platform/db/database.js';
import type { RowProblem } from '../../../core/imports/rows.js';
import type { CustomFieldValue } from '../../../core/custom-fields/types.js';

export type TextValues = Partial<Record<string, string | null>>;

export interface ImportTarget {
  objectType: ImportTable;
  /** the mapped file fields written to the record's columns as they are (after normalisation) */
  textFields: readonly string[];
  /** the object's service normaliser (empty → null; mobile, phone, email, credit code canonical) */
  normalize(input: TextValues, locale: Locale): { values: TextValues; errors: FieldError[] };
  /** sets the columns derived from others (name_key, company_key) on a record about to be written */
  derive(record: RecordValues): void;
  /** the keys, other than the external id, a row duplicates a record by (normalised as the indexes store them) */
  keys(fields: TextValues): [LookupKind, string][];
  auditedFields: readonly string[];
  /** audited values every imported record starts with (column defaults the import does not write) */
  auditDefaults?: Record<string, unknown>;
  /** the probe of modules/duplicates for a row the policy `create` would create despite a duplicate */
  probe(fields: TextValues): ImportDuplicateProbe;
  /** contacts: the `accountName` field names a live account (by name_key) the contact is linked to */
  linksAccountByName?: boolean;
  /** the object in row problems */
  noun: Localized;
  /**
   * An object type whose rows are not plain records (deals: owner and account by name, the stage gate, stage
   * history) applies a batch itself, instead of the generic duplicate-key batch of imports.processor.ts.
   */
  processBatch?(ctx: TargetBatchContext, rows: TargetBatchRow[]): Promise<TargetBatchCounts>;
}

/** A mapped, validated row handed to a target's own batch (imports.processor.ts PreparedRow). */
export interface TargetBatchRow {
  rowNumber: number;
  raw: Record<string, string>;
  problems: RowProblem[];
  fields: TextValues;
  custom: Record<string, CustomFieldValue | null>;
}

export interface TargetBatchContext {
  tx: DbExecutor;
  job: ImportJobRow;
  now: Date;
  importer: { id: string; departmentId: string | null };
  importerScope: AccessScope;
  /** lives for one run of the import (a dry run's "would create" keys across batches) */
  runState: Record<string, unknown>;
}

export interface TargetBatchCounts {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

const keyOf = (name: string | null | undefined) => (name ? normalizeCompanyName(name) || null : null);

function commonKeys(fields: TextValues, kinds: ('mobile' | 'phone' | 'email' | 'creditCode')[]): [LookupKind, string][] {
  const keys: [LookupKind, string][] = [];
  for (const kind of kinds) {
    const v = fields[kind];
    if (v) keys.push([kind, kind === 'email' ? v.toLowerCase() : v]);
  }
  return keys;
}

export const IMPORT_TARGETS: Record<ImportTable, ImportTarget> = {
  accounts: {
    objectType: 'accounts',
    textFields: ['name', 'creditCode', 'phone', 'email', 'industry', 'address', 'website', 'notes', 'externalId'],
    normalize: (input, locale) => {
      const r = normalizeAccountFields(input, locale);
      return { values: r.values as TextValues, errors: r.errors };
    },
    derive: (record) => {
      record.nameKey = normalizeCompanyName(String(record.name ?? ''));
    },
    keys: (fields) => {
      const nameKey = fields.name ? normalizeCompanyName(fields.name) : '';
      return [...(nameKey ? [['nameKey', nameKey] as [LookupKind, string]] : []), ...commonKeys(fields, ['creditCode', 'phone', 'email'])];
    },
    auditedFields: ACCOUNT_AUDITED,
    probe: (f) => ({ objectType: 'accounts', companyName: f.name, phone: f.phone, email: f.email, creditCode: f.creditCode }),
    noun: { 'zh-CN': '客户', en: 'account' },
  },
  contacts: {
    objectType: 'contacts',
    textFields: ['name', 'title', 'mobile', 'phone', 'email', 'wechat', 'notes', 'externalId'],
    normalize: (input, locale) => normalizeContactFields(input, locale),
    derive: () => {},
    keys: (fields) => commonKeys(fields, ['mobile', 'email']),
    auditedFields: CONTACT_AUDITED,
    auditDefaults: { isPrimary: false },
    probe: (f) => ({ objectType: 'contacts', mobile: f.mobile, phone: f.phone, email: f.email }),
    linksAccountByName: true,
    noun: { 'zh-CN': '联系人', en: 'contact' },
  },
  leads: {
    objectType: 'leads',
    textFields: ['name', 'companyName', 'title', 'mobile', 'phone', 'email', 'source', 'notes', 'externalId'],
    normalize: (input, locale) => normalizeLeadFields(input, locale),
    derive: (record) => {
      record.companyKey = keyOf(record.companyName as string | null | undefined);
    },
    keys: (fields) => {
      const companyKey = keyOf(fields.companyName);
      return [...commonKeys(fields, ['mobile', 'email']), ...(companyKey ? [['companyKey', companyKey] as [LookupKind, string]] : [])];
    },
    auditedFields: LEAD_AUDITED,
    auditDefaults: { status: 'new' },
    probe: (f) => ({ objectType: 'leads', companyName: f.companyName, mobile: f.mobile, phone: f.phone, email: f.email }),
    noun: { 'zh-CN': '线索', en: 'lead' },
  },
  deals: {
    objectType: 'deals',
    textFields: [
      'name', 'accountName', 'ownerName', 'stage', 'amount', 'currency', 'product', 'source',
      'createdDate', 'expectedCloseDate', 'closeDate', 'closeReason', 'description', 'externalId',
    ],
    normalize: (input) => ({ values: normalizeDealImportFields(input), errors: [] }),
    derive: () => {},
    keys: () => [],
    auditedFields: [],
    probe: () => {
      throw new Error('deals are applied by processDealBatch');
    },
    processBatch: processDealBatch,
    noun: { 'zh-CN': '商机', en: 'deal' },
  },
};

export const importTarget = (objectType: string): ImportTarget | undefined =>
  Object.prototype.hasOwnProperty.call(IMPORT_TARGETS, objectType) ? IMPORT_TARGETS[objectType as ImportTable] : undefined;
