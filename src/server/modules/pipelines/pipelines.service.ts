/**
 * Pipelines (销售流程, PRODUCT.md 4.3): an admin configures several pipelines and their stages (order, names,
 * probability, forecast category, type, expected and rotting days, entry criteria, exit outputs). A pipeline is
 * one versioned, audited document; deals refer to a stage by its stable key.
 *
 * Every organization has a default pipeline, created lazily from DEFAULT_PIPELINE with an id derived from the
 * organization (`defaultPipelineId`), so concurrent first requests agree on it (INSERT … ON CONFLICT DO NOTHING).
 *
 * Other modules call `loadPipeline(tx, orgId, pipelineId | null)` inside their own transaction.
 *
 * Permissions: pipelines.view to read, pipelines.edit to create and change.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FieldChange } from '../../../core/audit/diff.js';
import { isUuid } from '../../../core/pagination/cursor.js';
import { DEFAULT_PIPELINE } from '../../../core/pipelines/defaultPipeline.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository, type AuditEventInput } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { pipelineErrors } from './pipelines.errors.js';
import { pipelinesRepository, type PipelineRow } from './pipelines.repository.js';
import type { CreatePipelineInput, PipelineDto, UpdatePipelineInput } from './pipelines.schemas.js';
import { assertValidPipeline } from './pipelines.validation.js';

const OBJECT_TYPE = 'pipelines';

/** The default pipeline's id is derived from the organization, so two transactions creating it lazily agree. */
export function defaultPipelineId(orgId: string): string {
  const h = createHash('sha256').update(`luodi-default-pipeline\u0000${orgId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function toPipelineDto(p: PipelineRow): PipelineDto {
  return {
    id: p.id,
    name: p.name,
    allowSkip: p.allowSkip,
    allowBackward: p.allowBackward,
    isDefault: p.isDefault,
    active: p.active,
    version: p.version,
    stages: p.stages,
  };
}

/** Creates the organization's default pipeline (DEFAULT_PIPELINE) if it has none. Safe under concurrency. */
export async function ensureDefaultPipeline(tx: DbExecutor, orgId: string, now?: Date): Promise<void> {
  if (await pipelinesRepository.hasDefault(tx, orgId)) return;
  await pipelinesRepository.insert(
    tx,
    {
      orgId,
      id: defaultPipelineId(orgId),
      name: DEFAULT_PIPELINE.name,
      stages: DEFAULT_PIPELINE.stages,
      allowSkip: DEFAULT_PIPELINE.allowSkip,
      allowBackward: DEFAULT_PIPELINE.allowBackward,
      isDefault: true,
      active: true,
      sortOrder: 0,
      actorId: null,
      ...(now ? { now } : {}),
    },
    { ifAbsent: true },
  );
}

/**
 * A pipeline for other modules (deals, board, import …), inside their transaction: `null` means the
 * organization's default pipeline (created on first use). Throws PIPELINE_NOT_FOUND for an unknown id.
 */
export async function loadPipeline(tx: DbExecutor, orgId: string, pipelineId: string | null): Promise<PipelineDto> {
  await ensureDefaultPipeline(tx, orgId);
  const row =
    pipelineId === null
      ? await pipelinesRepository.findDefault(tx, orgId)
      : isUuid(pipelineId)
        ? await pipelinesRepository.findById(tx, orgId, pipelineId)
        : undefined;
  if (!row) throw pipelineErrors.PIPELINE_NOT_FOUND();
  return toPipelineDto(row);
}

export interface PipelineCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface PipelinesServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
}

/** Fields compared for the audit log. */
const AUDITED_FIELDS = ['name', 'allowSkip', 'allowBackward', 'isDefault', 'active', 'stages'] as const;
type AuditedField = (typeof AUDITED_FIELDS)[number];
type Audited = Pick<PipelineRow, AuditedField>;

/** JSON with object keys sorted: jsonb does not keep key order, so documents are compared in this form. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function pipelineChanges(before: Audited | null, after: Audited): FieldChange[] {
  return AUDITED_FIELDS.filter((f) => !before || canonical(before[f]) !== canonical(after[f])).map((f) => ({ field: f, old: before ? before[f] : null, new: after[f] }));
}

export function createPipelinesService(deps: PipelinesServiceDeps) {
  const now = () => deps.clock.now();

  return {
    async list(actor: Actor): Promise<PipelineDto[]> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        await ensureDefaultPipeline(tx, actor.orgId, now());
        return (await pipelinesRepository.list(tx, actor.orgId)).map(toPipelineDto);
      });
    },

    async get(actor: Actor, pipelineId: string): Promise<PipelineDto> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        await ensureDefaultPipeline(tx, actor.orgId, now());
        const row = isUuid(pipelineId) ? await pipelinesRepository.findById(tx, actor.orgId, pipelineId) : undefined;
        if (!row) throw pipelineErrors.PIPELINE_NOT_FOUND();
        return toPipelineDto(row);
      });
    },

    async create(cmd: PipelineCommandContext, input: CreatePipelineInput): Promise<PipelineDto> {
      const { actor } = cmd;
      const at = now();
      const id = randomUUID();
      return deps.database.withTenant(actor.orgId, async (tx) => {
        await ensureDefaultPipeline(tx, actor.orgId, at);
        if (input.isDefault && !input.active) throw pipelineErrors.DEFAULT_PIPELINE_REQUIRED();
        await assertValidPipeline(tx, actor.orgId, input, cmd.locale);
        const sortOrder = await pipelinesRepository.nextSortOrder(tx, actor.orgId);
        await pipelinesRepository.insert(tx, { orgId: actor.orgId, id, ...input, sortOrder, actorId: actor.userId, now: at });
        const events: AuditEventInput[] = [
          {
            ...cmd.audit,
            objectType: OBJECT_TYPE,
            recordId: id,
            action: 'create',
            occurredAt: at,
            changes: pipelineChanges(null, input),
          },
        ];
        if (input.isDefault) {
          for (const other of await pipelinesRepository.unsetOtherDefaults(tx, actor.orgId, id, at)) {
            events.push({ ...cmd.audit, objectType: OBJECT_TYPE, recordId: other, action: 'update', occurredAt: at, changes: [{ field: 'isDefault', old: true, new: false }] });
          }
        }
        await auditRepository.insert(tx, events);
        return toPipelineDto((await pipelinesRepository.findById(tx, actor.orgId, id))!);
      });
    },

    async update(cmd: PipelineCommandContext, pipelineId: string, input: UpdatePipelineInput): Promise<PipelineDto> {
      const { actor } = cmd;
      const at = now();
      return deps.database.withTenant(actor.orgId, async (tx) => {
        await ensureDefaultPipeline(tx, actor.orgId, at);
        const current = isUuid(pipelineId) ? await pipelinesRepository.findById(tx, actor.orgId, pipelineId) : undefined;
        if (!current) throw pipelineErrors.PIPELINE_NOT_FOUND();
        if (current.version !== input.version) throw httpErrors.VERSION_CONFLICT();
        const next = {
          name: input.name ?? current.name,
          stages: input.stages ?? current.stages,
          allowSkip: input.allowSkip ?? current.allowSkip,
          allowBackward: input.allowBackward ?? current.allowBackward,
          isDefault: input.isDefault ?? current.isDefault,
          active: input.active ?? current.active,
        };
        if (current.isDefault && (!next.isDefault || !next.active)) throw pipelineErrors.DEFAULT_PIPELINE_REQUIRED();
        if (next.isDefault && !next.active) throw pipelineErrors.DEFAULT_PIPELINE_REQUIRED();
        await assertValidPipeline(tx, actor.orgId, next, cmd.locale);
        // a stage deals still use cannot disappear, nor change its type (deals.status mirrors it)
        const nextByKey = new Map(next.stages.map((s) => [s.key, s]));
        const touched = current.stages.filter((s) => nextByKey.get(s.key)?.type !== s.type);
        if (touched.length) {
          const counts = await pipelinesRepository.countDealsByStage(tx, actor.orgId, current.id, touched.map((s) => s.key));
          const inUse = touched.find((s) => (counts.get(s.key) ?? 0) > 0);
          if (inUse) {
            const params = { stage: inUse.name[cmd.locale] || inUse.key, count: counts.get(inUse.key)! };
            const err = nextByKey.has(inUse.key) ? pipelineErrors.STAGE_TYPE_IN_USE(params) : pipelineErrors.STAGE_IN_USE(params);
            err.details = { stageKey: inUse.key, count: params.count };
            throw err;
          }
        }
        if (!(await pipelinesRepository.update(tx, actor.orgId, current.id, input.version, { ...next, actorId: actor.userId, now: at }))) {
          throw httpErrors.VERSION_CONFLICT();
        }
        const events: AuditEventInput[] = [];
        const changes = pipelineChanges(current, next);
        if (changes.length) events.push({ ...cmd.audit, objectType: OBJECT_TYPE, recordId: current.id, action: 'update', occurredAt: at, changes });
        if (next.isDefault && !current.isDefault) {
          for (const other of await pipelinesRepository.unsetOtherDefaults(tx, actor.orgId, current.id, at)) {
            events.push({ ...cmd.audit, objectType: OBJECT_TYPE, recordId: other, action: 'update', occurredAt: at, changes: [{ field: 'isDefault', old: true, new: false }] });
          }
        }
        await auditRepository.insert(tx, events);
        return toPipelineDto((await pipelinesRepository.findById(tx, actor.orgId, current.id))!);
      });
    },
  };
}

export type PipelinesService = ReturnType<typeof createPipelinesService>;
