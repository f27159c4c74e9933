/**
 * Importing deals (商机导入), e.g. a CRM's opportunity export: one batch of mapped rows → deals in a pipeline with
 * their stage history, audit events and their accounts' last deal dates.
 *
 * Per row: the owner is the user of that display name (blank → the importer; unknown, ambiguous or inactive → a row
 * problem; someone else needs the `deals.transfer` permission, as in the API); the account is the live account of
 * that (normalised) name within the importer's data scope (blank → a deal without account and a warning; unknown or
 * ambiguous → a row problem); the stage is the import's `stageMap` of the cell, or a stage key or name of the
 * pipeline (blank → the first stage); `valueMap` replaces whole cell values per field first (GTXPro → GTX Pro);
 * amounts are minor units of the import's currency; blank names become "account · product" (or the external id).
 * The external id makes the import idempotent: a row whose external id a deal already has is skipped (a warning),
 * so a re-import creates nothing.
 *
 * The stage: every deal starts in the pipeline's first stage, and a row in a later stage moves there through THE
 * stage gate of modules/deals (`gateStageMove`, via 'import') — so a normal import refuses exactly what the API and
 * the kanban refuse (the unmet criteria become the row's problems). A historical import (`historical`, admins
 * only) passes `waiveCriteria`: the gate lets criteria (and skipping) pass, and the waiver is recorded as the API
 * records it — `criteria_waived = 1` in the stage history and `criteriaWaived` in the audit event of the move.
 * Times come from the file: created (engaged) date → creation and the first stage, close date → closedAt and the
 * move to won/lost; the audit events carry the time of the import.
 */
