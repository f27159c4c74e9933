/**
 * Deals (商机, PRODUCT.md 4.3). Every read goes through platform/access (data scope, shares, masking of the
 * amount); every write is optimistic (version) and audited in its transaction.
 *
 * THE stage gate: every stage change — PATCH (via api or kanban), bulk edit, import (with an admin's historical
 * waiver), automation, and creating a deal directly in a later stage — runs `gateStageMove` then
 * `recordStageMove` below. The gate gathers the deal's facts (fields incl. `cf.<key>`, attachment kinds, effective
 * follow-ups) and asks core/pipelines `checkStageMove`; refusals are 422 STAGE_CRITERIA_UNMET (details.unmet in the
 * request language), STAGE_MOVE_NOT_ALLOWED or CLOSE_REASON_REQUIRED.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gte, or, sql, type SQL } from 'drizzle-orm';
import { hasPermission } from '../../../core/access/catalog.js';
import { diffFields, type FieldChange } from '../../../core/audit/diff.js';
import { changedEdits, diffCustomFields, mergeCustomFields } from '../../../core/custom-fields/values.js';
import { addTotals, monthRange, weightedAmount, type MoneyTotals } from '../../../core/deals/money.js';
import { stageVelocity } from '../../../core/deals/velocity.js';
import { CURSOR_TIMESTAMP_RE, decodeCursor, encodeCursor, isUuid } from '../../../core/pagination/cursor.js';
import { checkStageMove, isFilled, type DealFacts, type FieldLabels, type PipelineMoveRules } from '../../../core/pipelines/criteria.js';
import type { StageDefinition } from '../../../core/pipelines/defaultPipeline.js';
import { effectiveRottingDays, idleDays, isRotting } from '../../../core/pipelines/rotting.js';
import { dropMaskedEchoes, loadAccessScope, maskedFields, scopeFilter, type AccessScope } from '../../platform/access/access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import { deals } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/deps.js';
import { AppError, httpErrors, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { accountScopeColumns } from '../accounts/accounts.repository.js';
import { createCustomFieldsService, type CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import { loadPipeline, toPipelineDto } from '../pipelines/pipelines.service.js';
import { pipelinesRepository } from '../pipelines/pipelines.repository.js';
import type { PipelineDto } from '../pipelines/pipelines.schemas.js';
import { refreshReclaimDue } from '../pools/pools.reclaimDue.js';
import { dealErrors, dealFieldLabels, dealFieldMessages } from './deals.errors.js';
import { dealFilter, dealScopeColumns, dealsRepository, type DealFields, type DealFilters, type DealRow, type StageSet } from './deals.repository.js';
import type {
  BoardDto,
  BoardQueryInput,
  BulkDealsInput,
  CreateDealInput,
  DealDetailDto,
  DealCardDto,
  DealDto,
  ListDealsQueryInput,
  UpdateDealInput,
} from './deals.schemas.js';

export const OBJECT_TYPE = 'deals';
const DAY_MS = 86_400_000;
export const BOARD_CARDS_PER_COLUMN = 20;
/** without a close month, the won/lost columns show deals closed in the last 30 days */
export const BOARD_CLOSED_DAYS = 30;

/** How a stage change arrived (stage history `via`). */
export type StageMoveVia = 'api' | 'kanban' | 'bulk' | 'import' | 'automation';

/** Fields compared for the audit log. */
export const AUDITED_FIELDS = [
  'name',
  'accountId',
  'contactIds',
  'amount',
  'currency',
  'expectedCloseDate',
  'product',
  'source',
  'description',
  'closeReason',
  'ownerId',
  'departmentId',
  'externalId',
] as const;

const FIELD_KEYS = ['name', 'accountId', 'contactIds', 'amount', 'currency', 'expectedCloseDate', 'product', 'source', 'description', 'closeReason'] as const;

export interface DealCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface DealsServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
  customFields?: CustomFieldsService;
}

/**
 * Something really updated the deal (a follow-up logged, a stage move, a field edit, an attachment added — not a
 * comment, never viewing): lastUpdateAt = greatest(lastUpdateAt, at) and the rotting episode ends.
 * Called by other modules inside their own transaction.
 */
export async function markDealUpdated(tx: DbExecutor, orgId: string, dealId: string, at: Date): Promise<void> {
  await dealsRepository.markUpdated(tx, orgId, dealId, at);
}

// ---------- stages ----------

interface StageInfo {
  stage: StageDefinition;
  pipeline: PipelineDto;
}

/** Every pipeline's stages by `${pipelineId}:${stageKey}` (one small query; lists span pipelines). */
async function loadStageTable(tx: DbExecutor, orgId: string): Promise<Map<string, StageInfo>> {
  await loadPipeline(tx, orgId, null); // creates the default pipeline on first use
  const map = new Map<string, StageInfo>();
  for (const row of await pipelinesRepository.list(tx, orgId)) {
    const pipeline = toPipelineDto(row);
    for (const stage of pipeline.stages) map.set(`${pipeline.id}:${stage.key}`, { stage, pipeline });
  }
  return map;
}

