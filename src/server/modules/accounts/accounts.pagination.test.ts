/**
 * Keyset pagination: every account exactly once, in order, for every sort and order — including ties on
 * the sort key (same name, same timestamp) and timestamps with microseconds.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../platform/db/schema.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs } from '../../test/factories.js';
import { getTestDatabase } from '../../test/testDatabase.js';
import { createAccount } from './accounts.testkit.js';

type Item = { id: string; name: string; createdAt: string; updatedAt: string };

describe('accounts: cursor pagination', () => {
  it('returns every visible account exactly once, in order, for each sort, order and page size', async () => {
    const database = await getTestDatabase();
    const clock = new ManualClock(new Date('2026-01-01T00:00:00.000Z'));
    const app = await buildTestApp(database, { clock });
    const org = await createTestOrg(database);
    const admin = await signInAs(database, org.orgId, org.adminUserId);
    // same names on purpose (ties on the sort key): duplicate detection is switched off for this organization
    const off = { credit_code: 'off', name_exact: 'off', name_fuzzy: 'off', phone: 'off', email: 'off' };
    const rules = await app.inject({ method: 'PUT', url: '/api/v1/settings/duplicates', headers: admin.headers, payload: { rules: off, fuzzyThreshold: 0.6 } });
    expect(rules.statusCode).toBe(200);
    const names = ['Alpha', 'alpha', 'Beta', '北京', '上海', '上海', 'Zeta', '100', 'beta', '阿里'];
    const ids: string[] = [];
    for (let i = 0; i < 18; i++) {
      // repeated names and repeated timestamps: the id breaks the ties
      if (i % 3 === 0) clock.advance(1000);
      ids.push((await createAccount(app, admin, { name: names[i % names.length] })).id);
    }
    // a few rows written by the database clock (microsecond timestamps, possibly equal ones)
    await database.withTenant(org.orgId, async (tx) => {
      for (let i = 0; i < 4; i++) {
        const id = randomUUID();
        ids.push(id);
        await tx.insert(accounts).values({
          orgId: org.orgId,
          id,
          name: `DB-${i % 2}`,
          ownerId: org.adminUserId,
          createdAt: sql`clock_timestamp()`,
          updatedAt: i < 2 ? sql`now()` : sql`clock_timestamp()`,
        });
      }
    });
    // some edits so updatedAt differs from createdAt
    for (const id of ids.slice(0, 5)) {
      clock.advance(500);
      await app.inject({ method: 'PATCH', url: `/api/v1/accounts/${id}`, headers: admin.headers, payload: { notes: 'edited', version: 1 } });
    }
    // a deleted account and another organization's account never show up
    const gone = await createAccount(app, admin, { name: 'Gone' });
    await app.inject({ method: 'DELETE', url: `/api/v1/accounts/${gone.id}`, headers: admin.headers });
    const other = await createTestOrg(database);
    await createAccount(app, await signInAs(database, other.orgId, other.adminUserId), { name: 'Alpha' });

    const all = (await app.inject({ method: 'GET', url: '/api/v1/accounts?limit=200', headers: admin.headers })).json().items as Item[];
    expect(all).toHaveLength(ids.length);

    const pageThrough = async (sort: string, order: string, limit: number) => {
      const seen: Item[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 100; guard++) {
        const qs = new URLSearchParams({ sort, order, limit: String(limit), ...(cursor ? { cursor } : {}) });
        const res = await app.inject({ method: 'GET', url: `/api/v1/accounts?${qs}`, headers: admin.headers });
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: Item[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return seen;
    };

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('name', 'createdAt', 'updatedAt'),
        fc.constantFrom('asc', 'desc'),
        fc.integer({ min: 1, max: 8 }),
        async (sort, order, limit) => {
          const seen = await pageThrough(sort, order, limit);
          expect(seen.map((a) => a.id).sort()).toEqual([...ids].sort());
          expect(new Set(seen.map((a) => a.id)).size).toBe(seen.length);
          // one request with everything gives the same order
          const whole = (await app.inject({ method: 'GET', url: `/api/v1/accounts?sort=${sort}&order=${order}&limit=200`, headers: admin.headers })).json().items as Item[];
          expect(seen.map((a) => a.id)).toEqual(whole.map((a) => a.id));
          if (sort !== 'name') {
            const keys = seen.map((a) => a[sort as 'createdAt' | 'updatedAt']);
            const sorted = [...keys].sort();
            expect(keys).toEqual(order === 'asc' ? sorted : sorted.reverse());
          }
        },
      ),
      { numRuns: 12 },
    );
    // every sort/order combination at least once with a small page
    for (const sort of ['name', 'createdAt', 'updatedAt']) {
      for (const order of ['asc', 'desc']) {
        expect((await pageThrough(sort, order, 3)).map((a) => a.id).sort()).toEqual([...ids].sort());
      }
    }
  });

  it('pages within a scope and a search', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    const admin = await signInAs(database, org.orgId, org.adminUserId);
    const rep = await createTestUser(database, org, { role: 'rep' });
    const session = await signInAs(database, org.orgId, rep.id);
    const mine: string[] = [];
    // similar names on purpose: the duplicate warning is acknowledged
    const similar = { acknowledgeDuplicates: true };
    for (let i = 0; i < 7; i++) {
      mine.push((await createAccount(app, session, { name: `Match ${i}`, ...similar })).id);
      await createAccount(app, admin, { name: `Match admin ${i}`, ...similar });
      await createAccount(app, session, { name: `Other ${i}`, ...similar });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/accounts?q=match&sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: session.headers,
      });
      const page = res.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(mine);
  });
});
