/**
 * Exports (导出) of list views: every row the actor's list shows, read page by page (keyset cursors) through
 * the list service itself — so the data scope, shares and 'list' masking are exactly the list's — with
 * localized headers and the custom field columns, written as a stream (CSV with a UTF-8 BOM for Excel, or
 * XLSX through exceljs's streaming writer). Nothing holds the whole result.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CustomFieldDef } from '../../../core/custom-fields/types.js';
import { UTF8_BOM, csvLine } from '../../../core/imports/csv.js';
import { formatMinorUnits } from '../../../core/imports/numbers.js';
import type { Localized } from '../../../core/imports/rows.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { createAccountsService } from '../accounts/accounts.service.js';
import type { AccountDto, ListAccountsQueryInput } from '../accounts/accounts.schemas.js';
import { createContactsService } from '../contacts/contacts.service.js';
import type { ContactDto, ListContactsQueryInput } from '../contacts/contacts.schemas.js';
import { createCustomFieldsService } from '../custom-fields/custom-fields.service.js';
import { customFieldsRepository, toDef } from '../custom-fields/custom-fields.repository.js';
import { createLeadsService } from '../leads/leads.service.js';
import type { LeadDto, ListLeadsQueryInput } from '../leads/leads.schemas.js';
import { exportsRepository } from './exports.repository.js';

export type ExportFormat = 'csv' | 'xlsx';
/** The list views that export: each is one entry of the sources below. */
export const EXPORT_OBJECT_TYPES = ['accounts', 'contacts', 'leads'] as const;
export type ExportObjectType = (typeof EXPORT_OBJECT_TYPES)[number];
/** the list's query without paging (cf.* custom-field filters pass through) */
export type ExportQuery = Record<string, unknown>;
const PAGE = 200;

interface Column<T> {
  label: Localized;
  value: (row: T, locale: Locale) => unknown;
}

/** Columns every owned record type ends with. */
function ownershipColumns<T extends { ownerName: string | null; departmentName: string | null; externalId: string | null; createdAt: string; updatedAt: string }>(): Column<T>[] {
  return [
    { label: { 'zh-CN': '负责人', en: 'Owner' }, value: (r) => r.ownerName },
    { label: { 'zh-CN': '所属部门', en: 'Department' }, value: (r) => r.departmentName },
    { label: { 'zh-CN': '外部编号', en: 'External ID' }, value: (r) => r.externalId },
    { label: { 'zh-CN': '创建时间', en: 'Created at' }, value: (r) => r.createdAt },
    { label: { 'zh-CN': '更新时间', en: 'Updated at' }, value: (r) => r.updatedAt },
  ];
}

const ACCOUNT_COLUMNS: Column<AccountDto>[] = [
  { label: { 'zh-CN': '客户名称', en: 'Account name' }, value: (a) => a.name },
  { label: { 'zh-CN': '统一社会信用代码', en: 'Credit code' }, value: (a) => a.creditCode },
  { label: { 'zh-CN': '电话', en: 'Phone' }, value: (a) => a.phone },
  { label: { 'zh-CN': '邮箱', en: 'Email' }, value: (a) => a.email },
  { label: { 'zh-CN': '行业', en: 'Industry' }, value: (a) => a.industry },
  { label: { 'zh-CN': '地址', en: 'Address' }, value: (a) => a.address },
  { label: { 'zh-CN': '网址', en: 'Website' }, value: (a) => a.website },
  { label: { 'zh-CN': '备注', en: 'Notes' }, value: (a) => a.notes },
  { label: { 'zh-CN': '客户等级', en: 'Tier' }, value: (a) => a.tier },
  ...ownershipColumns<AccountDto>(),
];

const yesNo = (v: boolean, locale: Locale) => (v ? (locale === 'en' ? 'Yes' : '是') : locale === 'en' ? 'No' : '否');

const CONTACT_COLUMNS: Column<ContactDto>[] = [
  { label: { 'zh-CN': '姓名', en: 'Name' }, value: (c) => c.name },
  { label: { 'zh-CN': '所属客户', en: 'Account' }, value: (c) => c.accountName },
  { label: { 'zh-CN': '职务', en: 'Title' }, value: (c) => c.title },
  { label: { 'zh-CN': '手机', en: 'Mobile' }, value: (c) => c.mobile },
  { label: { 'zh-CN': '电话', en: 'Phone' }, value: (c) => c.phone },
  { label: { 'zh-CN': '邮箱', en: 'Email' }, value: (c) => c.email },
  { label: { 'zh-CN': '微信', en: 'WeChat' }, value: (c) => c.wechat },
  { label: { 'zh-CN': '主要联系人', en: 'Primary' }, value: (c, locale) => yesNo(c.isPrimary, locale) },
  { label: { 'zh-CN': '备注', en: 'Notes' }, value: (c) => c.notes },
  ...ownershipColumns<ContactDto>(),
];

