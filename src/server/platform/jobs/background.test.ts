import { describe, expect, it } from 'vitest';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { startBackgroundWork } from '../background.js';
import { loadConfig } from '../config.js';
import { ManualClock, type AppDeps } from '../deps.js';

const silent = { info() {}, warn() {}, error() {}, debug() {}, fatal() {}, trace() {}, child: () => silent, level: 'silent', silent() {} };

describe(`background work on ${testDatabaseKind()}`, () => {
  async function deps(jobs: 'on' | 'off'): Promise<AppDeps> {
    const config = loadConfig({ LUODI_JOBS: jobs, DATABASE_URL: process.env.TEST_DATABASE_URL ?? '' });
    return { config, database: await getTestDatabase(), clock: new ManualClock(), instanceId: 'background-test' };
  }

  it('starts the job queue with the system jobs and stops it', async () => {
    const work = await startBackgroundWork(await deps('on'), silent as never);
    expect(work.jobs?.names).toEqual(expect.arrayContaining(['prune-sign-in-failures', 'prune-expired-sessions']));
    await work.stop();
    await expect(work.jobs!.send('prune-expired-sessions')).rejects.toThrow(/stopped/);
  });

  it('does nothing when LUODI_JOBS=off', async () => {
    const work = await startBackgroundWork(await deps('off'), silent as never);
    expect(work.jobs).toBeUndefined();
    await work.stop();
  });
});
