/** Test helpers of the accounts module (HTTP through app.inject). */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { formatApiToken, randomSecret, sha256 } from '../../platform/auth/tokens.js';
import type { Database } from '../../platform/db/database.js';
import { apiTokens } from '../../platform/db/schema.js';
import type { TestSession } from '../../test/factories.js';

export type Headers = Record<string, string>;
export const headersOf = (s: TestSession | Headers): Headers => ('headers' in s && typeof s.headers === 'object' ? (s as TestSession).headers : (s as Headers));

export async function createAccount(
  app: FastifyInstance,
  session: TestSession | Headers,
  body: Record<string, unknown> = {},
): Promise<{ id: string; version: number } & Record<string, unknown>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: headersOf(session),
    payload: { name: `客户-${randomUUID().slice(0, 8)}`, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`create account failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** An API token of a user; returns the Authorization header. */
export async function createTestApiToken(database: Database, orgId: string, userId: string, scopes: string[]): Promise<Headers> {
  const secret = randomSecret();
  await database.withTenant(orgId, (tx) =>
    tx.insert(apiTokens).values({ orgId, id: randomUUID(), userId, name: 'test', tokenHash: sha256(secret), scopes }),
  );
  return { authorization: `Bearer ${formatApiToken(orgId, secret)}` };
}
