/**
 * Demo sales data (PRODUCT.md 4.3, 4.4): deals in the organization's default pipeline with their stage history,
 * follow-ups (activities) and tasks, added to the demo organization of a size after its accounts.
 *
 * - small: 60 deals across every stage (some rotting), 200 follow-ups, 40 tasks for today, overdue, upcoming and
 *   done — enough for the demo and the end-to-end tests to look alive.
 * - large (benchmarks, PRODUCT.md 5): 300,000 deals, of which exactly 5,000 are open (the kanban bench loads that
 *   board), about 1.4 million stage moves, 2,000,000 follow-ups and one deal with exactly 500 timeline entries
 *   (its stage moves plus its follow-ups) for the timeline bench.
 *
 * Set-based: every table is filled by one `INSERT … SELECT` over `generate_series`, with values drawn from
 * `hashint8` of the row number and a salt (deterministic: the same anchor gives the same rows, ids are md5 of
 * the organization and the row number). The same SQL runs on PostgreSQL and PGlite.
 *
 * Times are relative to `anchor` (the moment of seeding, so "today" and "overdue" tasks and rotting deals mean
 * something on the day the demo is used). Idempotent: nothing is written when the organization has deals.
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_PIPELINE } from '../../core/pipelines/defaultPipeline.js';
import type { Database, Tx } from '../platform/db/database.js';
import { defaultPipelineId, ensureDefaultPipeline } from '../modules/pipelines/pipelines.service.js';

export interface SalesSpec {
  deals: number;
  /** the first `openDeals` deals are open (the rest won or lost) */
  openDeals: number;
  activities: number;
  tasks: number;
  /** one extra open deal with exactly this many timeline entries (stage moves + follow-ups); 0 = none */
  timelineDealEntries: number;
}

export const SALES_SPECS: Record<'small' | 'large', SalesSpec> = {
  small: { deals: 60, openDeals: 36, activities: 200, tasks: 40, timelineDealEntries: 0 },
  large: { deals: 300_000, openDeals: 5_000, activities: 2_000_000, tasks: 20_000, timelineDealEntries: 500 },
};

export interface SalesSeedReport {
  /** false when the organization already had deals (nothing was written) */
  created: boolean;
  pipelineId: string;
  /** the deal with `timelineDealEntries` timeline entries (large) */
  timelineDealId: string | null;
  counts: { deals: number; openDeals: number; stageMoves: number; activities: number; tasks: number; auditEvents: number };
  ms: number;
}

const SALES_LOCK_KEY = 72_211_003;
/** from this many follow-ups on, PostgreSQL loads with the secondary indexes dropped and rebuilt */
const BULK_LOAD_ROWS = 100_000;
const OPEN_STAGES = DEFAULT_PIPELINE.stages.filter((s) => s.type === 'open').map((s) => s.key);
const WON = DEFAULT_PIPELINE.stages.find((s) => s.type === 'won')!.key;
const LOST = DEFAULT_PIPELINE.stages.find((s) => s.type === 'lost')!.key;

const PRODUCTS = ['落地CRM标准版', '落地CRM专业版', '实施服务', '年度维保', '数据迁移服务', '定制开发', '培训服务'];
const SOURCES = ['展会', '官网咨询', '老客户转介绍', '电话营销', '合作伙伴'];
const WON_REASONS = ['价格有优势', '方案匹配度高', '客户关系稳固', '服务响应快'];
const LOST_REASONS = ['预算不足', '选择了竞争对手', '项目延期', '需求变更'];
const ACTIVITY_TYPES = ['call', 'call', 'call', 'call', 'visit', 'visit', 'wechat', 'wechat', 'email', 'meeting', 'demo'];
const NEEDS = ['希望统一管理客户资料', '需要移动端拜访打卡', '关注销售过程管控', '想提高回款效率', '需要与钉钉集成', '要求数据本地部署'];
const FEEDBACK = ['对方案比较认可', '觉得价格偏高', '需要内部再讨论', '决策人下周出差回来再定', '对竞品也在比较', '希望先试用一个月'];
const NEXT_ACTIONS = ['发送报价单', '安排方案演示', '约见总经理', '提供客户案例', '确认采购流程', '跟进试用情况'];
const TASK_TITLES = ['回访客户', '发送报价单', '准备演示环境', '确认合同条款', '催办付款', '整理需求清单'];

