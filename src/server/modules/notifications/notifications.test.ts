import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../platform/db/database.js';
import { ManualClock } from '../../platform/deps.js';
import { buildTestApp, createTestOrg, createTestUser, signInAs } from '../../test/factories.js';
import { getTestDatabase, testDatabaseKind } from '../../test/testDatabase.js';
import { notificationsService, type NewNotification } from './notifications.service.js';

/** The database of app instance B: on PostgreSQL its own pool and LISTEN connection, as another process has. */
async function instanceBDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return getTestDatabase(); // PGlite: two apps on one Database object
  const db = await openPostgres({ url, poolSize: 3 });
  afterAll(() => db.close());
  return db;
}

async function notify(database: Database, input: NewNotification) {
  return database.withTenant(input.orgId, (tx) => notificationsService.notify(tx, input));
}

interface SseMessage {
  event: string;
  data: unknown;
}

/** Reads a text/event-stream with fetch (inject does not stream). */
async function openStream(app: FastifyInstance, headers: Record<string, string>) {
  const address = app.server.listening ? `http://127.0.0.1:${(app.server.address() as { port: number }).port}` : await app.listen({ port: 0, host: '127.0.0.1' });
  const abort = new AbortController();
  const res = await fetch(`${address}/api/v1/events/stream`, { headers, signal: abort.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const comments: string[] = [];
  const messages: SseMessage[] = [];
  async function readBlock(deadline: number): Promise<void> {
    while (!buffer.includes('\n\n')) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out reading the event stream')), deadline - Date.now())),
      ]);
      if (chunk.done) throw new Error('the event stream ended');
      buffer += chunk.value;
    }
    const end = buffer.indexOf('\n\n');
    const block = buffer.slice(0, end);
    buffer = buffer.slice(end + 2);
    let event = 'message';
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    if (data !== undefined) messages.push({ event, data: JSON.parse(data) });
  }
  return {
    res,
    comments,
    /** resolves once the server has subscribed (its first comment) */
    async ready() {
      const deadline = Date.now() + 5_000;
      while (!comments.includes('connected')) await readBlock(deadline);
    },
    async next(timeoutMs = 5_000): Promise<SseMessage> {
      const deadline = Date.now() + timeoutMs;
      const seen = messages.length;
      while (messages.length === seen) await readBlock(deadline);
      return messages.shift()!;
    },
    close() {
      abort.abort();
    },
  };
}

