/**
 * `npm run bench:board` — the kanban board under load (PRODUCT.md 5: list and detail API p95 < 50 ms with 50
 * concurrent users; large seed: 100k accounts, 300k deals of which 5,000 open in the default pipeline).
 *
 * `GET /api/v1/deals/board?pipelineId=<default>`: column totals over every matching deal plus the 50 most idle
 * cards per column. Users (BENCH_SCOPE):
 * - `all` (default): every client sees the whole pipeline (the director and the admin, data scope "all") — the
 *   heaviest board, all 5,000 open deals in the totals;
 * - `mixed`: 50 distinct demo users as bench:accounts signs them in (director, managers, reps with scope "own").
 * A fifth of the requests filter by an owner. Other settings: see bench/lib/apiBench.ts.
 */
import { DEMO_SIZES } from '../src/server/seed/demo.js';
import { defaultPipelineId } from '../src/server/modules/pipelines/pipelines.service.js';
import { CLIENTS, DURATION_S, WARMUP_S, report, runClients, signIn, withBenchApp } from './lib/apiBench.js';

const SCOPE = process.env.BENCH_SCOPE === 'mixed' ? 'mixed' : 'all';

const CLIENT = String.raw`
function next(spec, r, state, extra) {
  const params = new URLSearchParams({ pipelineId: extra.pipelineId });
  let kind = 'board';
  if (spec.owners.length && r() < 0.2) {
    params.set('ownerId', spec.owners[Math.floor(r() * spec.owners.length)]);
    kind = 'board:owner';
  }
  return { kind, url: '/api/v1/deals/board?' + params };
}
function valid(body) {
  return body && Array.isArray(body.columns) && body.columns.every((c) => Array.isArray(c.deals));
}
function after() {}
`;

type BenchUser = {
  id: string;
  email: string;
  role: string;
  department_id: string;
};

withBenchApp(async ({ database, baseUrl, engine }) => {
  const orgId = DEMO_SIZES.large.orgId;
  const pipelineId = defaultPipelineId(orgId);
  const [open] = await database.query<{ n: number }>(`select count(*)::int as n from deals where org_id = $1 and pipeline_id = $2 and status = 'open' and deleted_at is null`, [orgId, pipelineId]);
  console.log(`default pipeline ${pipelineId}: ${open?.n ?? 0} open deals`);

  const users = await database.query<BenchUser>(
    `select u.id, u.email, r.key as role, u.department_id
       from users u join roles r on r.org_id = u.org_id and r.id = u.role_id
      where u.org_id = $1 and u.status = 'active' and r.key in ('admin', 'director', 'manager', 'rep')
      order by case r.key when 'director' then 0 when 'admin' then 1 when 'manager' then 2 else 3 end, u.email`,
    [orgId],
  );
  const reps = users.filter((u) => u.role === 'rep');
  const chosen = SCOPE === 'all' ? users.filter((u) => u.role === 'director' || u.role === 'admin') : users.filter((u) => u.role !== 'admin').slice(0, CLIENTS);
  const cookies = await signIn(baseUrl, chosen.map((u) => u.email));
  const clients = Array.from({ length: SCOPE === 'all' ? CLIENTS : chosen.length }, (_, i) => {
    const u = chosen[i % chosen.length]!;
    return { cookie: cookies[i % chosen.length]!, role: u.role, owners: u.role === 'rep' ? [] : reps.map((r) => r.id) };
  });
  console.log(`${clients.length} clients over ${chosen.length} signed-in users (scope ${SCOPE})`);

  // the contract, once, before the load
  const probe = await fetch(`${baseUrl}/api/v1/deals/board?pipelineId=${pipelineId}`, { headers: { cookie: clients[0]!.cookie } });
  const body = (await probe.json()) as { columns?: { stageKey: string; count: number; deals: unknown[]; hasMore: boolean }[] };
  if (probe.status !== 200 || !Array.isArray(body.columns)) throw new Error(`GET /api/v1/deals/board answered HTTP ${probe.status}: ${JSON.stringify(body).slice(0, 300)}`);
  console.log(`board as ${clients[0]!.role}: ${body.columns.map((c) => `${c.stageKey} ${c.count} (${c.deals.length} cards)`).join(', ')}`);

  console.log(`running ${clients.length} clients: ${WARMUP_S} s warm-up, ${DURATION_S} s measured …`);
  const run = await runClients(baseUrl, CLIENT, clients, { pipelineId });
  report('deals-board', `GET /api/v1/deals/board (${open?.n ?? 0} open deals, scope ${SCOPE})`, engine, database.kind, clients.length, run, 50);
}).catch((err: unknown) => {
  console.error('bench failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
