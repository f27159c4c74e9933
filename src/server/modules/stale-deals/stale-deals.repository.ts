import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/database.js';
import { deals, departments, notifications, organizations, pipelines, users } from '../../platform/db/schema.js';

export interface StaleCandidate {
  id: string;
  name: string;
  ownerId: string | null;
  managerId: string | null;
  pipelineId: string;
  stageKey: string;
  status: 'open' | 'won' | 'lost';
  lastUpdateAt: Date;
  /** last_update_at as UTC text with microseconds (exact guard and keyset) */
  lastUpdateKey: string;
}

/** A stage's rotting cutoff: deals in it last updated before `cutoff` are stale; null: detection off. */
export interface StageCutoff {
  pipelineId: string;
  stageKey: string;
  cutoff: Date | null;
}

const uuidArray = (values: readonly string[]) => sql`${sql.param([...values])}::uuid[]`;

function rowsOf<R>(result: unknown): R[] {
  return Array.isArray(result) ? (result as R[]) : ((result as { rows: R[] }).rows ?? []);
}

export const staleDealsRepository = {
  async listOrgIds(tx: DbExecutor): Promise<string[]> {
    const rows = await tx.select({ id: organizations.id }).from(organizations).orderBy(asc(organizations.id));
    return rows.map((r) => r.id);
  },

  /** Every pipeline's stages (active or not: their deals still rot). */
  async listPipelineStages(tx: DbExecutor, orgId: string): Promise<{ id: string; stages: Record<string, unknown>[] }[]> {
    return tx.select({ id: pipelines.id, stages: pipelines.stages }).from(pipelines).where(eq(pipelines.orgId, orgId));
  },

  /**
   * Open deals past their stage's cutoff that are not yet marked, oldest update first, after the keyset position.
   * The range `status = 'open' and last_update_at < latestCutoff` is the deals_stale_idx (org_id, status,
   * last_update_at) range; the per-stage cutoffs (`rules`; stages not listed use `defaultCutoff`) filter within it.
   */
  async findCandidates(
    tx: DbExecutor,
    orgId: string,
    q: { rules: StageCutoff[]; defaultCutoff: Date; latestCutoff: Date; after?: { key: string; id: string }; limit: number },
  ): Promise<StaleCandidate[]> {
    const values = [
      sql`(null::uuid, null::text, null::timestamptz)`,
      ...q.rules.map((r) => sql`(${r.pipelineId}::uuid, ${r.stageKey}::text, ${r.cutoff ? r.cutoff.toISOString() : null}::timestamptz)`),
    ];
    const result = await tx.execute(sql`
      with rules(pipeline_id, stage_key, cutoff) as (values ${sql.join(values, sql`, `)})
      select d.id, d.name, d.owner_id, dep.manager_id, d.pipeline_id, d.stage_key, d.status, d.last_update_at,
        to_char(d.last_update_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as last_update_key
      from ${deals} d
      left join rules r on r.pipeline_id = d.pipeline_id and r.stage_key = d.stage_key
      left join ${departments} dep on dep.org_id = d.org_id and dep.id = d.department_id
      where d.org_id = ${orgId} and d.status = 'open' and d.last_update_at < ${q.latestCutoff.toISOString()}::timestamptz
        and d.rotting_since is null and d.deleted_at is null
        and ((r.stage_key is null and d.last_update_at < ${q.defaultCutoff.toISOString()}::timestamptz) or d.last_update_at < r.cutoff)
        ${q.after ? sql`and (d.last_update_at, d.id) > (${q.after.key}::timestamptz, ${q.after.id}::uuid)` : sql``}
      order by d.last_update_at, d.id
      limit ${q.limit}`);
    return rowsOf<{
      id: string;
      name: string;
      owner_id: string | null;
      manager_id: string | null;
      pipeline_id: string;
      stage_key: string;
      status: 'open' | 'won' | 'lost';
      last_update_at: Date | string;
      last_update_key: string;
    }>(result).map((r) => ({
      id: r.id,
      name: r.name,
      ownerId: r.owner_id,
      managerId: r.manager_id,
      pipelineId: r.pipeline_id,
      stageKey: r.stage_key,
      status: r.status,
      lastUpdateAt: new Date(`${r.last_update_key.slice(0, 23)}Z`),
      lastUpdateKey: r.last_update_key,
    }));
  },

  /** Marks the deals rotting if still unmarked and not updated since they were read; returns the ids marked. */
  async markRotting(tx: DbExecutor, orgId: string, rows: { id: string; lastUpdateKey: string }[], now: Date): Promise<string[]> {
    if (rows.length === 0) return [];
    const result = await tx.execute(sql`
      update ${deals} as d set rotting_since = ${now.toISOString()}::timestamptz
      from unnest(${uuidArray(rows.map((r) => r.id))}, ${sql.param(rows.map((r) => r.lastUpdateKey))}::timestamptz[]) as v(id, last_update_at)
      where d.org_id = ${orgId} and d.id = v.id and d.last_update_at = v.last_update_at and d.rotting_since is null
      returning d.id`);
    return rowsOf<{ id: string }>(result).map((r) => r.id);
  },

  async findUsers(tx: DbExecutor, orgId: string, ids: string[]): Promise<{ id: string; displayName: string; status: string; locale: string | null }[]> {
    if (ids.length === 0) return [];
    return tx
      .select({ id: users.id, displayName: users.displayName, status: users.status, locale: users.locale })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, ids)));
  },

  /** Inserts the notifications whose (user, dedupe key) is new; returns those inserted. */
  async insertNotificationsOnce(tx: DbExecutor, rows: (typeof notifications.$inferInsert & { dedupeKey: string })[]) {
    if (rows.length === 0) return [];
    return tx.insert(notifications).values(rows).onConflictDoNothing().returning();
  },
};

export type StaleDealsRepository = typeof staleDealsRepository;
