/**
 * GET /api/v1/events/stream — Server-Sent Events for the signed-in user:
 *   event: notification
 *   data: {"type":"notification","id":"…","data":{…}}
 * with a comment line every 25 s as heartbeat (keeps proxies from closing an idle stream).
 *
 * The reply is hijacked and written raw, so no onSend hook (compression, serializers) touches it; helmet's
 * headers, set on the raw response in onRequest, are kept. A stream lasts at most 30 minutes: the browser's
 * EventSource reconnects by itself, which re-authenticates, so a signed-out or deactivated user stops
 * receiving events. Open streams are ended when the app closes.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../auth/auth.plugin.js';
import type { AppDeps } from '../deps.js';
import { createEventBus, type EventBus, type LiveEvent } from './eventBus.js';

export const SSE_HEARTBEAT_MS = 25_000;
export const SSE_MAX_LIFETIME_MS = 30 * 60_000;
/** how long the browser waits before reconnecting */
const SSE_RETRY_MS = 3_000;

export function formatSseEvent(event: LiveEvent): string {
  // JSON.stringify never emits raw newlines, so one data line is enough
  return `event: ${event.type.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(event)}\n\n`;
}

export async function eventsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // the instance's bus (main.ts); an app built without one (tests) gets its own, closed with the app
  let bus: EventBus;
  if (deps.events) {
    bus = deps.events;
  } else {
    const own = createEventBus(deps.database, { onError: (err) => app.log.error({ err }, 'event listener failed') });
    app.addHook('onClose', async () => own.close());
    bus = own;
  }
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  api.get(
    '/events/stream',
    {
      schema: {
        tags: ['events'],
        summary: 'Live events of the signed-in user (Server-Sent Events)',
        description: 'text/event-stream; events: `notification`. A comment line every 25 s keeps the stream open.',
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const res = reply.raw;
      let ended = false;
      const write = (chunk: string) => {
        if (!ended && !res.destroyed) res.write(chunk);
      };
      // subscribe before answering, so nothing published after the client sees the stream open is lost
      const unsubscribe = await bus.subscribe(actor.orgId, actor.userId, (event) => write(formatSseEvent(event)));

      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx: do not buffer
      });
      res.flushHeaders();
      write(`retry: ${SSE_RETRY_MS}\n: connected\n\n`);

      const heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), SSE_HEARTBEAT_MS);
      const lifetime = setTimeout(() => end(), SSE_MAX_LIFETIME_MS);
      heartbeat.unref();
      lifetime.unref();

      function end() {
        if (ended) return;
        ended = true;
        open.delete(end);
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        void unsubscribe().catch(() => {});
        if (!res.writableEnded) res.end();
      }
      open.add(end);
      res.on('close', end); // the client went away (not request.raw: that closes once the request is read)
      res.on('error', end);
      if (res.destroyed) end(); // the client left while we subscribed
    },
  );
}