describe(`notifications and live events on ${testDatabaseKind()}`, () => {
  it('an SSE client on instance B receives the notification created through instance A', async () => {
    const dbA = await getTestDatabase();
    const dbB = await instanceBDatabase();
    const appA = await buildTestApp(dbA);
    const appB = await buildTestApp(dbB);
    const org = await createTestOrg(dbA);
    const alice = await createTestUser(dbA, org, { displayName: '爱丽丝' });
    const bob = await createTestUser(dbA, org, { displayName: '鲍勃' });
    const aliceStream = await openStream(appB, (await signInAs(dbA, org.orgId, alice.id)).headers);
    const bobStream = await openStream(appB, (await signInAs(dbA, org.orgId, bob.id)).headers);
    try {
      expect(aliceStream.res.status).toBe(200);
      expect(aliceStream.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(aliceStream.res.headers.get('cache-control')).toContain('no-transform');
      expect(aliceStream.res.headers.get('x-content-type-options')).toBe('nosniff'); // helmet still applies
      await Promise.all([aliceStream.ready(), bobStream.ready()]);

      // a rolled-back transaction notifies no one
      await expect(
        dbA.withTenant(org.orgId, async (tx) => {
          await notificationsService.notify(tx, { orgId: org.orgId, userId: alice.id, kind: 'test', title: 'rolled back' });
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');

      const forAlice = await notify(dbA, {
        orgId: org.orgId,
        userId: alice.id,
        kind: 'account.transferred',
        title: '客户「华为」已转交给你',
        body: '由管理员转交',
        link: '/accounts/123',
      });
      const forBob = await notify(dbA, { orgId: org.orgId, userId: bob.id, kind: 'test', title: 'for bob' });

      expect(await aliceStream.next()).toEqual({
        event: 'notification',
        data: { type: 'notification', id: forAlice.id, data: forAlice },
      });
      expect(forAlice).toMatchObject({ title: '客户「华为」已转交给你', body: '由管理员转交', link: '/accounts/123', readAt: null });
      // bob gets only his own
      expect(await bobStream.next()).toMatchObject({ event: 'notification', data: { id: forBob.id } });

      // …and the notification is in instance B's API
      const list = await appB.inject({
        method: 'GET',
        url: '/api/v1/notifications?unread=true',
        headers: (await signInAs(dbB, org.orgId, alice.id)).headers,
      });
      expect(list.json()).toEqual({ items: [forAlice], unreadCount: 1 });
    } finally {
      aliceStream.close();
      bobStream.close();
      await Promise.all([appA.close(), appB.close()]);
    }
  });

  it('ends open streams when the app closes, and needs a signed-in user', async () => {
    const database = await getTestDatabase();
    const app = await buildTestApp(database);
    const org = await createTestOrg(database);
    const stream = await openStream(app, (await signInAs(database, org.orgId, org.adminUserId)).headers);
    await stream.ready();
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/events/stream', headers: { 'accept-language': 'en' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Please sign in' } });
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(stream.next(2_000)).rejects.toThrow(/ended|terminated|aborted/);
  });

  it('lists my notifications and marks one read', async () => {
    const database = await getTestDatabase();
    const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
    const app = await buildTestApp(database, { clock });
    const org = await createTestOrg(database);
    const me = await createTestUser(database, org);
    const other = await createTestUser(database, org);
    const session = await signInAs(database, org.orgId, me.id);
    const first = await notify(database, { orgId: org.orgId, userId: me.id, kind: 'a', title: '第一条' });
    const second = await notify(database, { orgId: org.orgId, userId: me.id, kind: 'b', title: '第二条' });
    const notMine = await notify(database, { orgId: org.orgId, userId: other.id, kind: 'c', title: 'not mine' });

    const all = await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: session.headers });
    expect(all.statusCode).toBe(200);
    expect(all.json().items.map((n: { id: string }) => n.id).sort()).toEqual([first.id, second.id].sort());
    expect(all.json().unreadCount).toBe(2);

    const read = await app.inject({ method: 'POST', url: `/api/v1/notifications/${first.id}/read`, headers: session.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: first.id, readAt: '2026-03-01T08:00:00.000Z' });
    clock.advance(60_000);
    const again = await app.inject({ method: 'POST', url: `/api/v1/notifications/${first.id}/read`, headers: session.headers, payload: {} });
    expect(again.json().readAt).toBe('2026-03-01T08:00:00.000Z'); // the first read time stays

    const unread = await app.inject({ method: 'GET', url: '/api/v1/notifications?unread=true', headers: session.headers });
    expect(unread.json()).toEqual({ items: [second], unreadCount: 1 });

    for (const id of [notMine.id, randomUUID()]) {
      const res = await app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/read`, headers: session.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'NOTIFICATION_NOT_FOUND', message: '通知不存在' } });
    }
    const en = await app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${notMine.id}/read`,
      headers: { ...session.headers, 'accept-language': 'en' },
    });
    expect(en.json().error.message).toBe('Notification not found');

    const badQuery = await app.inject({ method: 'GET', url: '/api/v1/notifications?limit=0', headers: session.headers });
    expect(badQuery.statusCode).toBe(400);
    const csrf = await app.inject({ method: 'POST', url: `/api/v1/notifications/${second.id}/read`, headers: { cookie: session.cookie } });
    expect(csrf.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/notifications' });
    expect(anonymous.statusCode).toBe(401);
    await app.close();
  });
});
