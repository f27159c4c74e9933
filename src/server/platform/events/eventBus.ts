/**
 * Live events to signed-in users, across app instances: PostgreSQL NOTIFY on one channel, each instance
 * LISTENs once and fans the events out to its local subscribers (the SSE streams of its users).
 *
 *   await events.publish(orgId, userId, { type: 'notification', id, data: {...} });   // now
 *   await publishInTransaction(tx, orgId, userId, event);   // delivered only if and when tx commits
 *   const off = await events.subscribe(orgId, userId, (event) => …);  …  await off();
 *
 * NOTIFY payloads are limited to 8000 bytes: an event whose message would be larger is sent without its
 * `data` (type + id + `truncated: true`), and the client fetches the record by id. Delivery is best effort
 * (at most once, only to subscribers connected at that moment); the database rows stay the truth.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/database.js';

export const EVENTS_CHANNEL = 'luodi_events';
/** PostgreSQL rejects NOTIFY payloads of 8000 bytes or more */
export const MAX_PAYLOAD_BYTES = 7900;

export interface LiveEvent {
  /** the SSE event name, e.g. `notification` */
  type: string;
  /** id of the record the event is about */
  id?: string;
  data?: Record<string, unknown>;
  /** set when `data` was dropped to fit the NOTIFY payload limit */
  truncated?: true;
}

/** userId null: every signed-in user of the organization */
export interface EventMessage {
  orgId: string;
  userId: string | null;
  event: LiveEvent;
}

export type EventListener = (event: LiveEvent) => void;

export interface EventBus {
  publish(orgId: string, userId: string | null, event: LiveEvent): Promise<void>;
  subscribe(orgId: string, userId: string, listener: EventListener): Promise<() => Promise<void>>;
  /** stops listening; subscribers get nothing more */
  close(): Promise<void>;
}

/** The NOTIFY payload of a message, within the size limit. */
export function encodeEventMessage(message: EventMessage): string {
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload, 'utf8') <= MAX_PAYLOAD_BYTES) return payload;
  const { type, id } = message.event;
  const slim = JSON.stringify({ ...message, event: { type, ...(id ? { id } : {}), truncated: true } });
  if (Buffer.byteLength(slim, 'utf8') > MAX_PAYLOAD_BYTES) throw new Error('event type and id exceed the NOTIFY payload limit');
  return slim;
}

function decode(payload: string): EventMessage | null {
  try {
    const m = JSON.parse(payload) as EventMessage;
    return typeof m?.orgId === 'string' && typeof m.event?.type === 'string' ? m : null;
  } catch {
    return null;
  }
}

/** Publishes from inside a transaction: PostgreSQL delivers the NOTIFY only when (and if) it commits. */
export async function publishInTransaction(tx: Tx, orgId: string, userId: string | null, event: LiveEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${encodeEventMessage({ orgId, userId, event })})`);
}

export function createEventBus(database: Database, opts: { onError?: (err: unknown) => void } = {}): EventBus {
  const byUser = new Map<string, Set<EventListener>>();
  const byOrg = new Map<string, Set<EventListener>>(); // org → every listener of the org, for userId null
  let unlisten: Promise<() => Promise<void>> | undefined;
  let closed = false;

  const deliver = (listeners: Iterable<EventListener> | undefined, event: LiveEvent) => {
    for (const listener of listeners ?? []) {
      try {
        listener(event);
      } catch (err) {
        opts.onError?.(err);
      }
    }
  };

  const onPayload = (payload: string) => {
    const m = decode(payload);
    if (!m || closed) return;
    if (m.userId === null) deliver(byOrg.get(m.orgId), m.event);
    else deliver(byUser.get(`${m.orgId}:${m.userId}`), m.event);
  };

  const ensureListening = () => {
    if (!unlisten) {
      unlisten = database.listen(EVENTS_CHANNEL, onPayload);
      unlisten.catch(() => (unlisten = undefined)); // a later subscribe tries again
    }
    return unlisten;
  };

  const add = (map: Map<string, Set<EventListener>>, key: string, l: EventListener) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(l);
  };
  const remove = (map: Map<string, Set<EventListener>>, key: string, l: EventListener) => {
    const set = map.get(key);
    set?.delete(l);
    if (set?.size === 0) map.delete(key);
  };

  return {
    async publish(orgId, userId, event) {
      await database.notify(EVENTS_CHANNEL, encodeEventMessage({ orgId, userId, event }));
    },

    async subscribe(orgId, userId, listener) {
      if (closed) throw new Error('event bus is closed');
      await ensureListening();
      // one wrapper per subscription, so the same function may subscribe twice
      const l: EventListener = (event) => listener(event);
      add(byUser, `${orgId}:${userId}`, l);
      add(byOrg, orgId, l);
      return async () => {
        remove(byUser, `${orgId}:${userId}`, l);
        remove(byOrg, orgId, l);
      };
    },

    async close() {
      closed = true;
      byUser.clear();
      byOrg.clear();
      const pending = unlisten;
      unlisten = undefined;
      if (pending) await (await pending.catch(() => async () => {}))();
    },
  };
}