/** A uniform [0, 1) draw for row `g` and salt `k` (deterministic, via hashint8). */
const r = (g: string, k: number) => `((hashint8((${g})::bigint * 64 + ${k})::bigint + 2147483648) / 4294967296.0)::float8`;
/** An integer in [0, n) for row `g` and salt `k`. */
const ri = (g: string, k: number, n: number | string) => `floor(${r(g, k)} * (${n}))::int`;
const arr = (items: readonly string[]) => sql`(${sql.param([...items])}::text[])`;

const rowsOf = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? (result as T[]));

/** The id of the large demo's 500-entry timeline deal (md5 of the organization, like every seeded id). */
export const timelineDealKey = (orgId: string) => `${orgId}:deal:timeline`;

async function hasDeals(tx: Tx, orgId: string): Promise<boolean> {
  return rowsOf(await tx.execute(sql`select 1 from deals where org_id = ${orgId}::uuid limit 1`)).length > 0;
}

/**
 * Seeds the sales data of a demo organization whose users and accounts exist. `reps` are the users who own
 * deals (accounts' owners); `admin` is the actor of the pipeline's creation.
 */
export async function seedDemoSales(
  database: Database,
  opts: { orgId: string; spec: SalesSpec; anchor: Date; onProgress?: (step: string) => void },
): Promise<SalesSeedReport> {
  const started = Date.now();
  const { orgId, spec, anchor } = opts;
  const pipelineId = defaultPipelineId(orgId);
  const counts = { deals: 0, openDeals: 0, stageMoves: 0, activities: 0, tasks: 0, auditEvents: 0 };
  const timelineDealId = spec.timelineDealEntries > 0 ? md5Uuid(timelineDealKey(orgId)) : null;
  if (await database.withSystem((tx) => hasDeals(tx, orgId))) {
    return { created: false, pipelineId, timelineDealId, counts, ms: Date.now() - started };
  }
  const created = await database.withSystem(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SALES_LOCK_KEY})`);
    if (await hasDeals(tx, orgId)) return false;
    await ensureDefaultPipeline(tx, orgId, new Date(anchor.getTime() - 800 * 86_400_000));
    const step = async (name: string, query: SQL) => {
      const t = Date.now();
      const result = await tx.execute(query);
      opts.onProgress?.(`${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      return result;
    };
    const A = sql`${anchor.toISOString()}::timestamptz`;
    const org = sql`${orgId}::uuid`;
    const pid = sql`${pipelineId}::uuid`;

    // Bulk load (PostgreSQL, large): the secondary indexes of the filled tables are dropped and rebuilt in this
    // same transaction (identical definitions from pg_indexes; nothing changes if it fails). Millions of inserts
    // in random key order into six indexes each thrash the buffer cache; one sort per index does not.
    const rebuild: { name: string; def: string }[] = [];
    if (database.kind === 'postgres' && spec.activities >= BULK_LOAD_ROWS) {
      rebuild.push(
        ...rowsOf<{ name: string; def: string }>(
          await tx.execute(sql`select indexname as name, indexdef as def from pg_indexes
                                where schemaname = current_schema() and tablename in ('deals', 'deal_stage_history', 'activities', 'tasks')
                                  and indexname not in (select conname from pg_constraint where contype in ('p', 'u', 'x'))`),
        ),
      );
      for (const i of rebuild) await tx.execute(sql.raw(`drop index ${JSON.stringify(i.name)}`));
    }

    await step(
      'accounts numbered',
      sql`create temp table seed_accounts on commit drop as
          select row_number() over (order by created_at, id)::int as rn, id, name, owner_id, department_id, created_at
            from accounts where org_id = ${org} and deleted_at is null and owner_id is not null`,
    );
    const [{ n: nAccounts } = { n: 0 }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from seed_accounts`));
    if (nAccounts === 0) throw new Error('the demo organization has no accounts to attach deals to');
    await tx.execute(sql`create index on seed_accounts (rn)`);

    // one row per deal with its drawn values: open stage index, path length (open stages passed), final stage
    const g = 'g';
    const openN = OPEN_STAGES.length;
    await step(
      'deals planned',
      sql`create temp table seed_deals on commit drop as
          with base as (
            select g, md5(${orgId} || ':deal:' || g)::uuid as id, a.id as account_id, a.name as account_name, a.owner_id, a.department_id,
                   a.created_at as account_created,
                   case when g <= ${spec.openDeals} then 'open' when ${sql.raw(r(g, 2))} < 0.38 then 'won' else 'lost' end as status,
                   ${sql.raw(r(g, 3))} as r_stage, ${sql.raw(r(g, 4))} as r_amount, ${sql.raw(r(g, 5))} as r_age,
                   ${sql.raw(r(g, 6))} as r_dur, ${sql.raw(r(g, 7))} as r_idle, ${sql.raw(ri(g, 8, PRODUCTS.length))} + 1 as product_i,
                   ${sql.raw(ri(g, 9, SOURCES.length))} + 1 as source_i, ${sql.raw(ri(g, 10, 4))} + 1 as reason_i
              from generate_series(1, ${spec.deals}::int) g
              join seed_accounts a on a.rn = 1 + ${sql.raw(ri(g, 1, nAccounts))}
          ), timed as (
            select b.*,
                   -- open deals: earlier stages are fuller; lost deals dropped out of any open stage
                   case when status = 'open' then least(${openN - 1}, floor(power(r_stage, 1.5) * ${openN})::int)
                        when status = 'lost' then floor(r_stage * ${openN})::int else ${openN - 1} end as stage_i,
                   least(${A} - interval '2 hours',
                         greatest(account_created + interval '1 hour',
                                  case when status = 'open' then ${A} - (2 + r_age * 120) * interval '1 day'
                                       else ${A} - (1 + r_age * 720 + 7 + r_dur * 110) * interval '1 day' end)) as created_at
              from base b
          )
          select t.*,
                 case when status = 'open' then stage_i + 1 when status = 'won' then ${openN} else stage_i + 1 end as path_len,
                 case when status = 'open' then ${arr(OPEN_STAGES)}[stage_i + 1] when status = 'won' then ${WON} else ${LOST} end as stage_key,
                 case when status = 'open' then null
                      -- closes spread evenly over the last two years (about 4 % in the last 30 days), after 7–117 days open
                      else greatest(created_at + interval '1 hour', least(${A} - (1 + r_age * 720) * interval '1 day', ${A} - interval '1 hour')) end as closed_at,
                 -- last real update: open deals idle 0–20 days (beyond the stage's 7 rotting days for about two thirds)
                 case when status = 'open' then greatest(created_at + interval '2 hours', ${A} - r_idle * 20 * interval '1 day') end as open_updated_at
            from timed t`,
    );
    await tx.execute(sql`create index on seed_deals (g)`);
    await tx.execute(sql`analyze seed_accounts`);
    await tx.execute(sql`analyze seed_deals`);

    await step(
      'deals',
      sql`insert into deals (org_id, id, name, account_id, contact_ids, pipeline_id, stage_key, stage_entered_at, status, amount, currency,
                             expected_close_date, product, source, description, closed_at, close_reason, last_update_at, rotting_since,
                             owner_id, department_id, external_id, custom_fields, created_at, created_by, updated_at, updated_by, version)
          select ${org}, d.id, d.account_name || ' · ' || (${arr(PRODUCTS)})[d.product_i], d.account_id, '[]'::jsonb, ${pid}, d.stage_key,
                 coalesce(d.closed_at, d.created_at + (d.open_updated_at - d.created_at) * 0.6), d.status,
                 case when d.status = 'open' and d.stage_i = 0 and d.r_amount < 0.3 then null
                      else (5000 + floor(power(d.r_amount, 2) * 995000)::bigint) * 100 end,
                 'CNY',
                 case when d.status = 'open' then case when d.stage_i >= 2 or d.r_amount > 0.5
                        then to_char(((${A} at time zone 'Asia/Shanghai')::date + 5 + floor(d.r_dur * 90)::int), 'YYYY-MM-DD') end
                      else to_char((d.closed_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') end,
                 (${arr(PRODUCTS)})[d.product_i], (${arr(SOURCES)})[d.source_i], null,
                 d.closed_at,
                 case d.status when 'won' then (${arr(WON_REASONS)})[d.reason_i] when 'lost' then (${arr(LOST_REASONS)})[d.reason_i] end,
                 coalesce(d.closed_at, d.open_updated_at), null,
                 d.owner_id, d.department_id, null, '{}'::jsonb, d.created_at, d.owner_id, coalesce(d.closed_at, d.open_updated_at), d.owner_id, d.path_len
            from seed_deals d
           -- rows land in the table in the order they were last written, as in a live database
           order by coalesce(d.closed_at, d.open_updated_at)`,
    );

    // stage history: the open stages passed in order, then won or lost; moves spread between creation and the
    // time the deal entered its current stage
    await step(
      'stage history',
      sql`insert into deal_stage_history (org_id, id, deal_id, pipeline_id, from_stage, to_stage, moved_at, moved_by, seconds_in_previous, via, criteria_waived)
          select ${org}, md5(${orgId} || ':move:' || d.g || ':' || s)::uuid, d.id, ${pid},
                 case when s = 0 then null when s - 1 < d.path_len then ${arr(OPEN_STAGES)}[s] end,
                 case when s < d.path_len then ${arr(OPEN_STAGES)}[s + 1] else d.stage_key end,
                 d.created_at + (x.entered - d.created_at) * s / greatest(d.steps - 1, 1),
                 d.owner_id,
                 case when s = 0 then null else floor(extract(epoch from (x.entered - d.created_at)) / greatest(d.steps - 1, 1))::bigint end,
                 case when s = 0 then 'api' else 'kanban' end, 0
            from (select sd.*, sd.path_len + case when sd.status = 'open' then 0 else 1 end as steps from seed_deals sd) d
            cross join lateral (select coalesce(d.closed_at, d.created_at + (d.open_updated_at - d.created_at) * 0.6) as entered) x
            cross join lateral generate_series(0, d.steps - 1) s
           order by 7`,
    );

    await step(
      'deal audit',
      sql`insert into audit_events (org_id, actor_id, actor_kind, object_type, record_id, action, changes, occurred_at)
          select ${org}, d.owner_id, 'user', 'deals', d.id, 'create',
                 jsonb_build_array(jsonb_build_object('field', 'name', 'old', null, 'new', x.name),
                                   jsonb_build_object('field', 'stageKey', 'old', null, 'new', ${OPEN_STAGES[0]!}::text),
                                   jsonb_build_object('field', 'ownerId', 'old', null, 'new', d.owner_id)),
                 d.created_at
            from seed_deals d join deals x on x.org_id = ${org} and x.id = d.id`,
    );

    // follow-ups: 60 % on a deal (within its life, on its account), the rest on an account only
    const activityColumns = sql.raw(
      `org_id, id, type, occurred_at, account_id, deal_id, contact_ids, need, feedback, sentiment, next_action, next_action_date, notes,
       duration_seconds, check_in, effective, owner_id, department_id, custom_fields, created_at, created_by, updated_at, updated_by, version`,
    );
    /** the select list of one follow-up; the query joins `cross join lateral ${activityType(g)} t` */
    const activityType = (gExpr: string) => sql`(select (${arr(ACTIVITY_TYPES)})[${sql.raw(ri(gExpr, 21, ACTIVITY_TYPES.length))} + 1] as type)`;
    const activityValues = (gExpr: string, occurred: SQL, accountId: SQL, dealId: SQL, owner: SQL, department: SQL) => {
      const duration = sql.raw(`60 + ${ri(gExpr, 22, 1500)}`);
      return sql`${org}, md5(${orgId} || ':activity:' || ${sql.raw(gExpr)})::uuid, t.type, ${occurred}, ${accountId}, ${dealId}, '[]'::jsonb,
                 (${arr(NEEDS)})[${sql.raw(ri(gExpr, 23, NEEDS.length))} + 1], (${arr(FEEDBACK)})[${sql.raw(ri(gExpr, 24, FEEDBACK.length))} + 1],
                 (array['positive','neutral','neutral','negative'])[${sql.raw(ri(gExpr, 25, 4))} + 1],
                 (${arr(NEXT_ACTIONS)})[${sql.raw(ri(gExpr, 26, NEXT_ACTIONS.length))} + 1],
                 to_char(((${occurred}) at time zone 'Asia/Shanghai')::date + 3, 'YYYY-MM-DD'),
                 null,
                 case when t.type = 'call' then ${duration} end,
                 case when t.type = 'visit' then jsonb_build_object('lat', 31.23, 'lng', 121.47, 'at', ${occurred}) end,
                 case when t.type = 'call' then (${duration} >= 180)::int when t.type in ('visit', 'meeting', 'demo') then 1 else (${sql.raw(r(gExpr, 27))} < 0.5)::int end,
                 ${owner}, ${department}, '{}'::jsonb, ${occurred}, ${owner}, ${occurred}, ${owner}, 1`;
    };
    const onDeals = Math.round(spec.activities * 0.6);
    const dealOccurred = sql`(d.created_at + (coalesce(d.closed_at, d.open_updated_at) - d.created_at) * ${sql.raw(r('a.g', 20))})`;
    await step(
      'deal follow-ups',
      sql`insert into activities (${activityColumns})
          select ${activityValues('a.g', dealOccurred, sql`d.account_id`, sql`d.id`, sql`d.owner_id`, sql`d.department_id`)}
            from generate_series(1, ${onDeals}::int) a(g)
            join seed_deals d on d.g = 1 + ${sql.raw(ri('a.g', 19, spec.deals))}
            cross join lateral ${activityType('a.g')} t
           order by 4`,
    );
    const accountOccurred = sql`greatest(s.created_at + interval '1 hour', ${A} - ${sql.raw(r('a.g', 20))} * 700 * interval '1 day')`;
    await step(
      'account follow-ups',
      sql`insert into activities (${activityColumns})
          select ${activityValues('a.g', accountOccurred, sql`s.id`, sql`null::uuid`, sql`s.owner_id`, sql`s.department_id`)}
            from generate_series(${onDeals + 1}::int, ${spec.activities}::int) a(g)
            join seed_accounts s on s.rn = 1 + ${sql.raw(ri('a.g', 19, nAccounts))}
            cross join lateral ${activityType('a.g')} t
           order by 4`,
    );
    counts.activities = spec.activities;

    // tasks of the open deals' owners: overdue, today, upcoming, and some done
    await step(
      'tasks',
      sql`insert into tasks (org_id, id, title, notes, due_date, remind_at, assignee_id, status, source, deal_id, account_id, completed_at, completed_by,
                             owner_id, department_id, custom_fields, created_at, created_by, updated_at, updated_by, version)
          select ${org}, md5(${orgId} || ':task:' || t.g)::uuid, (${arr(TASK_TITLES)})[${sql.raw(ri('t.g', 31, TASK_TITLES.length))} + 1], null,
                 to_char(x.due, 'YYYY-MM-DD'), (x.due::timestamp + interval '9 hours') at time zone 'Asia/Shanghai', d.owner_id,
                 case when x.done then 'done' else 'open' end, 'manual', d.id, d.account_id,
                 case when x.done then (x.due::timestamp + interval '17 hours') at time zone 'Asia/Shanghai' end, case when x.done then d.owner_id end,
                 d.owner_id, d.department_id, '{}'::jsonb, ${A} - interval '10 days', d.owner_id, ${A} - interval '10 days', d.owner_id, 1
            from generate_series(1, ${spec.tasks}::int) t(g)
            join seed_deals d on d.g = 1 + ${sql.raw(ri('t.g', 32, Math.max(1, spec.openDeals)))}
            cross join lateral (
              select (${A} at time zone 'Asia/Shanghai')::date + (array[-5, -2, -1, 0, 0, 0, 1, 2, 4, 7])[${sql.raw(ri('t.g', 33, 10))} + 1] as due,
                     ${sql.raw(r('t.g', 34))} < 0.2 as done
            ) x`,
    );
    counts.tasks = spec.tasks;

    const [dealCounts] = rowsOf<{ n: number; open: number; moves: number }>(
      await tx.execute(sql`select count(*)::int as n, count(*) filter (where status = 'open')::int as open,
                                  (select count(*)::int from deal_stage_history where org_id = ${org}) as moves
                             from deals where org_id = ${org}`),
    );
    counts.deals = dealCounts!.n;
    counts.openDeals = dealCounts!.open;
    counts.stageMoves = dealCounts!.moves;
    counts.auditEvents = dealCounts!.n;

    if (timelineDealId) {
      // one open deal in 报价谈判 with exactly `timelineDealEntries` timeline entries: 4 stage moves + follow-ups
      const moves = OPEN_STAGES.indexOf('negotiation') + 1;
      const followUps = spec.timelineDealEntries - moves;
      await step(
        'timeline deal',
        sql`with acc as (select * from seed_accounts where rn = 1)
            insert into deals (org_id, id, name, account_id, pipeline_id, stage_key, stage_entered_at, status, amount, currency, expected_close_date,
                               product, source, last_update_at, owner_id, department_id, created_at, created_by, updated_at, updated_by, version)
            select ${org}, ${timelineDealId}::uuid, acc.name || ' · 集团整体采购项目', acc.id, ${pid}, 'negotiation', ${A} - interval '20 days', 'open',
                   128000000, 'CNY', to_char((${A} at time zone 'Asia/Shanghai')::date + 30, 'YYYY-MM-DD'), ${PRODUCTS[1]!}, ${SOURCES[2]!},
                   ${A} - interval '1 day', acc.owner_id, acc.department_id, ${A} - interval '400 days', acc.owner_id, ${A} - interval '1 day', acc.owner_id, ${moves}
              from acc`,
      );
      await tx.execute(sql`
        insert into deal_stage_history (org_id, id, deal_id, pipeline_id, from_stage, to_stage, moved_at, moved_by, seconds_in_previous, via, criteria_waived)
        select ${org}, md5(${orgId} || ':move:timeline:' || s)::uuid, d.id, ${pid}, case when s > 0 then ${arr(OPEN_STAGES)}[s] end, ${arr(OPEN_STAGES)}[s + 1],
               d.created_at + s * interval '95 days', d.owner_id, case when s > 0 then 95 * 86400 end, case when s = 0 then 'api' else 'kanban' end, 0
          from deals d cross join generate_series(0, ${moves - 1}::int) s
         where d.org_id = ${org} and d.id = ${timelineDealId}::uuid`);
      const tl = sql`(d.created_at + ${sql.raw(r('a.g', 20))} * (${A} - interval '1 day' - d.created_at))`;
      await tx.execute(sql`
        insert into activities (${activityColumns})
        select ${activityValues('a.g', tl, sql`d.account_id`, sql`d.id`, sql`d.owner_id`, sql`d.department_id`)}
          from generate_series(${spec.activities + 1}::int, ${spec.activities + followUps}::int) a(g)
          cross join (select * from deals where org_id = ${org} and id = ${timelineDealId}::uuid) d
          cross join lateral ${activityType('a.g')} t`);
      counts.deals += 1;
      counts.openDeals += 1;
      counts.stageMoves += moves;
      counts.activities += followUps;
    }
    if (rebuild.length) {
      const t = Date.now();
      await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
      for (const i of rebuild) await tx.execute(sql.raw(i.def));
      opts.onProgress?.(`${rebuild.length} indexes rebuilt (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    }
    return true;
  });
  if (created) await database.exec('analyze deals, deal_stage_history, activities, tasks, audit_events, pipelines');
  return { created, pipelineId, timelineDealId, counts, ms: Date.now() - started };
}

/** md5(key)::uuid, as the seed's SQL derives ids. */
export function md5Uuid(key: string): string {
  const h = createHash('md5').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