const stageKeyOf = (pipelineId: string, stageKey: string) => `${pipelineId}:${stageKey}`;

function moveRules(p: PipelineDto): PipelineMoveRules {
  return { stages: p.stages.map((s) => ({ key: s.key, type: s.type, entryCriteria: s.entryCriteria })), allowSkip: p.allowSkip, allowBackward: p.allowBackward };
}

/** The rotting condition (open deals idle longer than their stage's rotting days) for a list filter. */
function rottingCondition(table: Map<string, StageInfo>, now: Date): SQL {
  const byDays = new Map<number, { pipelineId: string; stageKey: string }[]>();
  for (const { stage, pipeline } of table.values()) {
    const days = effectiveRottingDays(stage.rottingDays);
    if (stage.type !== 'open' || days <= 0) continue;
    byDays.set(days, [...(byDays.get(days) ?? []), { pipelineId: pipeline.id, stageKey: stage.key }]);
  }
  const arms = [...byDays].map(([days, stages]) => dealsRepository.rottingArm(stages, new Date(now.getTime() - days * DAY_MS)));
  return arms.length ? or(...arms)! : sql`false`;
}

// ---------- DTOs ----------

function iso(d: Date): string;
function iso(d: Date | null): string | null;
function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** The board's card: the DTO without the fields only the detail needs. */
export function toDealCard(d: DealDto): DealCardDto {
  const { id, name, accountId, accountName, ownerId, ownerName, departmentId, pipelineId, stageKey, status, amount, weightedAmount, probability, currency, expectedCloseDate, closedAt, closeReason, lastUpdateAt, rotting, idleDays, version } = d;
  return { id, name, accountId, accountName, ownerId, ownerName, departmentId, pipelineId, stageKey, status, amount, weightedAmount, probability, currency, expectedCloseDate, closedAt, closeReason, lastUpdateAt, rotting, idleDays, version };
}

export function toDealDto(row: DealRow, stage: StageDefinition | undefined, now: Date): DealDto {
  const probability = stage?.probability ?? 0;
  return {
    id: row.id,
    name: row.name,
    accountId: row.accountId,
    accountName: row.accountName,
    contactIds: row.contactIds ?? [],
    pipelineId: row.pipelineId,
    stageKey: row.stageKey,
    stageEnteredAt: iso(row.stageEnteredAt),
    status: row.status,
    amount: row.amount,
    weightedAmount: row.amount === null ? null : weightedAmount(row.amount, probability),
    probability,
    currency: row.currency,
    expectedCloseDate: row.expectedCloseDate,
    product: row.product,
    source: row.source,
    description: row.description,
    closedAt: iso(row.closedAt),
    closeReason: row.closeReason,
    lastUpdateAt: iso(row.lastUpdateAt),
    rotting: isRotting({ status: row.status, lastUpdateAt: row.lastUpdateAt, rottingDays: stage?.rottingDays }, now),
    idleDays: idleDays(row.lastUpdateAt, now),
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    departmentId: row.departmentId,
    externalId: row.externalId,
    customFields: row.customFields ?? {},
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    deletedAt: iso(row.deletedAt),
    version: row.version,
  };
}

/** Amount masking (脱敏 'deals.amount') covers the weighted amount and totals derived from it. */
export function amountMasked(actor: Pick<Actor, 'fieldMasks'>, view: 'list' | 'detail'): boolean {
  return maskedFields(OBJECT_TYPE, actor.fieldMasks, view).some((f) => f.key === 'amount');
}

function maskMoney<T extends { amount: unknown; weightedAmount: unknown }>(actor: Pick<Actor, 'fieldMasks'>, view: 'list' | 'detail', value: T): T {
  if (!amountMasked(actor, view)) return value;
  const m = (v: unknown) => (v === null || v === undefined ? v : '***');
  return { ...value, amount: m(value.amount), weightedAmount: m(value.weightedAmount) };
}

function validationFailed(errors: FieldError[]): never {
  throw httpErrors.VALIDATION_FAILED({}, errors);
}

// ---------- the stage gate ----------

/** The facts the entry criteria look at: the deal's (edited) fields, its attachments' kinds, effective follow-ups. */
async function gatherFacts(
  tx: DbExecutor,
  orgId: string,
  deal: Pick<DealRow, 'id' | 'customFields'> & Partial<DealFields> & { ownerId?: string | null },
  notStoredYet = false,
): Promise<DealFacts> {
  const fields: Record<string, unknown> = {};
  for (const k of [...FIELD_KEYS, 'ownerId'] as const) fields[k] = (deal as Record<string, unknown>)[k];
  for (const [k, v] of Object.entries(deal.customFields ?? {})) fields[`cf.${k}`] = v;
  // a deal an import is about to insert has no attachments or follow-ups yet: two queries per row saved
  if (notStoredYet) return { fields, attachmentKinds: [], effectiveFollowUps: 0 };
  const attachmentKinds = await dealsRepository.attachmentKinds(tx, orgId, deal.id);
  const effectiveFollowUps = await dealsRepository.effectiveFollowUps(tx, orgId, deal.id);
  return { fields, attachmentKinds, effectiveFollowUps };
}

