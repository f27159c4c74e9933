/**
 * `npm start`: one process serving the API and the built web app, on embedded PGlite (./data) or on the
 * PostgreSQL server named by DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { DataDirLockedError, openDatabase } from './platform/db/database.js';
import { systemClock, type AppDeps } from './platform/deps.js';
import { startBackgroundWork } from './platform/background.js';
import { createEventBus } from './platform/events/eventBus.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const deps: AppDeps = {
    config,
    database,
    clock: systemClock,
    instanceId: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`,
    events: createEventBus(database),
  };
  const app = await buildApp(deps, { logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] }, serveWeb: true });
  const background = await startBackgroundWork(deps, app.log);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close(); // stop accepting, finish in-flight requests
      await background.stop();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: database.kind, port: config.port }, 'Luodi is running');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(`luodi: ${err.message}`);
  } else {
    console.error('luodi: failed to start:', err);
  }
  process.exit(1);
});
