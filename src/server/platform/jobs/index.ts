/**
 * The job modules: each registers (and schedules) its jobs on the instance's job queue before it starts.
 * One line per module, like modules/index.ts. A module's register function:
 *   export function registerReminderJobs(jobs: Jobs, deps: AppDeps) { jobs.register(…); jobs.schedule(…); }
 */
import type { AppDeps } from '../deps.js';
import type { Jobs } from './jobs.js';
import { registerSystemJobs } from './systemJobs.js';
import { registerImportJobs } from '../../modules/imports/imports.jobs.js';
import { registerPoolJobs } from '../../modules/pools/pools.reclaim.js';
import { registerDuplicateJobs } from '../../modules/duplicates/duplicates.jobs.js';
import { registerTierJobs } from '../../modules/tiers/tiers.jobs.js';
import { registerStaleDealJobs } from '../../modules/stale-deals/stale-deals.job.js';
import { registerTaskJobs } from '../../modules/tasks/tasks.reminders.js';

export type JobModule = (jobs: Jobs, deps: AppDeps) => void;

export const jobModules: JobModule[] = [registerSystemJobs, registerPoolJobs, registerImportJobs, registerDuplicateJobs, registerTierJobs, registerStaleDealJobs, registerTaskJobs];

export { createJobs, SYSTEM_ORG_ID, type Jobs, type JobContext, type TxJobContext, type RegisterOptions } from './jobs.js';