export interface StageGateInput {
  /** the deal as it will be after this write's field changes */
  deal: DealRow;
  pipeline: PipelineDto;
  toStage: string;
  via: StageMoveVia;
  /** an admin's historical import: criteria (and skipping) waived, recorded in history and audit */
  waiveCriteria?: boolean;
  /** the deal is not in the database yet (an import row): it has no attachments or follow-ups */
  notStoredYet?: boolean;
}

export interface StageGatePass {
  set: StageSet;
  fromStage: string;
  waived: boolean;
}

/**
 * THE stage gate. Returns what the move writes, null when the deal already is in that stage, or throws the
 * refusal. Pure of writes: callers apply `set` in their one UPDATE and then call recordStageMove.
 */
export async function gateStageMove(
  tx: DbExecutor,
  ctx: DealCommandContext,
  input: StageGateInput,
  labelsOf: (tx: DbExecutor, orgId: string) => Promise<FieldLabels>,
  at: Date,
): Promise<StageGatePass | null> {
  const { deal, pipeline, toStage, locale } = { ...input, locale: ctx.locale };
  const target = pipeline.stages.find((s) => s.key === toStage);
  if (!target) validationFailed([{ field: 'stageKey', message: dealFieldMessages.stageKey[locale] }]);
  if (toStage === deal.stageKey) return null;
  if (input.waiveCriteria && ctx.actor.roleKey !== 'admin') throw dealErrors.CRITERIA_WAIVER_FORBIDDEN();
  const facts = await gatherFacts(tx, ctx.actor.orgId, deal, input.notStoredYet);
  const labels = await labelsOf(tx, ctx.actor.orgId);
  const verdict = checkStageMove(moveRules(pipeline), deal.stageKey, toStage, facts, labels);
  let waived = false;
  if (!verdict.allowed) {
    const stageName = (key: string) => pipeline.stages.find((s) => s.key === key)?.name[locale] ?? key;
    const waivable = verdict.reason === 'criteria_unmet' || verdict.reason === 'skip_not_allowed';
    if (input.waiveCriteria && waivable) {
      waived = true;
    } else if (verdict.reason === 'criteria_unmet') {
      const unmet = verdict.unmet.map((u) => ({
        kind: u.criterion.kind,
        ...(u.field !== undefined ? { field: u.field } : {}),
        ...(u.criterion.kind === 'attachment' ? { attachmentKind: u.criterion.attachmentKind } : {}),
        ...(u.missing !== undefined ? { missing: u.missing } : {}),
        message: u.message[locale],
      }));
      const err = dealErrors.STAGE_CRITERIA_UNMET({ stage: stageName(toStage), unmet: unmet.map((u) => u.message).join(locale === 'en' ? '; ' : '；') });
      err.details = { toStage, unmet };
      throw err;
    } else if (verdict.reason === 'skip_not_allowed' || verdict.reason === 'backward_not_allowed') {
      const how =
        verdict.reason === 'skip_not_allowed' ? { 'zh-CN': '跳过阶段移动', en: 'skipping stages' } : { 'zh-CN': '退回', en: 'moving backwards' };
      const err = dealErrors.STAGE_MOVE_NOT_ALLOWED({ from: stageName(deal.stageKey), to: stageName(toStage), how: how[locale] });
      err.details = { fromStage: deal.stageKey, toStage, reason: verdict.reason };
      throw err;
    } else {
      // the deal's current stage is not in the pipeline (it was removed): treat as a field error
      validationFailed([{ field: 'stageKey', message: dealFieldMessages.stageKey[locale] }]);
    }
  }
  const closing = target.type !== 'open';
  if (closing && !isFilled(deal.closeReason)) {
    throw dealErrors.CLOSE_REASON_REQUIRED({}, [{ field: 'closeReason', message: dealFieldMessages.closeReason[locale] }]);
  }
  return {
    fromStage: deal.stageKey,
    waived,
    set: {
      stageKey: toStage,
      status: target.type,
      stageEnteredAt: at,
      closedAt: closing ? at : null,
      // reopening clears the old reason: closing again asks for a new one
      ...(closing ? {} : { closeReason: null }),
    },
  };
}

