/**
 * Housekeeping jobs of the platform. Each runs once per slot across all app instances (see jobs.ts).
 */
import type { AppDeps } from '../deps.js';
import type { Jobs } from './jobs.js';
import { housekeepingRepository } from './jobs.repository.js';

/** failed sign-ins only matter for the rate limit window */
export const SIGN_IN_FAILURE_RETENTION_MS = 60 * 60 * 1000;

export function registerSystemJobs(jobs: Jobs, deps: Pick<AppDeps, 'database'>): void {
  jobs.register('prune-sign-in-failures', async ({ tx, now }) => ({
    deleted: await housekeepingRepository.deleteSignInFailuresBefore(tx, new Date(now.getTime() - SIGN_IN_FAILURE_RETENTION_MS)),
  }));
  jobs.schedule('prune-sign-in-failures', '*/10 * * * *');

  // sessions of every organization: a system transaction (owner role) spans all tenants
  jobs.register('prune-expired-sessions', async ({ tx, now }) => ({
    deleted: await housekeepingRepository.deleteSessionsExpiredBefore(tx, now),
  }));
  jobs.schedule('prune-expired-sessions', '17 * * * *');

  // PostgreSQL servers keep statistics fresh with autovacuum; embedded PGlite has none, and without statistics
  // the planner picks full scans for lists and searches (measured: ~2 s instead of ~10 ms per list at 100k accounts).
  if (deps.database.kind === 'pglite') {
    jobs.register('refresh-planner-statistics', async ({ tx }) => {
      await housekeepingRepository.analyzeAllTables(tx);
      return { analyzed: true };
    });
    jobs.schedule('refresh-planner-statistics', '41 * * * *');
  }
}
