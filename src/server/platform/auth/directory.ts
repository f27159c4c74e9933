/**
 * The global sign-in directory (sign_in_identities) must change atomically with the user it points to,
 * but the app role cannot touch it. Inside a tenant transaction, `withSignInDirectory` switches back to the
 * connecting (owner) role for `fn`, then returns to the app role, so a user's emails/mobiles and the user
 * row commit or roll back together while every tenant statement still runs under row-level security.
 *
 * `fn` must only use identitiesRepository: row-level security does not confine it.
 */
import { sql } from 'drizzle-orm';
import { APP_ROLE, type Tx } from '../db/database.js';

export async function withSignInDirectory<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  await tx.execute(sql`select set_config('role', 'none', true)`);
  // On failure the transaction is rolled back as a whole, so the role is not restored here.
  const result = await fn(tx);
  await tx.execute(sql`select set_config('role', ${APP_ROLE}, true)`);
  return result;
}

/** True for a PostgreSQL unique violation (directly or wrapped by drizzle). */
export function isUniqueViolation(err: unknown): err is { code: string; detail?: string } {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
