/**
 * The board with 5,000 open deals: totals in one grouped query, 20 cards per column read in order from
 * deals_board_cover_idx. Speed itself is measured by `npm run bench:board`; this asserts the answers and the plans.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { deals } from '../../platform/db/schema.js';
import { testDatabaseKind } from '../../test/testDatabase.js';
import { defaultPipelineId } from '../pipelines/pipelines.service.js';
import { DAY, setupDeals, warmDeals } from './deals.testkit.js';

beforeAll(() => warmDeals().then(() => undefined), 240_000);

const OPEN_STAGES = ['initial_contact', 'needs_confirmed', 'solution_demo', 'negotiation', 'contract'];

describe('board with 5,000 open deals', () => {
  it('answers correctly for the admin and for a rep (own scope), reading cards through the board index', async () => {
    const { admin, call, clock, database, org, newUser } = await setupDeals();
    const rep = await newUser();
    expect((await call(admin, 'GET', '/pipelines')).statusCode).toBe(200); // creates the default pipeline
    const pipelineId = defaultPipelineId(org.orgId);
    const now = clock.now().getTime();
    const rows: (typeof deals.$inferInsert)[] = Array.from({ length: 5000 }, (_, i) => ({
      orgId: org.orgId,
      id: randomUUID(),
      name: `商机-${i}`,
      pipelineId,
      stageKey: OPEN_STAGES[i % OPEN_STAGES.length]!,
      status: 'open',
      amount: 1000 + i,
      ownerId: i % 100 === 0 ? rep.id : admin.id,
      departmentId: org.rootDepartmentId,
      lastUpdateAt: new Date(now - (i % 20) * DAY),
    }));
    // and 5,000 won deals, 10 of them closed in the last 30 days
    const won = Array.from({ length: 5000 }, (_, i) => {
      const closedAt = new Date(now - (i < 10 ? i + 1 : 60 + (i % 300)) * DAY);
      return { ...rows[i]!, id: randomUUID(), stageKey: 'won', status: 'won' as const, closedAt, lastUpdateAt: closedAt, closeReason: '价格' };
    });
    rows.push(...won);
    await database.withTenant(org.orgId, async (tx) => {
      for (let i = 0; i < rows.length; i += 1000) await tx.insert(deals).values(rows.slice(i, i + 1000));
    });
    await database.withSystem((tx) => tx.execute(sql`analyze deals`));

    let started = performance.now();
    const board = await call(admin, 'GET', '/deals/board');
    const adminMs = Math.round(performance.now() - started);
    expect(board.statusCode).toBe(200);
    const cols = board.json().columns;
    expect(cols.map((c: { count: number }) => c.count)).toEqual([1000, 1000, 1000, 1000, 1000, 10, 0]);
    expect(cols[0].deals).toHaveLength(20);
    expect(cols[0].hasMore).toBe(true);
    expect(cols[0].deals[0].idleDays).toBe(15); // most idle first

    started = performance.now();
    const mine = (await call(rep, 'GET', '/deals/board')).json();
    const repMs = Math.round(performance.now() - started);
    expect(mine.columns.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(51);

    const plan = await database.withTenant(org.orgId, (tx) =>
      tx.execute(sql`explain select * from deals where org_id = ${org.orgId} and pipeline_id = ${pipelineId} and status = 'open' and stage_key = 'initial_contact' and deleted_at is null order by last_update_at, id limit 51`),
    );
    const from = new Date(now - 30 * DAY).toISOString();
    const closedPlan = await database.withTenant(org.orgId, (tx) =>
      tx.execute(sql`explain select * from deals where org_id = ${org.orgId} and pipeline_id = ${pipelineId} and status = 'won' and stage_key = 'won' and deleted_at is null
        and last_update_at >= ${from}::timestamptz and closed_at >= ${from}::timestamptz order by last_update_at, id limit 51`),
    );
    const lines = (p: unknown) => ((p as { rows?: Record<string, string>[] }).rows ?? (p as Record<string, string>[])).map((r) => Object.values(r)[0]).join('\n');
    const text = `${lines(plan)}\n-- won column:\n${lines(closedPlan)}`;
    console.info(`[deals board] ${testDatabaseKind()}: 5,000 open + 5,000 won deals — admin ${adminMs} ms, rep ${repMs} ms\n${text}`);
    // cards and closed columns are read through the board index, never by scanning the table (whether the planner
    // then sorts a small column or reads it in index order depends on its statistics)
    expect(lines(plan)).toContain('deals_board_cover_idx');
    expect(lines(plan)).not.toMatch(/Seq Scan/);
    expect(lines(closedPlan)).toContain('deals_board_cover_idx');
  }, 120_000);
});
