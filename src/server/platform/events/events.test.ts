import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { openPostgres, type Database } from '../db/database.js';
import { createEventBus, encodeEventMessage, MAX_PAYLOAD_BYTES, publishInTransaction, type LiveEvent } from './eventBus.js';
import { formatSseEvent } from './events.routes.js';

/** Instance B's database: on PostgreSQL a second connection pool (as another app instance would have). */
async function secondDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return getTestDatabase();
  const db = await openPostgres({ url, poolSize: 2 });
  afterAll(() => db.close());
  return db;
}

function collector() {
  const got: LiveEvent[] = [];
  const waiters: (() => void)[] = [];
  return {
    got,
    listener: (e: LiveEvent) => {
      got.push(e);
      waiters.splice(0).forEach((w) => w());
    },
    async waitFor(n: number, timeoutMs = 5_000): Promise<LiveEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (got.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} events, got ${got.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      return got;
    },
  };
}

describe(`event bus on ${testDatabaseKind()}`, () => {
  it('delivers an event published on instance A to the user subscribed on instance B, and only to them', async () => {
    const a = createEventBus(await getTestDatabase());
    const b = createEventBus(await secondDatabase());
    const orgId = randomUUID();
    const [alice, bob] = [randomUUID(), randomUUID()];
    const forAlice = collector();
    const forBob = collector();
    const offAlice = await b.subscribe(orgId, alice, forAlice.listener);
    await b.subscribe(orgId, bob, forBob.listener);

    await a.publish(orgId, alice, { type: 'notification', id: 'n1', data: { title: '客户已转交给你' } });
    await a.publish(orgId, null, { type: 'announcement', id: 'n2' }); // everyone in the org
    await a.publish(randomUUID(), alice, { type: 'notification', id: 'other-org' });
    await a.publish(orgId, bob, { type: 'notification', id: 'n3' });

    expect(await forBob.waitFor(2)).toEqual([
      { type: 'announcement', id: 'n2' },
      { type: 'notification', id: 'n3' },
    ]);
    expect(forAlice.got).toEqual([
      { type: 'notification', id: 'n1', data: { title: '客户已转交给你' } },
      { type: 'announcement', id: 'n2' },
    ]);

    await offAlice();
    await a.publish(orgId, alice, { type: 'notification', id: 'n4' });
    await a.publish(orgId, bob, { type: 'notification', id: 'n5' });
    await forBob.waitFor(3);
    expect(forAlice.got).toHaveLength(2);
    await Promise.all([a.close(), b.close()]);
  });

  it('publishes from a transaction only when it commits', async () => {
    const database = await getTestDatabase();
    const bus = createEventBus(await secondDatabase());
    const orgId = randomUUID();
    const userId = randomUUID();
    const c = collector();
    await bus.subscribe(orgId, userId, c.listener);
    await expect(
      database.withTenant(orgId, async (tx) => {
        await publishInTransaction(tx, orgId, userId, { type: 'notification', id: 'rolled-back' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await database.withTenant(orgId, (tx) => publishInTransaction(tx, orgId, userId, { type: 'notification', id: 'committed' }));
    expect(await c.waitFor(1)).toEqual([{ type: 'notification', id: 'committed' }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.got).toHaveLength(1);
    await bus.close();
  });

  it('sends only type and id when the event does not fit a NOTIFY payload', async () => {
    const database = await getTestDatabase();
    const bus = createEventBus(database);
    const orgId = randomUUID();
    const userId = randomUUID();
    const c = collector();
    await bus.subscribe(orgId, userId, c.listener);
    const big = { type: 'notification', id: 'big', data: { body: '长'.repeat(5000) } };
    expect(Buffer.byteLength(encodeEventMessage({ orgId, userId, event: big }))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    await bus.publish(orgId, userId, big);
    expect(await c.waitFor(1)).toEqual([{ type: 'notification', id: 'big', truncated: true }]);
    await bus.close();
  });

  it('formats Server-Sent Events', () => {
    expect(formatSseEvent({ type: 'notification', id: 'x', data: { t: 'a\nb' } })).toBe(
      'event: notification\ndata: {"type":"notification","id":"x","data":{"t":"a\\nb"}}\n\n',
    );
  });
});
