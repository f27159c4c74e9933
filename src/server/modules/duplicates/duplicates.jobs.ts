/**
 * `backfill-name-keys` (every 10 minutes, once per slot across instances): fills accounts.name_key where it
 * is missing (accounts written before duplicate detection, or by raw seeds), up to 20,000 rows per run.
 * Everything the app writes keeps name_key itself.
 */
import type { AppDeps } from '../../platform/deps.js';
import type { Jobs } from '../../platform/jobs/jobs.js';
import { backfillNameKeys } from './duplicates.service.js';

export function registerDuplicateJobs(jobs: Jobs, _deps: Pick<AppDeps, 'database'>): void {
  jobs.register('backfill-name-keys', async ({ tx }) => ({ filled: await backfillNameKeys(tx, { maxRows: 20_000 }) }));
  jobs.schedule('backfill-name-keys', '*/10 * * * *');
}