/** After the UPDATE of a gated move: history row, audit, lastUpdateAt, the account's last won date. */
export async function recordStageMove(
  tx: DbExecutor,
  ctx: DealCommandContext,
  before: DealRow,
  pass: StageGatePass,
  via: StageMoveVia,
  at: Date,
): Promise<void> {
  const { orgId } = ctx.actor;
  await dealsRepository.insertStageHistory(tx, {
    orgId,
    id: randomUUID(),
    dealId: before.id,
    pipelineId: before.pipelineId,
    fromStage: pass.fromStage,
    toStage: pass.set.stageKey,
    movedAt: at,
    movedBy: ctx.actor.userId,
    secondsInPrevious: Math.max(0, Math.floor((at.getTime() - before.stageEnteredAt.getTime()) / 1000)),
    via,
    criteriaWaived: pass.waived ? 1 : 0,
  });
  const changes: FieldChange[] = [
    ...diffFields<Record<string, unknown>>(
      { stageKey: pass.fromStage, status: before.status, closedAt: iso(before.closedAt) },
      { stageKey: pass.set.stageKey, status: pass.set.status, closedAt: iso(pass.set.closedAt) },
      ['stageKey', 'status', 'closedAt'],
    ),
    { field: 'via', old: null, new: via },
  ];
  if (pass.waived) changes.push({ field: 'criteriaWaived', old: null, new: true });
  await auditRepository.insert(tx, [{ ...ctx.audit, objectType: OBJECT_TYPE, recordId: before.id, action: 'stage', changes, occurredAt: at }]);
  await markDealUpdated(tx, orgId, before.id, at);
  if (pass.set.status === 'won' && before.accountId) {
    await dealsRepository.touchAccountDealDates(tx, orgId, before.accountId, at, 'won');
    await refreshReclaimDue(tx, orgId, [before.accountId], { now: at });
  }
}

// ---------- the service ----------

