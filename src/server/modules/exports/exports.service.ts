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
import { customFieldsRepository, toDef } from '../custom-fields/custom-fields.repository.js';
import { exportsRepository } from './exports.repository.js';

export type ExportFormat = 'csv' | 'xlsx';
/** the list's query without paging (cf.* custom-field filters pass through) */
export type ExportQuery = Omit<ListAccountsQueryInput, 'limit'>;
const PAGE = 200;

interface Column<T> {
  label: Localized;
  value: (row: T) => unknown;
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
  { label: { 'zh-CN': '负责人', en: 'Owner' }, value: (a) => a.ownerName },
  { label: { 'zh-CN': '所属部门', en: 'Department' }, value: (a) => a.departmentName },
  { label: { 'zh-CN': '外部编号', en: 'External ID' }, value: (a) => a.externalId },
  { label: { 'zh-CN': '创建时间', en: 'Created at' }, value: (a) => a.createdAt },
  { label: { 'zh-CN': '更新时间', en: 'Updated at' }, value: (a) => a.updatedAt },
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

export function createExportsService(deps: ExportsServiceDeps) {
  const accounts = createAccountsService({ database: deps.database, clock: deps.clock });

  /** Every page of the actor's accounts list (same service, same scope and masking), with custom fields. */
  async function* accountRows(actor: Actor, query: ExportQuery, locale: Locale, defs: CustomFieldDef[]) {
    let cursor: string | undefined;
    for (;;) {
      const page = await accounts.list(actor, { ...query, cursor, limit: PAGE } as ListAccountsQueryInput, locale);
      // the list rows carry their custom fields; older list DTOs did not, so read them when missing
      const carried = page.items.every((a) => (a as { customFields?: unknown }).customFields !== undefined);
      const custom =
        defs.length && !carried
          ? await deps.database.withTenant(actor.orgId, (tx) => exportsRepository.customFieldsOf(tx, 'accounts', actor.orgId, page.items.map((a) => a.id)))
          : new Map<string, Record<string, unknown>>(page.items.map((a) => [a.id, ((a as { customFields?: Record<string, unknown> }).customFields ?? {})]));
      yield page.items.map((a) => [
        ...ACCOUNT_COLUMNS.map((c) => c.value(a)),
        ...defs.map((d) => customCellText(d, custom.get(a.id)?.[d.key], locale)),
      ]);
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  return {
    /**
     * The export of the actor's accounts list as a stream; `onDone(rows)` runs when the last row is written.
     * The first page is read before returning, so access errors (bad cursor, …) are still a clean 4xx.
     */
    async exportAccounts(
      actor: Actor,
      audit: AuditContext,
      query: ExportQuery,
      format: ExportFormat,
      locale: Locale,
    ): Promise<{ fileName: string; contentType: string; stream: Readable }> {
      const defs = (await deps.database.withTenant(actor.orgId, (tx) => customFieldsRepository.listDefinitions(tx, actor.orgId, 'accounts')))
        .map(toDef)
        .filter((d) => d.active);
      const headers = [...ACCOUNT_COLUMNS.map((c) => c.label[locale]), ...defs.map((d) => (locale === 'en' ? d.labelEn : d.labelZh))];
      const pages = accountRows(actor, query, locale, defs);
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
            { ...audit, objectType: 'exports', recordId: randomUUID(), action: 'export', changes: [{ field: 'accounts', old: null, new: { format, filters: query, rows: count } }], occurredAt: deps.clock.now() },
          ]),
        );
      };
      const stamp = deps.clock.now().toISOString().slice(0, 10).replace(/-/g, '');
      const fileName = `${locale === 'en' ? 'accounts' : '客户'}-${stamp}.${format}`;

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
      const sheet = workbook.addWorksheet(locale === 'en' ? 'Accounts' : '客户');
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
    },
  };
}
