import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { deals, pipelines } from '../../platform/db/schema.js';
import type { StageDefinition } from '../../../core/pipelines/defaultPipeline.js';
import type { Localized } from '../../../core/imports/rows.js';

export interface PipelineRow {
  id: string;
  name: Localized;
  stages: StageDefinition[];
  allowSkip: boolean;
  allowBackward: boolean;
  isDefault: boolean;
  active: boolean;
  sortOrder: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const toRow = (r: typeof pipelines.$inferSelect): PipelineRow => ({
  id: r.id,
  name: r.name,
  stages: r.stages as unknown as StageDefinition[],
  allowSkip: r.allowSkip === 1,
  allowBackward: r.allowBackward === 1,
  isDefault: r.isDefault === 1,
  active: r.active === 1,
  sortOrder: r.sortOrder,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  version: r.version,
});

export interface PipelineWrite {
  name: Localized;
  stages: StageDefinition[];
  allowSkip: boolean;
  allowBackward: boolean;
  isDefault: boolean;
  active: boolean;
}

export const pipelinesRepository = {
  async list(tx: DbExecutor, orgId: string): Promise<PipelineRow[]> {
    const rows = await tx
      .select()
      .from(pipelines)
      .where(eq(pipelines.orgId, orgId))
      .orderBy(sql`${pipelines.isDefault} desc`, asc(pipelines.sortOrder), asc(pipelines.createdAt), asc(pipelines.id));
    return rows.map(toRow);
  },

  async findById(tx: DbExecutor, orgId: string, id: string): Promise<PipelineRow | undefined> {
    const rows = await tx.select().from(pipelines).where(and(eq(pipelines.orgId, orgId), eq(pipelines.id, id))).limit(1);
    return rows[0] ? toRow(rows[0]) : undefined;
  },

  async findDefault(tx: DbExecutor, orgId: string): Promise<PipelineRow | undefined> {
    const rows = await tx
      .select()
      .from(pipelines)
      .where(and(eq(pipelines.orgId, orgId), eq(pipelines.isDefault, 1)))
      .orderBy(asc(pipelines.createdAt), asc(pipelines.id))
      .limit(1);
    return rows[0] ? toRow(rows[0]) : undefined;
  },

  async hasDefault(tx: DbExecutor, orgId: string): Promise<boolean> {
    const rows = await tx.select({ id: pipelines.id }).from(pipelines).where(and(eq(pipelines.orgId, orgId), eq(pipelines.isDefault, 1))).limit(1);
    return rows.length > 0;
  },

  /** Inserts a pipeline; with `ifAbsent`, a pipeline with the same id is left alone (the lazily created default one). */
  async insert(
    tx: DbExecutor,
    row: PipelineWrite & { orgId: string; id: string; sortOrder: number; actorId: string | null; now?: Date },
    opts: { ifAbsent?: boolean } = {},
  ): Promise<void> {
    const q = tx.insert(pipelines).values({
      orgId: row.orgId,
      id: row.id,
      name: row.name,
      stages: row.stages as unknown as Record<string, unknown>[],
      allowSkip: row.allowSkip ? 1 : 0,
      allowBackward: row.allowBackward ? 1 : 0,
      isDefault: row.isDefault ? 1 : 0,
      active: row.active ? 1 : 0,
      sortOrder: row.sortOrder,
      ...(row.now ? { createdAt: row.now, updatedAt: row.now } : {}),
      createdBy: row.actorId,
      updatedBy: row.actorId,
    });
    if (opts.ifAbsent) await q.onConflictDoNothing();
    else await q;
  },

  /** Writes the new document if the version still matches; false when someone else changed it first. */
  async update(
    tx: DbExecutor,
    orgId: string,
    id: string,
    expectedVersion: number,
    row: PipelineWrite & { actorId: string | null; now: Date },
  ): Promise<boolean> {
    const updated = await tx
      .update(pipelines)
      .set({
        name: row.name,
        stages: row.stages as unknown as Record<string, unknown>[],
        allowSkip: row.allowSkip ? 1 : 0,
        allowBackward: row.allowBackward ? 1 : 0,
        isDefault: row.isDefault ? 1 : 0,
        active: row.active ? 1 : 0,
        updatedAt: row.now,
        updatedBy: row.actorId,
        version: sql`${pipelines.version} + 1`,
      })
      .where(and(eq(pipelines.orgId, orgId), eq(pipelines.id, id), eq(pipelines.version, expectedVersion)))
      .returning({ id: pipelines.id });
    return updated.length > 0;
  },

  /** Clears the default flag on every other pipeline (a new default was chosen). */
  async unsetOtherDefaults(tx: DbExecutor, orgId: string, keepId: string, now: Date): Promise<string[]> {
    const rows = await tx
      .update(pipelines)
      .set({ isDefault: 0, updatedAt: now, version: sql`${pipelines.version} + 1` })
      .where(and(eq(pipelines.orgId, orgId), eq(pipelines.isDefault, 1), sql`${pipelines.id} <> ${keepId}`))
      .returning({ id: pipelines.id });
    return rows.map((r) => r.id);
  },

  async nextSortOrder(tx: DbExecutor, orgId: string): Promise<number> {
    const rows = await tx
      .select({ max: sql<number>`coalesce(max(${pipelines.sortOrder}), 0)::int` })
      .from(pipelines)
      .where(eq(pipelines.orgId, orgId));
    return (rows[0]?.max ?? 0) + 1;
  },

  /** How many deals (open or closed, not deleted) sit in each of the given stages of a pipeline. */
  async countDealsByStage(tx: DbExecutor, orgId: string, pipelineId: string, stageKeys: readonly string[]): Promise<Map<string, number>> {
    if (stageKeys.length === 0) return new Map();
    const rows = await tx
      .select({ stageKey: deals.stageKey, n: sql<number>`${count()}::int` })
      .from(deals)
      .where(and(eq(deals.orgId, orgId), eq(deals.pipelineId, pipelineId), inArray(deals.stageKey, [...stageKeys]), isNull(deals.deletedAt)))
      .groupBy(deals.stageKey);
    return new Map(rows.map((r) => [r.stageKey, Number(r.n)]));
  },
};