const LEAD_STATUS_LABELS: Record<LeadDto['status'], Localized> = {
  new: { 'zh-CN': '新线索', en: 'New' },
  contacted: { 'zh-CN': '已联系', en: 'Contacted' },
  qualified: { 'zh-CN': '已确认', en: 'Qualified' },
  converted: { 'zh-CN': '已转化', en: 'Converted' },
  disqualified: { 'zh-CN': '无效', en: 'Disqualified' },
};

const LEAD_COLUMNS: Column<LeadDto>[] = [
  { label: { 'zh-CN': '姓名', en: 'Name' }, value: (l) => l.name },
  { label: { 'zh-CN': '公司名称', en: 'Company' }, value: (l) => l.companyName },
  { label: { 'zh-CN': '职务', en: 'Title' }, value: (l) => l.title },
  { label: { 'zh-CN': '手机', en: 'Mobile' }, value: (l) => l.mobile },
  { label: { 'zh-CN': '电话', en: 'Phone' }, value: (l) => l.phone },
  { label: { 'zh-CN': '邮箱', en: 'Email' }, value: (l) => l.email },
  { label: { 'zh-CN': '来源', en: 'Source' }, value: (l) => l.source },
  { label: { 'zh-CN': '状态', en: 'Status' }, value: (l, locale) => LEAD_STATUS_LABELS[l.status]?.[locale] ?? l.status },
  { label: { 'zh-CN': '备注', en: 'Notes' }, value: (l) => l.notes },
  ...ownershipColumns<LeadDto>(),
];

/** A custom field value as a spreadsheet shows it. */
export function customCellText(def: CustomFieldDef, value: unknown, locale: Locale): string | number | null {
  if (value === null || value === undefined) return null;
  const optionLabel = (v: string) => {
    const o = def.options.options?.find((x) => x.value === v);
    return o ? (locale === 'en' ? o.labelEn : o.labelZh) : v;
  };
  switch (def.type) {
    case 'money':
      return typeof value === 'number' ? formatMinorUnits(value) : String(value);
    case 'number':
      return typeof value === 'number' ? value : String(value);
    case 'single_select':
      return optionLabel(String(value));
    case 'multi_select':
      return Array.isArray(value) ? value.map((v) => optionLabel(String(v))).join(locale === 'en' ? ', ' : '、') : String(value);
    default:
      return String(value);
  }
}

export interface ExportsServiceDeps {
  database: Database;
  clock: Clock;
}

/** One exportable list view: its columns, names and the list service page reader (scope, filters, masking). */
interface ExportSource<T extends { id: string; customFields?: Record<string, unknown> }> {
  columns: Column<T>[];
  fileName: Localized;
  sheetName: Localized;
  list(actor: Actor, query: Record<string, unknown>, locale: Locale): Promise<{ items: T[]; nextCursor: string | null }>;
}

type AnySource = ExportSource<{ id: string; customFields?: Record<string, unknown> }>;
const source = <T extends { id: string; customFields?: Record<string, unknown> }>(s: ExportSource<T>) => s as unknown as AnySource;