import { MAX_DEAL_AMOUNT } from '../../../core/deals/money.js';
import { randomUUID } from 'node:crypto';
import { hasPermission } from '../../../core/access/catalog.js';
import { diffFields, type FieldChange } from '../../../core/audit/diff.js';
import type { CustomFieldValue } from '../../../core/custom-fields/types.js';
import { diffCustomFields } from '../../../core/custom-fields/values.js';
import { normalizeCompanyName } from '../../../core/customers/companyName.js';
import type { Localized, RowProblem } from '../../../core/imports/rows.js';
import type { FieldLabels } from '../../../core/pipelines/criteria.js';
import { scopeFilter } from '../../platform/access/access.js';
import type { AuditEventInput } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DbExecutor } from '../../platform/db/database.js';
import { AppError, httpErrors, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { accountScopeColumns } from '../accounts/accounts.repository.js';
import { customFieldsRepository, toDef } from '../custom-fields/custom-fields.repository.js';
import { typedRows } from '../custom-fields/custom-fields.service.js';
import { dealErrors, dealFieldLabels } from '../deals/deals.errors.js';
import type { DealRow } from '../deals/deals.repository.js';
import { AUDITED_FIELDS as DEAL_AUDITED, gateStageMove, type DealCommandContext, type StageGatePass } from '../deals/deals.service.js';
import type { PipelineDto } from '../pipelines/pipelines.schemas.js';
import { loadPipeline } from '../pipelines/pipelines.service.js';
import { refreshReclaimDue } from '../pools/pools.reclaimDue.js';
import { dealImportRepository, type DealInsert, type StageHistoryInsert } from './imports.deals.repository.js';
import type { CustomFieldValueRow } from './imports.ports.js';
import { importsRepository, type ProblemInsert } from './imports.repository.js';
import type { DealImportOptions } from './imports.schemas.js';
import type { TargetBatchContext, TargetBatchCounts, TargetBatchRow, TextValues } from './imports.targets.js';

/** The organization's calendar: a date in the file is that day in Beijing time. */
const DAY_OFFSET = '+08:00';
/** close reason of won/lost rows of a historical import that have none (and no `defaultCloseReason`) */
export const HISTORICAL_CLOSE_REASON = '历史数据导入 (historical import)';

const TEXT = {
  unknownOwner: (n: string): Localized => ({ 'zh-CN': `负责人：没有名为「${n}」的用户，请先创建该用户`, en: `Owner: no user is named "${n}"; create the user first` }),
  ambiguousOwner: (n: string): Localized => ({ 'zh-CN': `负责人：有多个名为「${n}」的用户，无法确定是哪一位`, en: `Owner: several users are named "${n}"; cannot tell which one` }),
  inactiveOwner: (n: string): Localized => ({ 'zh-CN': `负责人：「${n}」已停用`, en: `Owner: "${n}" is inactive` }),
  noTransfer: (n: string): Localized => ({
    'zh-CN': `负责人：你没有转移商机的权限，不能把商机分配给「${n}」`,
    en: `Owner: you may not assign deals to others ("${n}"; needs the transfer permission)`,
  }),
  unknownAccount: (n: string): Localized => ({
    'zh-CN': `客户：没有名为「${n}」的客户（或无权查看），请先创建或导入该客户`,
    en: `Account: no account named "${n}" (or not one you can see); create or import it first`,
  }),
  ambiguousAccount: (n: string): Localized => ({ 'zh-CN': `客户：有多个名为「${n}」的客户，无法确定关联哪一个`, en: `Account: several accounts are named "${n}"; cannot tell which one to link` }),
  amountTooLarge: { 'zh-CN': '金额过大（上限 9000 亿）', en: 'The amount is too large (at most 900 billion)' } as Localized,
  noAccount: { 'zh-CN': '未填写客户：商机已导入，但没有关联客户', en: 'No account given: the deal was imported without an account' } as Localized,
  unknownStage: (v: string): Localized => ({
    'zh-CN': `阶段：「${v}」不是该销售流程的阶段（可用导入选项 stageMap 对应）`,
    en: `Stage: "${v}" is not a stage of the pipeline (map it with the stageMap option)`,
  }),
  nameMissing: { 'zh-CN': '商机名称：必填（或填写客户与产品、外部编号）', en: 'Deal name: is required (or an account and a product, or an external id)' } as Localized,
  currency: (v: string): Localized => ({ 'zh-CN': `币种：「${v}」不是三位币种代码（如 CNY、USD）`, en: `Currency: "${v}" is not a three-letter currency code (e.g. CNY, USD)` }),
  datesOrder: { 'zh-CN': '成交日期早于创建日期', en: 'The close date is before the created date' } as Localized,
  alreadyImported: { 'zh-CN': '已导入过（已有商机使用此外部编号），已跳过', en: 'Already imported (a deal has this external id); skipped' } as Localized,
  deleted: { 'zh-CN': '外部编号对应的商机在回收站中，请先恢复', en: 'The deal with this external id is in the recycle bin; restore it first' } as Localized,
  duplicateInFile: (row: number): Localized => ({ 'zh-CN': `与文件中第 ${row} 行的外部编号相同，已跳过`, en: `Same external id as row ${row} of this file; skipped` }),
  criterion: (stage: Localized, zh: string, en: string): Localized => ({ 'zh-CN': `阶段「${stage['zh-CN']}」：${zh}`, en: `Stage "${stage.en}": ${en}` }),
};

const OPTION_TEXT = {
  stageMap: { 'zh-CN': '不是该销售流程的阶段', en: 'is not a stage of the pipeline' } as Localized,
  pipeline: { 'zh-CN': '销售流程不存在', en: 'no such pipeline' } as Localized,
};

/** The import's normaliser: amounts (minor units from mapRow) travel as text like every field. */
export function normalizeDealImportFields(input: TextValues): TextValues {
  const out: TextValues = {};
  for (const [k, v] of Object.entries(input)) out[k] = v === null || v === undefined ? null : String(v);
  return out;
}

/** Checks the options when the import is created (4xx naming the option); historical imports are for admins. */
export async function checkDealImportOptions(tx: DbExecutor, actor: Actor, options: DealImportOptions, locale: Locale): Promise<void> {
  if (options.historical && actor.roleKey !== 'admin') throw dealErrors.CRITERIA_WAIVER_FORBIDDEN();
  let pipeline: PipelineDto;
  try {
    pipeline = await loadPipeline(tx, actor.orgId, options.pipelineId ?? null);
  } catch (err) {
    if (err instanceof AppError) throw httpErrors.VALIDATION_FAILED({}, [{ field: 'options.pipelineId', message: OPTION_TEXT.pipeline[locale] }]);
    throw err;
  }
  const keys = new Set(pipeline.stages.map((s) => s.key));
  const errors: FieldError[] = Object.entries(options.stageMap ?? {})
    .filter(([, key]) => !keys.has(key))
    .map(([from, key]) => ({ field: `options.stageMap.${from}`, message: `${OPTION_TEXT.stageMap[locale]}: ${key}` }));
  if (errors.length) throw httpErrors.VALIDATION_FAILED({}, errors);
}

interface DealRunState {
  pipeline: PipelineDto;
  ctx: Record<Locale, DealCommandContext>;
  labels: FieldLabels;
  /** dry runs: external ids the run would have created, with their row */
  seen: Map<string, number>;
}

async function runStateOf(c: TargetBatchContext, options: DealImportOptions): Promise<DealRunState> {
  const cached = c.runState.deals as DealRunState | undefined;
  if (cached) return cached;
  const { tx, job } = c;
  const orgId = job.orgId;
  const pipeline = await loadPipeline(tx, orgId, options.pipelineId ?? null);
  const who = await dealImportRepository.importer(tx, orgId, c.importer.id);
  if (!who) throw new Error('the importing user no longer exists');
  const actor: Actor = {
    orgId,
    userId: c.importer.id,
    displayName: who.displayName,
    kind: 'user',
    roleId: who.roleId,
    roleKey: who.roleKey,
    roleName: who.roleName,
    dataScope: who.dataScope,
    permissions: who.permissions,
    fieldMasks: who.fieldMasks,
    departmentId: who.departmentId,
  };
  const audit = { orgId, actorId: c.importer.id, actorKind: 'user' as const, requestId: `import:${job.id}` };
  const labels: Record<string, Localized> = { ...dealFieldLabels };
  for (const d of await customFieldsRepository.listDefinitions(tx, orgId, 'deals')) labels[`cf.${d.key}`] = { 'zh-CN': d.labelZh, en: d.labelEn };
  const state: DealRunState = {
    pipeline,
    ctx: { 'zh-CN': { actor, audit, locale: 'zh-CN' }, en: { actor, audit, locale: 'en' } },
    labels,
    seen: new Map(),
  };
  c.runState.deals = state;
  return state;
}

const day = (d: string) => new Date(`${d}T00:00:00${DAY_OFFSET}`);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The stage a cell names: the stageMap first (case-insensitive), then a stage key or name. Blank → the first stage. */
function stageOf(pipeline: PipelineDto, stageMap: Record<string, string>, value: string | null | undefined): string | null {
  const first = pipeline.stages.find((s) => s.type === 'open') ?? pipeline.stages[0]!;
  if (!value) return first.key;
  const v = value.trim().toLowerCase();
  for (const [from, key] of Object.entries(stageMap)) if (from.trim().toLowerCase() === v) return key;
  const stage = pipeline.stages.find((s) => s.key.toLowerCase() === v || s.name['zh-CN'].toLowerCase() === v || s.name.en.toLowerCase() === v);
  return stage?.key ?? null;
}

function mapValues(fields: TextValues, valueMap: Record<string, Record<string, string>>): TextValues {
  const out = { ...fields };
  for (const [field, map] of Object.entries(valueMap)) {
    const v = out[field];
    if (v === null || v === undefined) continue;
    if (Object.prototype.hasOwnProperty.call(map, v)) out[field] = map[v]!.trim() || null;
  }
  return out;
}

interface Planned {
  row: TargetBatchRow;
  warnings: RowProblem[];
  deal: DealRow;
  toStage: string;
  stageAt: Date;
  closeReason: string | null;
}

/** One batch of deal rows in the batch's transaction (imports.processor.ts calls it instead of its own batch). */
export async function processDealBatch(c: TargetBatchContext, rows: TargetBatchRow[]): Promise<TargetBatchCounts> {
  const { tx, job, now } = c;
  const orgId = job.orgId;
  const options = job.options as DealImportOptions;
  const dry = job.dryRun === 1;
  const state = await runStateOf(c, options);
  const { pipeline } = state;
  const ctx = state.ctx['zh-CN'];
  const first = pipeline.stages.find((s) => s.type === 'open') ?? pipeline.stages[0]!;
  const counts: TargetBatchCounts = { created: 0, updated: 0, skipped: 0, failed: 0 };
  const problems: ProblemInsert[] = [];
  const fail = (row: TargetBatchRow, list: RowProblem[]) => {
    problems.push({ rowNumber: row.rowNumber, severity: 'error', problems: list.map((p) => ({ ...p })), raw: row.raw });
    counts.failed++;
  };
  const skip = (row: TargetBatchRow, code: string, message: Localized) => {
    problems.push({ rowNumber: row.rowNumber, severity: 'warning', problems: [{ field: 'externalId', code, message }], raw: row.raw });
    counts.skipped++;
  };

  const valid: (TargetBatchRow & { f: TextValues })[] = [];
  for (const row of rows) {
    if (row.problems.length) fail(row, row.problems);
    else valid.push({ ...row, f: mapValues(row.fields, options.valueMap ?? {}) });
  }

  // set-based look-ups: external ids, owners by name, accounts by name key (importer's scope)
  const externalIds = [...new Set(valid.map((r) => r.f.externalId).filter((x): x is string => !!x))];
  const existing = new Map<string, boolean>();
  for (const hit of await importsRepository.lookupRecords(tx, 'deals', orgId, { externalId: externalIds })) existing.set(hit.key, hit.deleted);
  const ownerNames = [...new Set(valid.map((r) => r.f.ownerName).filter((x): x is string => !!x))];
  const owners = new Map<string, { id: string; departmentId: string | null; status: string }[]>();
  for (const u of await dealImportRepository.usersByName(tx, orgId, ownerNames)) {
    const k = u.displayName.trim();
    owners.set(k, [...(owners.get(k) ?? []), u]);
  }
  const accountKeys = [...new Set(valid.map((r) => (r.f.accountName ? normalizeCompanyName(r.f.accountName) : '')).filter(Boolean))];
  const accountScope = scopeFilter(accountScopeColumns, 'accounts', c.importerScope);
  const accounts = new Map<string, string[]>();
  for (const a of await importsRepository.accountsByNameKey(tx, orgId, accountKeys, accountScope)) accounts.set(a.nameKey, [...(accounts.get(a.nameKey) ?? []), a.id]);
  const canTransfer = hasPermission(ctx.actor.permissions, 'deals', 'transfer');
  const inBatch = new Map<string, number>();

  const planned: Planned[] = [];
  for (const row of valid) {
    const f = row.f;
    const externalId = f.externalId ?? null;
    if (externalId) {
      if (existing.get(externalId) === true) {
        fail(row, [{ field: 'externalId', code: 'deleted_match', message: TEXT.deleted }]);
        continue;
      }
      if (existing.has(externalId)) {
        skip(row, 'duplicate', TEXT.alreadyImported);
        continue;
      }
      const earlier = inBatch.get(externalId) ?? (dry ? state.seen.get(externalId) : undefined);
      if (earlier !== undefined) {
        skip(row, 'duplicate_in_file', TEXT.duplicateInFile(earlier));
        continue;
      }
    }
    const list: RowProblem[] = [];
    const warnings: RowProblem[] = [];

    let owner = { id: c.importer.id, departmentId: c.importer.departmentId, name: ctx.actor.displayName };
    if (f.ownerName) {
      const hits = owners.get(f.ownerName.trim()) ?? [];
      if (hits.length === 0) list.push({ field: 'ownerName', code: 'unknown_owner', message: TEXT.unknownOwner(f.ownerName) });
      else if (hits.length > 1) list.push({ field: 'ownerName', code: 'ambiguous_owner', message: TEXT.ambiguousOwner(f.ownerName) });
      else if (hits[0]!.status !== 'active') list.push({ field: 'ownerName', code: 'inactive_owner', message: TEXT.inactiveOwner(f.ownerName) });
      else {
        owner = { id: hits[0]!.id, departmentId: hits[0]!.departmentId, name: f.ownerName.trim() };
        if (owner.id !== c.importer.id && !canTransfer) list.push({ field: 'ownerName', code: 'forbidden_owner', message: TEXT.noTransfer(f.ownerName) });
      }
    }

    let accountId: string | null = null;
    if (f.accountName) {
      const ids = accounts.get(normalizeCompanyName(f.accountName)) ?? [];
      if (ids.length === 0) list.push({ field: 'accountName', code: 'unknown_account', message: TEXT.unknownAccount(f.accountName) });
      else if (ids.length > 1) list.push({ field: 'accountName', code: 'ambiguous_account', message: TEXT.ambiguousAccount(f.accountName) });
      else accountId = ids[0]!;
    } else warnings.push({ field: 'accountName', code: 'no_account', message: TEXT.noAccount });

    const toStage = stageOf(pipeline, options.stageMap ?? {}, f.stage);
    if (!toStage) list.push({ field: 'stage', code: 'unknown_stage', message: TEXT.unknownStage(f.stage ?? '') });

    const name = f.name ?? (f.accountName && f.product ? `${f.accountName} · ${f.product}` : f.product && externalId ? `${f.product} · ${externalId}` : (externalId ?? f.accountName ?? null));
    if (!name) list.push({ field: 'name', code: 'required', message: TEXT.nameMissing });
    const currency = (f.currency ?? options.currency ?? 'CNY').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) list.push({ field: 'currency', code: 'invalid', message: TEXT.currency(f.currency ?? '') });

    const createdAt = f.createdDate ? day(f.createdDate) : f.closeDate ? day(f.closeDate) : now;
    const closeAt = f.closeDate ? day(f.closeDate) : null;
    if (closeAt && f.createdDate && closeAt < createdAt) list.push({ field: 'closeDate', code: 'invalid_date', message: TEXT.datesOrder });
    if (list.length) {
      fail(row, list);
      continue;
    }
    const target = pipeline.stages.find((s) => s.key === toStage)!;
    const closing = target.type !== 'open';
    const stageAt = closing ? (closeAt ?? createdAt) : createdAt;
    const closeReason = f.closeReason ?? options.defaultCloseReason ?? (options.historical && closing ? HISTORICAL_CLOSE_REASON : null);
    const amount = f.amount === null || f.amount === undefined ? null : Number(f.amount);
    if (amount !== null && !(amount >= 0 && amount <= MAX_DEAL_AMOUNT)) {
      fail(row, [{ field: 'amount', code: 'invalid', message: TEXT.amountTooLarge }]);
      continue;
    }
    const deal: DealRow = {
      id: randomUUID(),
      name: name!.slice(0, 200),
      accountId,
      accountName: accountId ? f.accountName! : null,
      contactIds: [],
      pipelineId: pipeline.id,
      stageKey: first.key,
      stageEnteredAt: createdAt,
      status: 'open',
      amount,
      currency,
      expectedCloseDate: f.expectedCloseDate ?? (closing ? (f.closeDate ?? null) : null),
      product: f.product ?? null,
      source: f.source ?? null,
      description: f.description ?? null,
      closedAt: null,
      closeReason,
      lastUpdateAt: createdAt,
      rottingSince: null,
      ownerId: owner.id,
      ownerName: owner.name,
      departmentId: owner.departmentId,
      externalId,
      customFields: { ...row.custom },
      createdAt,
      updatedAt: now,
      deletedAt: null,
      version: 1,
    };
    if (externalId) inBatch.set(externalId, row.rowNumber);
    planned.push({ row, warnings, deal, toStage: toStage!, stageAt, closeReason });
  }

  // the stage gate, row by row (its facts are per deal); a refusal is the row's problem
  const labelsOf = async () => state.labels;
  const accepted: { p: Planned; pass: StageGatePass | null }[] = [];
  for (const p of planned) {
    let pass: StageGatePass | null = null;
    if (p.toStage !== first.key) {
      const input = { deal: p.deal, pipeline, toStage: p.toStage, via: 'import' as const, waiveCriteria: options.historical === true, notStoredYet: true };
      try {
        pass = await gateStageMove(tx, ctx, input, labelsOf, p.stageAt);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        fail(p.row, await refusalProblems(tx, state, input, p.stageAt, err));
        continue;
      }
    }
    accepted.push({ p, pass });
    if (p.deal.externalId && dry) state.seen.set(p.deal.externalId, p.row.rowNumber);
    counts.created++;
    if (p.warnings.length) problems.push({ rowNumber: p.row.rowNumber, severity: 'warning', problems: p.warnings.map((w) => ({ ...w })), raw: p.row.raw });
  }

  if (!dry && accepted.length) await writeDeals(c, state, accepted);
  await importsRepository.insertProblems(tx, orgId, job.id, problems);
  return counts;
}

