import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LUODI_DATA_DIR: z.string().default('./data'),
  LUODI_ALLOW_SIGNUP: booleanFlag,
  LUODI_SECURE_COOKIES: booleanFlag,
  /** behind a reverse proxy: true, a hop count, or the proxy's address(es); off by default so X-Forwarded-For cannot be forged */
  LUODI_TRUST_PROXY: z.string().default('false'),
  LUODI_JOBS: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export interface Config {
  port: number;
  host: string;
  /** undefined → embedded PGlite in dataDir */
  databaseUrl: string | undefined;
  dataDir: string;
  allowSignup: boolean;
  secureCookies: boolean;
  jobsEnabled: boolean;
  trustProxy: boolean | number | string;
  logLevel: string;
  webDistDir: string;
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; fails fast naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.LUODI_DATA_DIR),
    allowSignup: e.LUODI_ALLOW_SIGNUP,
    secureCookies: e.LUODI_SECURE_COOKIES,
    jobsEnabled: e.LUODI_JOBS === 'on',
    trustProxy: parseTrustProxy(e.LUODI_TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    webDistDir: path.resolve('dist/web'),
  };
}