export function createExportsService(deps: ExportsServiceDeps) {
  const customFields = createCustomFieldsService({ database: deps.database, clock: deps.clock });
  const accounts = createAccountsService({ database: deps.database, clock: deps.clock, customFields });
  const contacts = createContactsService({ database: deps.database, clock: deps.clock, customFields });
  const leads = createLeadsService({ database: deps.database, clock: deps.clock, customFields, accounts, contacts });

  // every list view reads its rows through its own list service: the list's filters, data scope, shares and masking
  const sources: Record<ExportObjectType, AnySource> = {
    accounts: source<AccountDto>({
      columns: ACCOUNT_COLUMNS,
      fileName: { 'zh-CN': '客户', en: 'accounts' },
      sheetName: { 'zh-CN': '客户', en: 'Accounts' },
      list: (actor, query, locale) => accounts.list(actor, query as ListAccountsQueryInput, locale),
    }),
    contacts: source<ContactDto>({
      columns: CONTACT_COLUMNS,
      fileName: { 'zh-CN': '联系人', en: 'contacts' },
      sheetName: { 'zh-CN': '联系人', en: 'Contacts' },
      list: (actor, query, locale) => contacts.list(actor, query as ListContactsQueryInput, locale),
    }),
    leads: source<LeadDto>({
      columns: LEAD_COLUMNS,
      fileName: { 'zh-CN': '线索', en: 'leads' },
      sheetName: { 'zh-CN': '线索', en: 'Leads' },
      list: (actor, query, locale) => leads.list(actor, query as ListLeadsQueryInput, locale),
    }),
  };

  /** Every page of the actor's list (same service, same scope and masking), as cells, with custom fields. */
  async function* rowsOf(objectType: ExportObjectType, actor: Actor, query: ExportQuery, locale: Locale, defs: CustomFieldDef[]) {
    const src = sources[objectType];
    let cursor: string | undefined;
    for (;;) {
      const page = await src.list(actor, { ...query, cursor, limit: PAGE }, locale);
      // the list rows carry their custom fields; read them when a list DTO does not
      const carried = page.items.every((r) => r.customFields !== undefined);
      const custom =
        defs.length && !carried
          ? await deps.database.withTenant(actor.orgId, (tx) => exportsRepository.customFieldsOf(tx, objectType, actor.orgId, page.items.map((r) => r.id)))
          : new Map<string, Record<string, unknown>>(page.items.map((r) => [r.id, r.customFields ?? {}]));
      yield page.items.map((r) => [...src.columns.map((c) => c.value(r, locale)), ...defs.map((d) => customCellText(d, custom.get(r.id)?.[d.key], locale))]);
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /**
   * The export of the actor's list view of `objectType` as a stream, audited when the last row is written.
   * The first page is read before returning, so access and filter errors are still a clean 4xx.
   */
  async function exportList(
    objectType: ExportObjectType,
    actor: Actor,
    audit: AuditContext,
    query: ExportQuery,
    format: ExportFormat,
    locale: Locale,
  ): Promise<{ fileName: string; contentType: string; stream: Readable }> {
    const src = sources[objectType];
    const defs = (await deps.database.withTenant(actor.orgId, (tx) => customFieldsRepository.listDefinitions(tx, actor.orgId, objectType)))
      .map(toDef)
      .filter((d) => d.active);
    const headers = [...src.columns.map((c) => c.label[locale]), ...defs.map((d) => (locale === 'en' ? d.labelEn : d.labelZh))];
    const pages = rowsOf(objectType, actor, query, locale, defs);
    const first = await pages.next();
    let count = 0;
    async function* all() {
      if (!first.done) yield first.value;
      for await (const rows of pages) yield rows;
    }
    const finish = async () => {
      // the export itself is audited (who exported what, how many rows)
      await deps.database.withTenant(actor.orgId, (tx) =>
        auditRepository.insert(tx, [
          { ...audit, objectType: 'exports', recordId: randomUUID(), action: 'export', changes: [{ field: objectType, old: null, new: { format, filters: query, rows: count } }], occurredAt: deps.clock.now() },
        ]),
      );
    };
    const stamp = deps.clock.now().toISOString().slice(0, 10).replace(/-/g, '');
    const fileName = `${src.fileName[locale]}-${stamp}.${format}`;

    if (format === 'csv') {
      async function* csv() {
        yield UTF8_BOM + csvLine(headers);
        for await (const rows of all()) {
          let out = '';
          for (const r of rows) out += csvLine(r);
          count += rows.length;
          yield out;
        }
        await finish();
      }
      return { fileName, contentType: 'text/csv; charset=utf-8', stream: Readable.from(csv()) };
    }

    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet(src.sheetName[locale]);
    void (async () => {
      sheet.addRow(headers).commit();
      for await (const rows of all()) {
        for (const r of rows) sheet.addRow(r.map((v) => (v === null || v === undefined ? null : v))).commit();
        count += rows.length;
        // let the zip stream drain before the next page (bounded memory)
        if (out.writableNeedDrain) await new Promise((res) => out.once('drain', res));
      }
      sheet.commit();
      await workbook.commit();
      await finish();
    })().catch((err: unknown) => out.destroy(err as Error));
    return { fileName, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', stream: out };
  }

  return {
    exportList,
    /** The accounts list export (kept for callers of the first version). */
    exportAccounts: (actor: Actor, audit: AuditContext, query: ExportQuery, format: ExportFormat, locale: Locale) =>
      exportList('accounts', actor, audit, query, format, locale),
  };
}