/** The gate's refusal as row problems in both languages (unmet criteria: one problem each). */
async function refusalProblems(
  tx: DbExecutor,
  state: DealRunState,
  input: Parameters<typeof gateStageMove>[2],
  at: Date,
  err: AppError,
): Promise<RowProblem[]> {
  if (err.code === 'STAGE_CRITERIA_UNMET') {
    const zh = (err.details?.unmet ?? []) as { message: string }[];
    let en: { message: string }[] = [];
    try {
      await gateStageMove(tx, state.ctx.en, input, async () => state.labels, at);
    } catch (e) {
      if (e instanceof AppError) en = (e.details?.unmet ?? []) as { message: string }[];
    }
    const stage = state.pipeline.stages.find((s) => s.key === input.toStage)!.name;
    return zh.map((u, i) => ({ field: 'stage', code: 'STAGE_CRITERIA_UNMET', message: TEXT.criterion(stage, u.message, en[i]?.message ?? u.message) }));
  }
  const field = err.code === 'CLOSE_REASON_REQUIRED' ? 'closeReason' : 'stage';
  let enMessage = err.localizedMessage('en');
  if (err.code === 'STAGE_MOVE_NOT_ALLOWED') {
    try {
      await gateStageMove(tx, state.ctx.en, input, async () => state.labels, at);
    } catch (e) {
      if (e instanceof AppError) enMessage = e.localizedMessage('en');
    }
  }
  return [{ field, code: err.code, message: { 'zh-CN': err.localizedMessage('zh-CN'), en: enMessage } }];
}

