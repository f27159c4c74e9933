/**
 * `npm run bench:timeline` — a deal's timeline under load (PRODUCT.md 4.4, 5: detail API p95 < 50 ms with 50
 * concurrent users; large seed: 2,000,000 follow-ups).
 *
 * The large demo has one deal with exactly 500 timeline entries (4 stage moves and 496 follow-ups, seed/salesSeed.ts).
 * 50 clients read `GET /api/v1/timeline?objectType=deals&recordId=<that deal>`: the first page, then every next page
 * by `nextCursor` to the end, then again from the start. The clients share the sessions of the people who can see
 * the deal: its owner, the director and the admin. The walk is checked once before the load (500 entries, newest
 * first, no repeats). BENCH_TIMELINE_LIMIT: page size (default 30, the API's default). Other settings: see
 * bench/lib/apiBench.ts.
 */
import { DEMO_SIZES } from '../src/server/seed/demo.js';
import { md5Uuid, timelineDealKey } from '../src/server/seed/salesSeed.js';
import { CLIENTS, DURATION_S, WARMUP_S, num, report, runClients, signIn, withBenchApp } from './lib/apiBench.js';

const LIMIT = Math.min(num('BENCH_TIMELINE_LIMIT', 30), 100);

const CLIENT = String.raw`
function next(spec, r, state, extra) {
  const params = new URLSearchParams({ objectType: 'deals', recordId: extra.dealId, limit: String(extra.limit) });
  if (state.cursor) {
    params.set('cursor', state.cursor);
    return { kind: 'next-page', url: '/api/v1/timeline?' + params };
  }
  return { kind: 'first-page', url: '/api/v1/timeline?' + params };
}
function valid(body) {
  return body && Array.isArray(body.items) && 'nextCursor' in body;
}
function after(spec, state, status, body) {
  state.cursor = status === 200 ? body.nextCursor : null;
}
`;

withBenchApp(async ({ database, baseUrl, engine }) => {
  const orgId = DEMO_SIZES.large.orgId;
  const dealId = md5Uuid(timelineDealKey(orgId));
  const [deal] = await database.query<{ owner: string; moves: number; activities: number }>(
    `select u.email as owner,
            (select count(*)::int from deal_stage_history h where h.org_id = d.org_id and h.deal_id = d.id) as moves,
            (select count(*)::int from activities a where a.org_id = d.org_id and a.deal_id = d.id and a.deleted_at is null) as activities
       from deals d join users u on u.org_id = d.org_id and u.id = d.owner_id where d.org_id = $1 and d.id = $2`,
    [orgId, dealId],
  );
  if (!deal) throw new Error(`the timeline deal ${dealId} is missing (seed the large demo with its sales data)`);
  console.log(`timeline deal ${dealId}: ${deal.moves} stage moves + ${deal.activities} follow-ups`);

  const people = await database.query<{ email: string; role: string }>(
    `select u.email, r.key as role from users u join roles r on r.org_id = u.org_id and r.id = u.role_id
      where u.org_id = $1 and (r.key in ('admin', 'director') or u.email = $2) order by r.key`,
    [orgId, deal.owner],
  );
  const cookies = await signIn(baseUrl, people.map((p) => p.email));
  const clients = Array.from({ length: CLIENTS }, (_, i) => ({ cookie: cookies[i % cookies.length]!, role: people[i % people.length]!.role }));

  // walk the whole timeline once: 500 entries, newest first, none twice
  const seen = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  let previous = '9999';
  do {
    const params = new URLSearchParams({ objectType: 'deals', recordId: dealId, limit: String(LIMIT), ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${baseUrl}/api/v1/timeline?${params}`, { headers: { cookie: clients[0]!.cookie } });
    const body = (await res.json()) as { items?: { id: string; kind: string; at: string }[]; nextCursor?: string | null };
    if (res.status !== 200 || !Array.isArray(body.items)) throw new Error(`GET /api/v1/timeline answered HTTP ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    for (const item of body.items) {
      if (item.at > previous) throw new Error(`timeline not newest first at ${item.kind} ${item.id}`);
      previous = item.at;
      seen.add(`${item.kind}:${item.id}`);
    }
    cursor = body.nextCursor ?? null;
    pages++;
  } while (cursor);
  console.log(`walked the timeline: ${seen.size} entries in ${pages} pages of ${LIMIT}`);
  if (seen.size !== 500) console.log(`note: expected 500 entries, found ${seen.size}`);

  console.log(`running ${clients.length} clients over ${people.length} sessions (${people.map((p) => p.role).join(', ')}): ${WARMUP_S} s warm-up, ${DURATION_S} s measured …`);
  const run = await runClients(baseUrl, CLIENT, clients, { dealId, limit: LIMIT });
  report('deal-timeline', `GET /api/v1/timeline (deal with ${seen.size} entries, ${LIMIT} per page)`, engine, database.kind, clients.length, run, 50);
}).catch((err: unknown) => {
  console.error('bench failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
