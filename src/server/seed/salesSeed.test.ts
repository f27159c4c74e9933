/**
 * The small demo's sales data: deals in every stage of the default pipeline (some rotting), their stage history in
 * order, follow-ups on deals and accounts, tasks due today and overdue; a second seed changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE } from '../../core/pipelines/defaultPipeline.js';
import { defaultPipelineId } from '../modules/pipelines/pipelines.service.js';
import { getTestDatabase } from '../test/testDatabase.js';
import { DEMO_SIZES, seedDemoWithReport } from './demo.js';
import { md5Uuid, SALES_SPECS, seedDemoSales } from './salesSeed.js';

describe('seedDemo sales data (small)', () => {
  it('adds deals across every stage, their history, follow-ups and tasks for today and overdue, once', async () => {
    const database = await getTestDatabase();
    const anchor = new Date('2026-12-02T02:00:00Z'); // 10:00 in Beijing
    await seedDemoWithReport(database, { size: 'small', anchor });
    const orgId = DEMO_SIZES.small.orgId;
    const pipelineId = defaultPipelineId(orgId);
    // seeded rows are found by their derived ids (other test files may add rows to the shared demo organization)
    const dealIds = Array.from({ length: SALES_SPECS.small.deals }, (_, i) => md5Uuid(`${orgId}:deal:${i + 1}`));
    const taskIds = Array.from({ length: SALES_SPECS.small.tasks }, (_, i) => md5Uuid(`${orgId}:task:${i + 1}`));
    // the anchor ("now") of whichever run seeded the shared demo organization: tasks are created 10 days before it
    const [seeded] = await database.query<{ at: string; today: string }>(
      `select (min(created_at) + interval '10 days')::text as at, to_char((min(created_at) + interval '10 days') at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as today
         from tasks where org_id = $1 and id = any($2::uuid[])`,
      [orgId, taskIds],
    );
    const at = seeded!.at;

    const stages = await database.query<{ stage_key: string; status: string; n: number }>(
      `select stage_key, status, count(*)::int as n from deals where org_id = $1 and id = any($2::uuid[]) and pipeline_id = $3 group by 1, 2`,
      [orgId, dealIds, pipelineId],
    );
    expect(stages.reduce((s, r) => s + r.n, 0)).toBe(60);
    expect(new Set(stages.map((r) => r.stage_key))).toEqual(new Set(DEFAULT_PIPELINE.stages.map((s) => s.key)));
    for (const r of stages) expect(r.status).toBe(DEFAULT_PIPELINE.stages.find((s) => s.key === r.stage_key)!.type);
    const open = stages.filter((r) => r.status === 'open').reduce((s, r) => s + r.n, 0);
    expect(open).toBe(SALES_SPECS.small.openDeals);

    const [facts] = await database.query<{ rotting: number; fresh: number; bad_history: number; closed_without_reason: number; no_owner: number }>(
      `select count(*) filter (where d.status = 'open' and d.last_update_at < $3::timestamptz - interval '7 days')::int as rotting,
              count(*) filter (where d.status = 'open' and d.last_update_at >= $3::timestamptz - interval '7 days')::int as fresh,
              count(*) filter (where (select h.to_stage from deal_stage_history h where h.org_id = d.org_id and h.deal_id = d.id order by h.moved_at desc limit 1) <> d.stage_key)::int as bad_history,
              count(*) filter (where d.status <> 'open' and (d.close_reason is null or d.closed_at is null))::int as closed_without_reason,
              count(*) filter (where a.owner_id is distinct from d.owner_id)::int as no_owner
         from deals d join accounts a on a.org_id = d.org_id and a.id = d.account_id
        where d.org_id = $1 and d.id = any($2::uuid[])`,
      [orgId, dealIds, at],
    );
    expect(facts!.rotting).toBeGreaterThan(0);
    expect(facts!.fresh).toBeGreaterThan(0);
    expect(facts).toMatchObject({ bad_history: 0, closed_without_reason: 0, no_owner: 0 });

    const [acts] = await database.query<{ n: number; on_deals: number; effective: number }>(
      `select count(*)::int as n, count(deal_id)::int as on_deals, count(*) filter (where effective = 1)::int as effective
         from activities where org_id = $1 and id = any($2::uuid[])`,
      [orgId, Array.from({ length: SALES_SPECS.small.activities }, (_, i) => md5Uuid(`${orgId}:activity:${i + 1}`))],
    );
    expect(acts).toMatchObject({ n: 200, on_deals: 120 });
    expect(acts!.effective).toBeGreaterThan(50);

    const tasks = await database.query<{ due: string; status: string; n: number }>(
      `select case when due_date < $3 then 'overdue' when due_date = $3 then 'today' else 'upcoming' end as due, status, count(*)::int as n
         from tasks where org_id = $1 and id = any($2::uuid[]) group by 1, 2`,
      [orgId, taskIds, seeded!.today],
    );
    const n = (due: string, status = 'open') => tasks.find((t) => t.due === due && t.status === status)?.n ?? 0;
    expect(n('today')).toBeGreaterThan(0);
    expect(n('overdue')).toBeGreaterThan(0);
    expect(n('upcoming')).toBeGreaterThan(0);
    expect(tasks.reduce((s, t) => s + t.n, 0)).toBe(40);

    // once: a second seed writes nothing
    const again = await seedDemoSales(database, { orgId, spec: SALES_SPECS.small, anchor });
    expect(again.created).toBe(false);
  }, 120_000);
});