/**
 * The writes of a batch, set-based, recording what the deals service records for a create plus a gated move
 * (deals.service.ts create / recordStageMove): the deal, its first-stage history row, the move's row (with
 * criteria_waived), the 'create' and 'stage' audit events, the accounts' last deal / last won dates and their
 * pool reclaim dates.
 */
async function writeDeals(c: TargetBatchContext, state: DealRunState, accepted: { p: Planned; pass: StageGatePass | null }[]): Promise<void> {
  const { tx, job, now } = c;
  const orgId = job.orgId;
  const actorId = c.importer.id;
  const audit: AuditEventInput[] = [];
  const base = { ...state.ctx['zh-CN'].audit, occurredAt: now };
  const dealRows: DealInsert[] = [];
  const history: StageHistoryInsert[] = [];
  const touched = new Map<string, { accountId: string; lastDealAt: Date; lastWonAt: Date | null }>();
  const customRows: CustomFieldValueRow[] = [];
  const defs = Object.keys(state.labels).some((k) => k.startsWith('cf.')) ? (await customFieldsRepository.listDefinitions(tx, orgId, 'deals')).map(toDef) : [];
  const defByKey = new Map(defs.map((d) => [d.key, d]));
  const auditedOnCreate = [...DEAL_AUDITED, 'stageKey', 'pipelineId'] as const;

  for (const { p, pass } of accepted) {
    const d = p.deal;
    const set = pass?.set;
    dealRows.push({
      orgId,
      id: d.id,
      name: d.name,
      accountId: d.accountId,
      contactIds: [],
      pipelineId: d.pipelineId,
      stageKey: set?.stageKey ?? d.stageKey,
      stageEnteredAt: set?.stageEnteredAt ?? d.createdAt,
      status: set?.status ?? 'open',
      amount: d.amount,
      currency: d.currency,
      expectedCloseDate: d.expectedCloseDate,
      product: d.product,
      source: d.source,
      description: d.description,
      closedAt: set?.closedAt ?? null,
      closeReason: set && set.status !== 'open' ? d.closeReason : null,
      lastUpdateAt: set?.stageEnteredAt ?? d.createdAt,
      rottingSince: null,
      ownerId: d.ownerId,
      departmentId: d.departmentId,
      externalId: d.externalId,
      customFields: d.customFields,
      createdAt: d.createdAt,
      createdBy: actorId,
      updatedAt: now,
      updatedBy: actorId,
      version: pass ? 2 : 1,
    });
    history.push({ orgId, id: randomUUID(), dealId: d.id, pipelineId: d.pipelineId, fromStage: null, toStage: d.stageKey, movedAt: d.createdAt, movedBy: actorId, secondsInPrevious: null, via: 'import', criteriaWaived: 0 });
    const createdRecord = { ...d, closeReason: set && set.status !== 'open' ? d.closeReason : null } as unknown as Record<string, unknown>;
    audit.push({
      ...base,
      objectType: 'deals',
      recordId: d.id,
      action: 'create',
      changes: [...diffFields<Record<string, unknown>>(null, createdRecord, auditedOnCreate as never), ...diffCustomFields(null, d.customFields)],
    });
    if (pass && set) {
      history.push({
        orgId,
        id: randomUUID(),
        dealId: d.id,
        pipelineId: d.pipelineId,
        fromStage: pass.fromStage,
        toStage: set.stageKey,
        movedAt: set.stageEnteredAt,
        movedBy: actorId,
        secondsInPrevious: Math.max(0, Math.floor((set.stageEnteredAt.getTime() - d.createdAt.getTime()) / 1000)),
        via: 'import',
        criteriaWaived: pass.waived ? 1 : 0,
      });
      const changes: FieldChange[] = [
        ...diffFields<Record<string, unknown>>(
          { stageKey: pass.fromStage, status: 'open', closedAt: null },
          { stageKey: set.stageKey, status: set.status, closedAt: iso(set.closedAt) },
          ['stageKey', 'status', 'closedAt'],
        ),
        { field: 'via', old: null, new: 'import' },
      ];
      if (pass.waived) changes.push({ field: 'criteriaWaived', old: null, new: true });
      audit.push({ ...base, objectType: 'deals', recordId: d.id, action: 'stage', changes });
    }
    if (d.accountId) {
      const t = touched.get(d.accountId) ?? { accountId: d.accountId, lastDealAt: d.createdAt, lastWonAt: null };
      if (d.createdAt > t.lastDealAt) t.lastDealAt = d.createdAt;
      if (set?.status === 'won' && (!t.lastWonAt || set.stageEnteredAt > t.lastWonAt)) t.lastWonAt = set.stageEnteredAt;
      touched.set(d.accountId, t);
    }
    for (const [key, value] of Object.entries(d.customFields)) {
      const def = defByKey.get(key);
      if (def && value !== null && value !== undefined) customRows.push(...typedRows(def, value as CustomFieldValue, { orgId, objectType: 'deals', recordId: d.id }));
    }
  }

  await dealImportRepository.insertDeals(tx, dealRows);
  await dealImportRepository.insertStageHistory(tx, history);
  await importsRepository.insertAuditEvents(tx, audit);
  if (customRows.length) await importsRepository.replaceCustomValues(tx, orgId, 'deals', [], [], customRows);
  await dealImportRepository.touchAccounts(tx, orgId, [...touched.values()]);
  await refreshReclaimDue(tx, orgId, [...touched.keys()], { now });
}
