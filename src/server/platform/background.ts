/**
 * Background work of one app instance: the job queue workers and the slot scheduler (platform/jobs).
 * Off when LUODI_JOBS=off (e.g. web-only instances; tests).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from './deps.js';
import { createJobs, jobModules, type Jobs } from './jobs/index.js';

export interface BackgroundWork {
  /** the instance's job queue, when jobs are enabled */
  jobs?: Jobs;
  /** stops scheduling and polling, waits for running jobs to finish */
  stop(): Promise<void>;
}

export async function startBackgroundWork(deps: AppDeps, log: FastifyBaseLogger): Promise<BackgroundWork> {
  if (!deps.config.jobsEnabled) {
    log.info('background jobs are off (LUODI_JOBS=off)');
    return { stop: async () => {} };
  }
  const jobs = createJobs({ ...deps, logger: deps.logger ?? log });
  for (const registerJobs of jobModules) registerJobs(jobs, deps);
  await jobs.start();
  log.info({ jobs: jobs.names }, 'background jobs started');
  return { jobs, stop: () => jobs.stop() };
}
