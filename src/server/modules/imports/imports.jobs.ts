/**
 * The import job: `imports.run` { orgId, importId } runs (or resumes) an import on whichever instance picks
 * it up; a crashed run is retried by pg-boss and continues after the committed rows. Without a job queue
 * (LUODI_JOBS=off: tests, web-only instances) the import runs in this process.
 */
import type { Database } from '../../platform/db/database.js';
import type { AppDeps } from '../../platform/deps.js';
import type { Jobs } from '../../platform/jobs/jobs.js';
import { runImport, type ImportRunDeps } from './imports.processor.js';
import { importPorts } from './imports.wiring.js';

export const IMPORT_JOB = 'imports.run';

const queues = new WeakMap<Database, Jobs>();

export function importRunDeps(deps: Pick<AppDeps, 'database' | 'clock' | 'logger'>, extra: Partial<ImportRunDeps> = {}): ImportRunDeps {
  return { database: deps.database, clock: deps.clock, log: deps.logger, ...importPorts(deps), ...extra };
}

export function registerImportJobs(jobs: Jobs, deps: AppDeps): void {
  jobs.register<{ orgId: string; importId: string }>(
    IMPORT_JOB,
    async ({ data }) => {
      const job = await runImport(importRunDeps(deps), data.orgId, data.importId);
      return { status: job?.status ?? 'missing' };
    },
    // long runs hold no transaction between batches; a retry resumes after committed_rows
    { transaction: false, retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 4 * 3600 },
  );
  queues.set(deps.database, jobs);
}

/** Queues the run of an import, or runs it in this process when there is no job queue. */
export function importDispatcher(deps: Pick<AppDeps, 'database' | 'clock' | 'logger'>) {
  return async (orgId: string, importId: string): Promise<void> => {
    const jobs = queues.get(deps.database);
    if (jobs) {
      try {
        await jobs.send(IMPORT_JOB, { orgId, importId });
        return;
      } catch (err) {
        deps.logger?.warn({ err, importId }, 'job queue unavailable; running the import in this process');
      }
    }
    setImmediate(() => {
      runImport(importRunDeps(deps), orgId, importId).catch((err: unknown) => deps.logger?.error({ err, importId }, 'import failed'));
    });
  };
}