export function createDealsService(deps: DealsServiceDeps) {
  const repo = dealsRepository;
  const customFields = deps.customFields ?? createCustomFieldsService({ database: deps.database, clock: deps.clock });
  const now = () => deps.clock.now();
  const seesDeleted = (actor: Actor) => hasPermission(actor.permissions, OBJECT_TYPE, 'delete');

  async function fieldLabels(tx: DbExecutor, orgId: string): Promise<FieldLabels> {
    const labels: Record<string, { 'zh-CN': string; en: string }> = { ...dealFieldLabels };
    for (const d of await customFields.definitions(tx, orgId, OBJECT_TYPE)) labels[`cf.${d.key}`] = { 'zh-CN': d.labelZh, en: d.labelEn };
    return labels;
  }

  async function scopeOf(tx: DbExecutor, actor: Actor): Promise<{ scope: AccessScope; sql: SQL | undefined }> {
    const scope = await loadAccessScope(tx, actor);
    return { scope, sql: scopeFilter(dealScopeColumns, OBJECT_TYPE, scope) };
  }

  async function findVisible(tx: DbExecutor, actor: Actor, id: string, opts: { includeDeleted: boolean }): Promise<DealRow> {
    if (!isUuid(id)) throw dealErrors.DEAL_NOT_FOUND();
    const { sql: scope } = await scopeOf(tx, actor);
    const row = await repo.findById(tx, actor.orgId, id, { scope, includeDeleted: opts.includeDeleted });
    if (!row) throw dealErrors.DEAL_NOT_FOUND();
    return row;
  }

  async function reload(tx: DbExecutor, orgId: string, id: string): Promise<DealRow> {
    const row = await repo.findById(tx, orgId, id, { scope: undefined, includeDeleted: true });
    if (!row) throw dealErrors.DEAL_NOT_FOUND();
    return row;
  }

  async function findOwner(tx: DbExecutor, orgId: string, ownerId: string, locale: Locale) {
    const owner = await repo.findActiveUser(tx, orgId, ownerId);
    if (!owner) validationFailed([{ field: 'ownerId', message: dealFieldMessages.ownerId[locale] }]);
    return owner;
  }

  async function assertAccountVisible(tx: DbExecutor, actor: Actor, accountId: string, locale: Locale) {
    const scope = scopeFilter(accountScopeColumns, 'accounts', await loadAccessScope(tx, actor));
    if (!(await repo.findAccount(tx, actor.orgId, accountId, scope))) validationFailed([{ field: 'accountId', message: dealFieldMessages.accountId[locale] }]);
  }

  async function assertExternalIdFree(tx: DbExecutor, orgId: string, externalId: string | null | undefined, selfId: string | null, locale: Locale) {
    if (!externalId) return;
    const existing = await repo.findIdByExternalId(tx, orgId, externalId);
    if (existing && existing !== selfId) {
      throw dealErrors.EXTERNAL_ID_TAKEN({ externalId }, [{ field: 'externalId', message: dealFieldMessages.externalId[locale] }]);
    }
  }

  async function detailOf(tx: DbExecutor, actor: Actor, row: DealRow): Promise<DealDetailDto> {
    const table = await loadStageTable(tx, actor.orgId);
    const [history, effectiveFollowUps, attachmentKinds, team] = [
      await repo.stageHistory(tx, actor.orgId, row.id),
      await repo.effectiveFollowUps(tx, actor.orgId, row.id),
      await repo.attachmentKinds(tx, actor.orgId, row.id),
      await repo.team(tx, actor.orgId, row.id),
    ];
    const dto = maskMoney(actor, 'detail', toDealDto(row, table.get(stageKeyOf(row.pipelineId, row.stageKey))?.stage, now()));
    return {
      ...dto,
      stageHistory: history.map((h) => ({
        id: h.id,
        fromStage: h.fromStage,
        toStage: h.toStage,
        movedAt: iso(h.movedAt),
        movedBy: h.movedBy,
        movedByName: h.movedByName,
        secondsInPrevious: h.secondsInPrevious,
        via: h.via,
        criteriaWaived: h.criteriaWaived === 1,
      })),
      effectiveFollowUps,
      attachmentKinds: [...new Set(attachmentKinds)].sort(),
      team: team.map((t) => ({ ...t, creditPercent: Number(t.creditPercent) })),
    };
  }

  type EditInput = Omit<UpdateDealInput, 'version' | 'via'>;

  /** Normalises the edited standard fields ('' → null for texts). */
  function normalizeEdits(input: EditInput): Partial<DealFields> {
    const out: Record<string, unknown> = {};
    for (const k of FIELD_KEYS) {
      const v = (input as Record<string, unknown>)[k];
      if (v === undefined) continue;
      out[k] = typeof v === 'string' && v.trim() === '' && k !== 'name' ? null : v;
    }
    return out as Partial<DealFields>;
  }

  /**
   * One edit of a live deal in `tx`: fields first, then the stage move checked against them (one UPDATE), audit,
   * history. Used by PATCH and bulk.
   */
  async function updateWithin(tx: DbExecutor, ctx: DealCommandContext, before: DealRow, input: EditInput, version: number, via: StageMoveVia): Promise<DealRow> {
    const { actor, locale } = ctx;
    const at = now();
    const { input: edits } = dropMaskedEchoes(OBJECT_TYPE, input as Record<string, unknown>, { ...before }, actor.fieldMasks);
    const values = normalizeEdits(edits as EditInput);
    const cf = await customFields.validateInput(tx, actor, OBJECT_TYPE, input.customFields, { partial: true, existing: before.customFields, recordId: before.id, locale });
    if (cf.errors.length) validationFailed(cf.errors);
    if (before.version !== version) throw httpErrors.VERSION_CONFLICT();
    let ownerSet: { ownerId: string; departmentId: string | null } | undefined;
    if (input.ownerId !== undefined && input.ownerId !== before.ownerId) {
      if (!hasPermission(actor.permissions, OBJECT_TYPE, 'transfer')) throw httpErrors.FORBIDDEN();
      const owner = await findOwner(tx, actor.orgId, input.ownerId, locale);
      ownerSet = { ownerId: owner.id, departmentId: owner.departmentId };
    }
    if (values.accountId && values.accountId !== before.accountId) await assertAccountVisible(tx, actor, values.accountId, locale);
    const cfEdits = changedEdits(before.customFields, cf.values);
    const afterCustom = mergeCustomFields(before.customFields, cfEdits);
    const changes = diffFields<Record<string, unknown>>({ ...before }, { ...before, ...values, ...ownerSet }, AUDITED_FIELDS);
    const cfChanges = diffCustomFields(before.customFields, afterCustom);
    const after: DealRow = { ...before, ...values, ...ownerSet, customFields: afterCustom } as DealRow;
    let pass: StageGatePass | null = null;
    if (input.stageKey !== undefined && input.stageKey !== before.stageKey) {
      const pipeline = await loadPipeline(tx, actor.orgId, before.pipelineId);
      pass = await gateStageMove(tx, ctx, { deal: after, pipeline, toStage: input.stageKey, via }, fieldLabels, at);
    }
    if (changes.length === 0 && cfChanges.length === 0 && !pass) return before;
    const set: Record<string, unknown> = Object.fromEntries(changes.map((c) => [c.field, (after as unknown as Record<string, unknown>)[c.field]]));
    if (pass) Object.assign(set, pass.set);
    if (!(await repo.update(tx, actor.orgId, before.id, version, set, { actorId: actor.userId, now: at }))) throw httpErrors.VERSION_CONFLICT();
    await customFields.writeValues(tx, actor.orgId, OBJECT_TYPE, before.id, cfEdits);
    if (changes.length || cfChanges.length) {
      await auditRepository.insert(tx, [{ ...ctx.audit, objectType: OBJECT_TYPE, recordId: before.id, action: 'update', changes: [...changes, ...cfChanges], occurredAt: at }]);
    }
    if (pass) await recordStageMove(tx, ctx, after, pass, via, at);
    else await markDealUpdated(tx, actor.orgId, before.id, at);
    if (values.accountId && values.accountId !== before.accountId) {
      await repo.touchAccountDealDates(tx, actor.orgId, values.accountId, at, 'deal');
      await refreshReclaimDue(tx, actor.orgId, [values.accountId], { now: at });
    }
    return reload(tx, actor.orgId, before.id);
  }

  /** The list / board filters as SQL (scope included). */
  function filtersOf(scope: SQL | undefined, q: Partial<ListDealsQueryInput>, table: Map<string, StageInfo>): DealFilters {
    const month = q.closeMonth ? monthRange(q.closeMonth) : null;
    return {
      scope,
      q: q.q || undefined,
      ownerId: q.ownerId,
      departmentId: q.departmentId,
      pipelineId: q.pipelineId,
      stageKey: q.stageKey,
      status: q.status,
      accountId: q.accountId,
      closeMonth: month ?? undefined,
      rotting: q.rotting === 'true' ? rottingCondition(table, now()) : undefined,
      deleted: q.deleted === 'true',
    };
  }

  function stageTableRows(table: Map<string, StageInfo>) {
    return [...table.values()].map(({ stage, pipeline }) => ({ pipelineId: pipeline.id, stageKey: stage.key, probability: stage.probability }));
  }

  return {
    async list(actor: Actor, query: ListDealsQueryInput, locale: Locale): Promise<{ items: DealDto[]; nextCursor: string | null; totals: MoneyTotals | null }> {
      const order = query.order ?? 'desc';
      let after: { key: string; id: string } | undefined;
      if (query.cursor !== undefined) {
        const decoded = decodeCursor(query.cursor, { sort: query.sort, order, validKey: (k) => CURSOR_TIMESTAMP_RE.test(k) });
        if (!decoded) validationFailed([{ field: 'cursor', message: dealFieldMessages.cursor[locale] }]);
        after = { key: decoded.key, id: decoded.id };
      }
      const at = now();
      const { rows, totals, table } = await deps.database.withTenant(actor.orgId, async (tx) => {
        const table = await loadStageTable(tx, actor.orgId);
        const { sql: scope } = await scopeOf(tx, actor);
        const where = dealFilter(filtersOf(scope, query, table));
        const rows = await repo.list(tx, actor.orgId, { where, sort: query.sort, order, after, limit: query.limit + 1 });
        // totals of the whole filter: on the first page only (later pages of the same filter would repeat them)
        const totals = after ? null : addTotals(await repo.totalsByStage(tx, actor.orgId, where, stageTableRows(table)));
        return { rows, totals, table };
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => maskMoney(actor, 'list', toDealDto(r, table.get(stageKeyOf(r.pipelineId, r.stageKey))?.stage, at))),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ sort: query.sort, order, key: last.sortKey, id: last.id }) : null,
        totals: totals && maskMoney(actor, 'list', totals),
      };
    },

    async get(actor: Actor, id: string): Promise<DealDetailDto> {
      return deps.database.withTenant(actor.orgId, async (tx) => detailOf(tx, actor, await findVisible(tx, actor, id, { includeDeleted: seesDeleted(actor) })));
    },

    async create(ctx: DealCommandContext, input: CreateDealInput): Promise<DealDetailDto> {
      const { actor, locale } = ctx;
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const at = now();
        const pipeline = await loadPipeline(tx, actor.orgId, input.pipelineId ?? null);
        if (!pipeline.active) validationFailed([{ field: 'pipelineId', message: dealFieldMessages.pipelineId[locale] }]);
        const first = pipeline.stages.find((s) => s.type === 'open') ?? pipeline.stages[0]!;
        if (input.stageKey !== undefined && !pipeline.stages.some((s) => s.key === input.stageKey)) {
          validationFailed([{ field: 'stageKey', message: dealFieldMessages.stageKey[locale] }]);
        }
        const cf = await customFields.validateInput(tx, actor, OBJECT_TYPE, input.customFields, { partial: false, locale });
        if (cf.errors.length) validationFailed(cf.errors);
        const ownerId = input.ownerId ?? actor.userId;
        if (ownerId !== actor.userId && !hasPermission(actor.permissions, OBJECT_TYPE, 'transfer')) throw httpErrors.FORBIDDEN();
        const owner = await findOwner(tx, actor.orgId, ownerId, locale);
        if (input.accountId) await assertAccountVisible(tx, actor, input.accountId, locale);
        const externalId = input.externalId?.trim() || null;
        await assertExternalIdFree(tx, actor.orgId, externalId, null, locale);
        const values = normalizeEdits(input);
        const id = randomUUID();
        const fields: DealFields = {
          name: input.name,
          accountId: values.accountId ?? null,
          contactIds: values.contactIds ?? [],
          amount: values.amount ?? null,
          currency: values.currency ?? 'CNY',
          expectedCloseDate: values.expectedCloseDate ?? null,
          product: values.product ?? null,
          source: values.source ?? null,
          description: values.description ?? null,
          closeReason: values.closeReason ?? null,
        };
        await repo.insert(tx, { ...fields, orgId: actor.orgId, id, ownerId: owner.id, departmentId: owner.departmentId, pipelineId: pipeline.id, stageKey: first.key, status: first.type, externalId, actorId: actor.userId, now: at });
        await customFields.writeValues(tx, actor.orgId, OBJECT_TYPE, id, cf.values);
        await repo.insertStageHistory(tx, { orgId: actor.orgId, id: randomUUID(), dealId: id, pipelineId: pipeline.id, fromStage: null, toStage: first.key, movedAt: at, movedBy: actor.userId, secondsInPrevious: null, via: input.via ?? 'api', criteriaWaived: 0 });
        let created = await reload(tx, actor.orgId, id);
        await auditRepository.insert(tx, [
          {
            ...ctx.audit,
            objectType: OBJECT_TYPE,
            recordId: id,
            action: 'create',
            occurredAt: at,
            changes: [...diffFields<Record<string, unknown>>(null, { ...created }, [...AUDITED_FIELDS, 'stageKey', 'pipelineId'] as never), ...diffCustomFields(null, created.customFields)],
          },
        ]);
        // directly in a later stage: through the gate from the first stage
        if (input.stageKey !== undefined && input.stageKey !== first.key) {
          const pass = await gateStageMove(tx, ctx, { deal: created, pipeline, toStage: input.stageKey, via: input.via ?? 'api' }, fieldLabels, at);
          if (pass) {
            if (!(await repo.update(tx, actor.orgId, id, created.version, pass.set, { actorId: actor.userId, now: at }))) throw httpErrors.VERSION_CONFLICT();
            await recordStageMove(tx, ctx, created, pass, input.via ?? 'api', at);
            created = await reload(tx, actor.orgId, id);
          }
        }
        if (created.accountId) {
          await repo.touchAccountDealDates(tx, actor.orgId, created.accountId, at, 'deal');
          await refreshReclaimDue(tx, actor.orgId, [created.accountId], { now: at });
        }
        return detailOf(tx, actor, created);
      });
    },

    async update(ctx: DealCommandContext, id: string, input: UpdateDealInput): Promise<DealDetailDto> {
      const { version, via, ...edits } = input;
      return deps.database.withTenant(ctx.actor.orgId, async (tx) => {
        const before = await findVisible(tx, ctx.actor, id, { includeDeleted: false });
        const row = await updateWithin(tx, ctx, before, edits, version, via ?? 'api');
        return detailOf(tx, ctx.actor, row);
      });
    },

    /**
     * A stage change inside the caller's transaction (import, automation): the same gate. `waiveCriteria` is the
     * historical import's waiver (admins only; recorded in history and audit).
     */
    async changeStageWithin(
      tx: DbExecutor,
      ctx: DealCommandContext,
      dealId: string,
      toStage: string,
      opts: { via: StageMoveVia; closeReason?: string; waiveCriteria?: boolean },
    ): Promise<DealRow> {
      const before = await findVisible(tx, ctx.actor, dealId, { includeDeleted: false });
      const at = now();
      const after: DealRow = opts.closeReason !== undefined ? { ...before, closeReason: opts.closeReason } : before;
      const pipeline = await loadPipeline(tx, ctx.actor.orgId, before.pipelineId);
      const pass = await gateStageMove(tx, ctx, { deal: after, pipeline, toStage, via: opts.via, waiveCriteria: opts.waiveCriteria }, fieldLabels, at);
      if (!pass) return before;
      const set = opts.closeReason !== undefined && pass.set.status !== 'open' ? { ...pass.set, closeReason: opts.closeReason } : pass.set;
      if (!(await repo.update(tx, ctx.actor.orgId, dealId, before.version, set, { actorId: ctx.actor.userId, now: at }))) throw httpErrors.VERSION_CONFLICT();
      await recordStageMove(tx, ctx, after, pass, opts.via, at);
      return reload(tx, ctx.actor.orgId, dealId);
    },

    /** Bulk edit: each deal in its own short transaction through the same gate; partial success is reported. */
    async bulk(ctx: DealCommandContext, input: BulkDealsInput): Promise<{ results: { id: string; ok: boolean; error?: { code: string; message: string; details?: Record<string, unknown> } }[] }> {
      const results = [];
      for (const id of [...new Set(input.ids)]) {
        try {
          await deps.database.withTenant(ctx.actor.orgId, async (tx) => {
            const before = await findVisible(tx, ctx.actor, id, { includeDeleted: false });
            await updateWithin(tx, ctx, before, input.set, before.version, 'bulk');
          });
          results.push({ id, ok: true });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({
            id,
            ok: false,
            error: { code: err.code, message: err.localizedMessage(ctx.locale), ...(err.details ? { details: err.details } : {}) },
          });
        }
      }
      return { results };
    },

    async remove(ctx: DealCommandContext, id: string): Promise<void> {
      const { actor } = ctx;
      await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await findVisible(tx, actor, id, { includeDeleted: false });
        const at = now();
        if (!(await repo.setDeleted(tx, actor.orgId, id, true, { actorId: actor.userId, now: at }))) throw dealErrors.DEAL_NOT_FOUND();
        await auditRepository.insert(tx, [
          { ...ctx.audit, objectType: OBJECT_TYPE, recordId: id, action: 'delete', occurredAt: at, changes: diffFields<Record<string, unknown>>({ deletedAt: iso(before.deletedAt) }, { deletedAt: iso(at) }, ['deletedAt']) },
        ]);
      });
    },

    async restore(ctx: DealCommandContext, id: string): Promise<DealDetailDto> {
      const { actor } = ctx;
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await findVisible(tx, actor, id, { includeDeleted: true });
        if (before.deletedAt && (await repo.setDeleted(tx, actor.orgId, id, false, { actorId: actor.userId, now: now() }))) {
          await auditRepository.insert(tx, [
            { ...ctx.audit, objectType: OBJECT_TYPE, recordId: id, action: 'restore', occurredAt: now(), changes: [{ field: 'deletedAt', old: iso(before.deletedAt), new: null }] },
          ]);
        }
        return detailOf(tx, actor, await reload(tx, actor.orgId, id));
      });
    },

    /**
     * The kanban: per stage column the totals (count, amount, weighted) of all matching deals and the first 50
     * cards, most idle first. Open columns hold the open deals (with a close month: expected to close in it);
     * won/lost columns hold the deals closed in the close month, else in the last 30 days.
     */
    async board(actor: Actor, query: BoardQueryInput): Promise<BoardDto> {
      const at = now();
      const month = query.closeMonth ? monthRange(query.closeMonth) : null;
      // month boundaries in the organization's calendar (UTC+8)
      const closedFrom = month ? new Date(`${month.from}T00:00:00+08:00`) : new Date(at.getTime() - BOARD_CLOSED_DAYS * DAY_MS);
      const closedTo = month ? new Date(`${month.to}T00:00:00+08:00`) : new Date(at.getTime() + 1);
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const pipeline = await loadPipeline(tx, actor.orgId, query.pipelineId ?? null);
        const { sql: scope } = await scopeOf(tx, actor);
        const base = dealFilter({ scope, q: query.q || undefined, ownerId: query.ownerId, departmentId: query.departmentId, pipelineId: pipeline.id });
        const openCond = month
          ? and(eq(deals.status, 'open'), sql`${deals.expectedCloseDate} >= ${month.from} and ${deals.expectedCloseDate} < ${month.to}`)
          : eq(deals.status, 'open');
        // a closed deal's lastUpdateAt is at least its closedAt (closing marks it updated), so the redundant bound
        // lets deals_board_cover_idx (…, status, stage_key, last_update_at) range-scan instead of reading every closed deal
        const closedCond = and(sql`${deals.status} <> 'open'`, gte(deals.lastUpdateAt, closedFrom), repo.closedBetween(closedFrom, closedTo));
        const stageRows = pipeline.stages.map((s) => ({ pipelineId: pipeline.id, stageKey: s.key, probability: s.probability }));
        // open columns: one grouped query; each won/lost column: its own (equalities on status and stage, a range on lastUpdateAt)
        const totals = new Map((await repo.totalsByStage(tx, actor.orgId, and(base, openCond), stageRows)).map((t) => [t.stageKey, t]));
        for (const stage of pipeline.stages.filter((s) => s.type !== 'open')) {
          const where = and(base, eq(deals.status, stage.type), eq(deals.stageKey, stage.key), closedCond);
          for (const t of await repo.totalsByStage(tx, actor.orgId, where, stageRows)) totals.set(t.stageKey, t);
        }
        const cards = await repo.boardColumns(
          tx,
          actor.orgId,
          pipeline.id,
          pipeline.stages.map((stage) => ({ status: stage.type, stageKey: stage.key, where: and(base, stage.type === 'open' ? openCond : closedCond) })),
          BOARD_CARDS_PER_COLUMN + 1,
        );
        const columns = [];
        for (const stage of pipeline.stages) {
          const rows = cards.filter((r) => r.stageKey === stage.key);
          const t = totals.get(stage.key) ?? { count: 0, amount: 0, weightedAmount: 0 };
          columns.push({
            stageKey: stage.key,
            ...maskMoney(actor, 'list', { count: t.count, amount: t.amount as number | string | null, weightedAmount: t.weightedAmount as number | string | null }),
            deals: rows.slice(0, BOARD_CARDS_PER_COLUMN).map((r) => toDealCard(maskMoney(actor, 'list', toDealDto(r, stage, at)))),
            hasMore: rows.length > BOARD_CARDS_PER_COLUMN,
          });
        }
        return { pipeline, columns, closedFrom: closedFrom.toISOString(), closedTo: closedTo.toISOString() };
      });
    },

    /** Per stage of a pipeline: moves out, average and median days spent (from the stage history of visible deals). */
    async velocity(actor: Actor, pipelineId: string | undefined) {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const pipeline = await loadPipeline(tx, actor.orgId, pipelineId ?? null);
        const { sql: scope } = await scopeOf(tx, actor);
        const moves = await repo.stageMoves(tx, actor.orgId, pipeline.id, scope);
        return { pipelineId: pipeline.id, stages: stageVelocity(pipeline.stages.map((s) => s.key), moves) };
      });
    },
  };
}

export type DealsService = ReturnType<typeof createDealsService>;
