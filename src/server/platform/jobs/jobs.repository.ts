import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbExecutor } from '../db/database.js';
import { jobRuns, sessions, signInFailures } from '../db/schema.js';

export interface JobRunKey {
  orgId: string;
  jobName: string;
  slot: string;
}

/** `job_runs`: one row per (org, job, slot) — the guard that makes a scheduled slot run once. */
export const jobRunsRepository = {
  /**
   * Claims a slot: `INSERT … ON CONFLICT DO NOTHING`. True when this call inserted the row. On PostgreSQL
   * a concurrent claim of the same slot waits for the first transaction and then gets false (or true if
   * the first one rolled back).
   */
  async claim(tx: DbExecutor, key: JobRunKey, instanceId: string, startedAt: Date): Promise<boolean> {
    const rows = await tx
      .insert(jobRuns)
      .values({ ...key, instanceId, startedAt })
      .onConflictDoNothing()
      .returning({ slot: jobRuns.slot });
    return rows.length === 1;
  },

  async finish(tx: DbExecutor, key: JobRunKey, finishedAt: Date, result: unknown): Promise<void> {
    await tx
      .update(jobRuns)
      .set({ finishedAt, result: result === undefined ? null : (result as object) })
      .where(and(eq(jobRuns.orgId, key.orgId), eq(jobRuns.jobName, key.jobName), eq(jobRuns.slot, key.slot)));
  },

  /** Gives an unfinished claim back (the run failed), so a retry of the slot can run. */
  async release(tx: DbExecutor, key: JobRunKey, instanceId: string): Promise<void> {
    await tx
      .delete(jobRuns)
      .where(
        and(
          eq(jobRuns.orgId, key.orgId),
          eq(jobRuns.jobName, key.jobName),
          eq(jobRuns.slot, key.slot),
          eq(jobRuns.instanceId, instanceId),
          isNull(jobRuns.finishedAt),
        ),
      );
  },

  async exists(tx: DbExecutor, key: JobRunKey): Promise<boolean> {
    const rows = await tx
      .select({ one: sql<number>`1` })
      .from(jobRuns)
      .where(and(eq(jobRuns.orgId, key.orgId), eq(jobRuns.jobName, key.jobName), eq(jobRuns.slot, key.slot)))
      .limit(1);
    return rows.length > 0;
  },

  async listByJob(tx: DbExecutor, orgId: string, jobName: string) {
    return tx
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.orgId, orgId), eq(jobRuns.jobName, jobName)))
      .orderBy(jobRuns.slot);
  },
};

async function countDeleted(tx: DbExecutor, statement: SQL): Promise<number> {
  const res = (await tx.execute(statement)) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0]?.n ?? 0);
}

/** Housekeeping of the system tables (run by the system jobs in a system transaction). */
export const housekeepingRepository = {
  /** Deletes sign-in failures recorded before `before`; returns how many. */
  async deleteSignInFailuresBefore(tx: DbExecutor, before: Date): Promise<number> {
    return countDeleted(
      tx,
      sql`with d as (delete from ${signInFailures} where ${signInFailures.failedAt} < ${before} returning 1) select count(*)::int as n from d`,
    );
  },

  /** Deletes sessions of every organization that expired before `now`; returns how many. */
  async deleteSessionsExpiredBefore(tx: DbExecutor, now: Date): Promise<number> {
    return countDeleted(
      tx,
      sql`with d as (delete from ${sessions} where ${sessions.expiresAt} < ${now} returning 1) select count(*)::int as n from d`,
    );
  },

  /** Refreshes the planner's statistics of every table (embedded PGlite has no autovacuum to do it). */
  async analyzeAllTables(tx: DbExecutor): Promise<void> {
    await tx.execute(sql`analyze`);
  },
};
