/**
 * `npm run luodi -- <command>`: operator commands (migrate, demo data, first admin, backup, restore).
 * Uses the same configuration as the server: DATABASE_URL → PostgreSQL, else embedded PGlite in
 * LUODI_DATA_DIR (whose lock makes the CLI refuse while the server is running on it).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig } from '../platform/config.js';
import { DataDirLockedError, openDatabase, type Database } from '../platform/db/database.js';
import { MIN_PASSWORD_LENGTH } from '../platform/auth/passwords.js';
import { randomSecret } from '../platform/auth/tokens.js';
import { AppError } from '../platform/http/errors.js';
import { createOrganization } from '../modules/organizations/organizations.service.js';
import { seedDemoWithReport, type DemoSize } from '../seed/demo.js';
import { BackupError, backupDatabase, localMigrations, readBackupHeader, restoreDatabase } from './backup.js';

class UsageError extends Error {}

const HELP = `Luodi (落地) command line — npm run luodi -- <command> [options]

Commands:
  migrate                          apply database migrations
  seed demo [--size small|large]   load the demo organization 落地演示科技有限公司 (default: small;
                                   large = 100,000 accounts for benchmarks); a no-op when it exists
  create-admin --org-name <name> --name <name> (--email <e> | --mobile <m>) [--password <p>]
                                   create an organization and its administrator
                                   (a password is generated and printed when not given)
  backup <file>                    write every row of every table, all organizations, to <file>
                                   (gzip'ed JSON lines; restorable on PGlite or PostgreSQL)
  restore <file> [--force]         restore a backup into an empty database
                                   (--force deletes all existing Luodi data first)
  help                             show this text

The database is chosen like the server: DATABASE_URL (PostgreSQL) or else the embedded database in
LUODI_DATA_DIR (default ./data), which must not be in use by a running server.`;

function parse(args: string[], options: ParseArgsConfig['options'], positionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length !== positionals) {
    throw new UsageError(
      positionals === 0 ? `unexpected argument ${parsed.positionals[0]}` : `expected ${positionals} argument(s)`,
    );
  }
  return parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] };
}

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const where = () => {
  const config = loadConfig();
  return config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function migrateCommand(args: string[]) {
  parse(args, {}, 0);
  await withDatabase(async (database) => {
    await database.migrate();
    const all = localMigrations();
    console.log(`migrated ${where()}: ${all.length} migrations, latest ${all[all.length - 1]?.tag}`);
  });
}

async function seedCommand(args: string[]) {
  const { values, positionals } = parse(args, { size: { type: 'string', default: 'small' } }, 1);
  if (positionals[0] !== 'demo') throw new UsageError(`unknown seed "${positionals[0]}" (try: seed demo)`);
  const size = values.size as string;
  if (size !== 'small' && size !== 'large') throw new UsageError('--size must be small or large');
  await withDatabase(async (database) => {
    await database.migrate();
    let lastPrinted = 0;
    const report = await seedDemoWithReport(database, {
      size: size as DemoSize,
      onSalesProgress: (step) => process.stdout.write(`  ${step}\n`),
      onProgress: (done, total) => {
        if (total >= 10_000 && done - lastPrinted >= 10_000) {
          lastPrinted = done;
          process.stdout.write(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} accounts\n`);
        }
      },
    });
    if (!report.created) {
      console.log(`the ${size} demo organization already exists in ${where()} (org ${report.orgId})${report.sales.created ? '' : '; nothing to do'}`);
    } else {
      const c = report.counts;
      console.log(
        `seeded the ${size} demo into ${where()} in ${seconds(report.ms)}: ${c.departments} departments, ` +
          `${c.users} users, ${c.accounts.toLocaleString('en')} accounts, ${c.auditEvents.toLocaleString('en')} audit events`,
      );
    }
    if (report.sales.created) {
      const sc = report.sales.counts;
      console.log(
        `seeded the sales data in ${seconds(report.sales.ms)}: ${sc.deals.toLocaleString('en')} deals (${sc.openDeals.toLocaleString('en')} open), ` +
          `${sc.stageMoves.toLocaleString('en')} stage moves, ${sc.activities.toLocaleString('en')} follow-ups, ${sc.tasks.toLocaleString('en')} tasks`,
      );
    }
    console.log(`sign in as ${report.credentials.identifier} / ${report.credentials.password}`);
    console.log(`(every demo user has the password ${report.credentials.password})`);
  });
}

async function createAdminCommand(args: string[]) {
  const { values } = parse(
    args,
    {
      'org-name': { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      mobile: { type: 'string' },
      password: { type: 'string' },
    },
    0,
  );
  const orgName = (values['org-name'] as string | undefined)?.trim();
  const name = (values.name as string | undefined)?.trim();
  const email = values.email as string | undefined;
  const mobile = values.mobile as string | undefined;
  if (!orgName) throw new UsageError('--org-name is required');
  if (!name) throw new UsageError('--name is required');
  if (!email && !mobile) throw new UsageError('--email or --mobile is required');
  let password = values.password as string | undefined;
  const generated = !password;
  password ??= randomSecret(12);
  if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`--password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  await withDatabase(async (database) => {
    await database.migrate();
    const created = await createOrganization(database, {
      name: orgName,
      admin: { displayName: name, email: email ?? null, mobile: mobile ?? null, password },
    });
    console.log(`created organization "${orgName}" (${created.orgId}) with administrator ${name} (${created.adminUserId})`);
    console.log(`sign in as ${email?.trim().toLowerCase() || mobile}${generated ? ` with the generated password: ${password}` : ''}`);
  });
}

async function backupCommand(args: string[]) {
  const { positionals } = parse(args, {}, 1);
  const file = path.resolve(positionals[0]!);
  await withDatabase(async (database) => {
    const summary = await backupDatabase(database, file, {
      onTable: (t, n) => console.log(`  ${t.padEnd(20)} ${n.toLocaleString('en').padStart(12)}`),
    });
    console.log(`backed up ${where()} to ${file} (${(summary.bytes / 1024 / 1024).toFixed(1)} MB) in ${seconds(summary.ms)}`);
  });
}

async function restoreCommand(args: string[]) {
  const { values, positionals } = parse(args, { force: { type: 'boolean', default: false } }, 1);
  const file = path.resolve(positionals[0]!);
  await readBackupHeader(file); // a bad file fails before the database is opened
  await withDatabase(async (database) => {
    const summary = await restoreDatabase(database, file, {
      force: values.force === true,
      onTable: (t, n) => console.log(`  ${t.padEnd(20)} ${n.toLocaleString('en').padStart(12)}`),
    });
    console.log(
      `restored ${file} (made ${summary.header.createdAt} on ${summary.header.engine}, migration ${summary.header.latestMigration}) ` +
        `into ${where()}${summary.wiped ? ' after deleting the existing data' : ''} in ${seconds(summary.ms)}; row counts verified`,
    );
  });
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  migrate: migrateCommand,
  seed: seedCommand,
  'create-admin': createAdminCommand,
  backup: backupCommand,
  restore: restoreCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  try {
    if (!run) throw new UsageError(`unknown command "${command}"`);
    await run(rest);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`luodi: ${err.message} (see: npm run luodi -- help)`);
      return 2;
    }
    if (err instanceof DataDirLockedError) {
      console.error(
        `luodi: the embedded database in ${err.dataDir} is in use by another Luodi process (pid ${err.pid}), ` +
          `probably the running server; stop it first`,
      );
    } else if (err instanceof ConfigError || err instanceof BackupError) {
      console.error(`luodi: ${err.message}`);
    } else if (err instanceof AppError) {
      console.error(`luodi: ${err.localizedMessage('en')} / ${err.localizedMessage('zh-CN')}`);
    } else {
      const e = err as NodeJS.ErrnoException;
      console.error(`luodi: ${command} failed: ${e.code === 'ECONNREFUSED' ? `cannot connect to PostgreSQL (${e.message})` : e.message}`);
      if (process.env.LUODI_DEBUG) console.error(err);
    }
    return 1;
  }
}

// run when executed directly (not when imported by tests)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error('luodi:', err);
      process.exit(1);
    },
  );
}
