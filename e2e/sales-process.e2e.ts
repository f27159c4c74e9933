/// <reference lib="dom" />
/**
 * Sales process journeys (issue 4), in zh-CN, against a real server whose organization is the demo one: an admin
 * adds a stage entry criterion; a deal dragged on the kanban into a stage it does not qualify for gets the stage
 * gate with exactly what is missing, filled in the prompt; a follow-up quick-logged in ≤ 3 actions lands on the
 * deal's timeline and its next action becomes a task that is then completed; rotting deals show in red on the
 * board and in the list; at 375 px the board scrolls sideways and a card's "move to" menu opens the same gate.
 *
 * The deals moved here are created through the API in beforeAll (deterministic, whatever the demo data holds);
 * the rotting deals are the demo seed's (open deals idle up to 20 days, about two thirds beyond 7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, startServer, type BrowserSession, type RunningServer } from './harness.js';

let server: RunningServer;
let session: BrowserSession;
let page: Page;

/** the API session of the demo administrator (cookie + CSRF token), for arranging data and checking the server */
let cookie = '';
let csrf = '';

/** two deals of our own: A qualifies for 需求确认 and is dragged on to 方案演示; B has no follow-up yet */
const DEAL_A = '落地推进测试甲 · 门店管理系统';
const DEAL_B = '落地推进测试乙 · 年度维保';
let dealA: string;
let dealB: string;

/** the org's time zone (the activity settings' default); the browser runs in it so "tomorrow" is the same day on both sides */
const TIME_ZONE = 'Asia/Shanghai';
const dayIn = (offsetDays: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(Date.now() + offsetDays * 86_400_000));

const byTestId = (id: string) => page.getByTestId(id);

/** expect.poll with room for a loaded machine (its default gives up after one second) */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

/** antd puts a test id on the input or on its wrapper, by component and version */
const inputOf = (id: string) => page.locator(`input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input`).first();

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface DealBody {
  id: string;
  stageKey: string;
  version: number;
  amount: number | null;
  expectedCloseDate: string | null;
  attachmentKinds?: string[];
  effectiveFollowUps?: number;
}
const getDeal = async (id: string) => (await api<DealBody>('GET', `/deals/${id}`)).body;

/** the kinds and keys of the criteria the stage gate lists, and whether each is met */
const gateCriteria = () =>
  page
    .locator('[data-testid="stage-gate-modal"] [data-testid="gate-criterion"]')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-key')}:${e.getAttribute('data-met')}`));

const isRed = async (el: Locator, prop: 'border-left-color' | 'background-color') => {
  const color = await el.evaluate((e, p) => getComputedStyle(e).getPropertyValue(p), prop);
  const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
  return r! >= 180 && g! <= 120 && b! <= 120;
};

beforeAll(async () => {
  server = await startServer();
  const res = await fetch(`${server.baseUrl}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'demo' }),
  });
  expect(res.status).toBe(200);
  const { demoCredentials } = (await res.json()) as { demoCredentials: { identifier: string; password: string } };
  cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  csrf = (await api<{ csrfToken: string }>('GET', '/auth/me')).body.csrfToken;

  // A: two effective follow-ups (a meeting with enough said), then into 需求确认 — next it needs an amount and a
  // 需求清单 to enter 方案演示
  const a = await api<DealBody>('POST', '/deals', { name: DEAL_A });
  expect(a.status).toBe(201);
  dealA = a.body.id;
  for (const feedback of ['对方案整体认可，希望尽快看到详细报价', '采购负责人确认今年预算已经批下来了']) {
    const log = await api('POST', '/activities', {
      type: 'meeting',
      dealId: dealA,
      need: '客户需要一套覆盖全国三百家门店的销售管理系统',
      feedback,
      nextAction: '整理客户需求清单',
      nextActionDate: dayIn(5),
    });
    expect(log.status).toBe(201);
  }
  const moved = await api<DealBody>('PATCH', `/deals/${dealA}`, { version: a.body.version, stageKey: 'needs_confirmed' });
  expect(moved.status).toBe(200);
  expect(moved.body.stageKey).toBe('needs_confirmed');

  // B: just created, in 初步接触, no follow-up
  const b = await api<DealBody>('POST', '/deals', { name: DEAL_B });
  expect(b.status).toBe(201);
  dealB = b.body.id;

  session = await openBrowser(server.baseUrl);
  // the browser in the organization's time zone (the quick-log prefills tomorrow; the task views are by org day)
  await session.context.close();
  session.context = await session.browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', timezoneId: TIME_ZONE, viewport: { width: 1280, height: 800 } });
  page = session.page = await session.context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto('/sign-in');
  await byTestId('sign-in-identifier').fill(demoCredentials.identifier);
  await byTestId('sign-in-password').fill(demoCredentials.password);
  await byTestId('sign-in-submit').click();
  await page.waitForURL(/\/accounts/);
});

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

describe('sales process journeys (zh-CN)', () => {
  it('an admin adds a stage entry criterion in the pipeline settings; it is there after a reload', async () => {
    await page.goto('/settings/pipelines');
    const contract = byTestId('pipeline-stage-row-contract');
    await poll(() => contract.isVisible()).toBe(true);
    // 合同签署 has no criterion yet: add "required field" and pick 描述
    await poll(() => byTestId('pipeline-criterion-contract-0').count()).toBe(0);
    await byTestId('pipeline-add-criterion-contract').click();
    await byTestId('pipeline-add-criterion-contract-required_field').click();
    await byTestId('pipeline-criterion-field-contract-0').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^描述$/ }).first().click();
    await poll(() => byTestId('pipeline-criterion-field-contract-0').textContent()).toContain('描述');
    await byTestId('pipeline-save').click();
    await poll(() => byTestId('pipeline-save').isDisabled()).toBe(true);

    await page.reload();
    await poll(() => byTestId('pipeline-criterion-field-contract-0').textContent()).toContain('描述');
    const pipelines = (await api<{ items: { isDefault: boolean; stages: { key: string; entryCriteria: unknown[] }[] }[] }>('GET', '/pipelines')).body;
    const stage = pipelines.items.find((p) => p.isDefault)!.stages.find((s) => s.key === 'contract')!;
    expect(stage.entryCriteria).toEqual([{ kind: 'required_field', field: 'description' }]);
  });

  it('a card dragged into a stage it does not qualify for opens the gate; what is missing is filled in the prompt', async () => {
    await page.goto(`/deals?q=${encodeURIComponent('落地推进测试')}`);
    const card = byTestId(`deal-card-${dealA}`);
    await poll(() => card.getAttribute('data-stage')).toBe('needs_confirmed');
    await card.dragTo(byTestId('board-column-solution_demo'));

    // the gate lists exactly the two things 方案演示 needs and the deal lacks
    const gate = byTestId('stage-gate-modal');
    await poll(() => gate.getAttribute('data-to-stage')).toBe('solution_demo');
    await poll(gateCriteria).toEqual(['required_field:amount:false', 'attachment:requirements:false']);
    await poll(() => byTestId('stage-gate-submit').isDisabled()).toBe(true);

    await inputOf('gate-field-amount').fill('368000');
    await poll(gateCriteria).toEqual(['required_field:amount:true', 'attachment:requirements:false']);
    await page.locator('[data-testid="gate-upload-requirements"] input[type="file"]').setInputFiles({
      name: '需求清单.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('1. 门店库存管理\n2. 会员积分\n3. 总部报表\n'),
    });
    await poll(gateCriteria).toEqual(['required_field:amount:true', 'attachment:requirements:true']);
    await byTestId('stage-gate-submit').click();

    await poll(() => gate.isVisible()).toBe(false);
    await poll(() => byTestId('board-column-solution_demo').getByTestId(`deal-card-${dealA}`).count()).toBe(1);
    await poll(() => card.getAttribute('data-stage')).toBe('solution_demo');
    const saved = await getDeal(dealA);
    expect(saved.stageKey).toBe('solution_demo');
    expect(saved.amount).toBe(36_800_000);
    expect(saved.attachmentKinds).toContain('requirements');
  });

  it('the gate of 报价谈判 asks for the expected close date and a quote, taken in the same prompt', async () => {
    const card = byTestId(`deal-card-${dealA}`);
    await poll(() => card.getAttribute('data-stage')).toBe('solution_demo');
    await card.dragTo(byTestId('board-column-negotiation'));

    const gate = byTestId('stage-gate-modal');
    await poll(() => gate.getAttribute('data-to-stage')).toBe('negotiation');
    await poll(gateCriteria).toEqual(['required_field:expectedCloseDate:false', 'attachment:quote:false']);
    const close = dayIn(45);
    const date = inputOf('gate-field-expectedCloseDate');
    await date.click();
    await date.fill(close);
    await date.press('Enter');
    await poll(gateCriteria).toEqual(['required_field:expectedCloseDate:true', 'attachment:quote:false']);
    await page.locator('[data-testid="gate-upload-quote"] input[type="file"]').setInputFiles({
      name: '报价单.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('门店管理系统 三百家门店 首年 ¥368,000\n'),
    });
    await poll(gateCriteria).toEqual(['required_field:expectedCloseDate:true', 'attachment:quote:true']);
    await byTestId('stage-gate-submit').click();

    await poll(() => byTestId('board-column-negotiation').getByTestId(`deal-card-${dealA}`).count()).toBe(1);
    const saved = await getDeal(dealA);
    expect(saved.stageKey).toBe('negotiation');
    expect(saved.expectedCloseDate).toBe(close);
    expect(saved.attachmentKinds).toEqual(expect.arrayContaining(['requirements', 'quote']));
  });

  const NEED = '客户希望下周演示总部报表与门店库存联动';
  const NEXT_ACTION = '发送演示环境账号并预约演示时间';

  it('quick-logs a follow-up from the deal page in three actions; the timeline shows it', async () => {
    await page.goto(`/deals/${dealA}`);
    await poll(() => byTestId('deal-detail').getAttribute('data-stage')).toBe('negotiation');
    const before = (await getDeal(dealA)).effectiveFollowUps ?? 0;

    // Actions are the user's clicks (and key presses that submit): opening the quick-log, saving it. Typing into
    // the structured fields is not an action; the next-action date is prefilled with tomorrow.
    let actions = 0;
    const act = async (l: Locator) => {
      actions += 1;
      await l.click();
    };
    await act(byTestId('quicklog-open'));
    await inputOf('quicklog-need').fill(NEED);
    await inputOf('quicklog-feedback').fill('客户对库存联动很感兴趣，担心实施周期');
    await inputOf('quicklog-next-action').fill(NEXT_ACTION);
    await inputOf('quicklog-duration').fill('12');
    await poll(() => inputOf('quicklog-next-date').inputValue()).toBe(dayIn(1));
    await act(byTestId('quicklog-save'));
    expect(actions).toBeLessThanOrEqual(3);

    await poll(() => byTestId('quicklog-save').isVisible()).toBe(false);
    const item = byTestId('timeline').locator('[data-testid="timeline-item"][data-kind="activity"]', { hasText: NEED });
    await poll(() => item.count()).toBe(1);
    await poll(() => item.textContent()).toContain(NEXT_ACTION);
    // a call of 12 minutes with enough said is an effective follow-up
    await poll(async () => (await getDeal(dealA)).effectiveFollowUps).toBe(before + 1);
  });

  it("shows the next action as tomorrow's task under 即将到期 and completes it", async () => {
    await page.goto('/tasks?view=upcoming');
    const row = page.locator('[data-testid^="task-row-"]', { hasText: NEXT_ACTION });
    await poll(() => row.count()).toBe(1);
    const taskId = (await row.getAttribute('data-testid'))!.replace('task-row-', '');
    await poll(() => byTestId(`task-due-${taskId}`).textContent()).toContain(dayIn(1));
    await poll(() => byTestId(`task-deal-${taskId}`).textContent()).toContain(DEAL_A);

    await byTestId(`task-complete-${taskId}`).click();
    await poll(() => row.count()).toBe(0);
    await byTestId('tasks-tab-done').click();
    await poll(() => byTestId(`task-row-${taskId}`).count()).toBe(1);
    const done = (await api<{ items: { id: string; status: string }[] }>('GET', '/tasks?view=done&assignee=me')).body;
    expect(done.items.find((t) => t.id === taskId)?.status).toBe('done');
  });

  it('shows rotting deals in red on the board, in the list filtered to rotting, and on the deal page', async () => {
    await page.goto('/deals');
    const rotting = page.locator('[data-testid^="deal-card-"][data-rotting="true"]');
    await poll(() => rotting.count()).toBeGreaterThan(0);
    const first = rotting.first();
    const id = (await first.getAttribute('data-deal-id'))!;
    expect(await isRed(first, 'border-left-color')).toBe(true);
    const idle = first.getByTestId('deal-card-idle');
    expect(Number(await idle.getAttribute('data-days'))).toBeGreaterThanOrEqual(7);
    expect(await isRed(idle, 'background-color')).toBe(true);
    // a fresh deal is not rotting
    await page.goto(`/deals?q=${encodeURIComponent('落地推进测试')}`);
    await poll(() => byTestId(`deal-card-${dealA}`).getAttribute('data-rotting')).toBe('false');

    await page.goto('/deals/list?rotting=1');
    const rows = page.locator('[data-testid="deal-row"]');
    await poll(() => page.locator(`[data-testid="deal-row"][data-id="${id}"]`).getAttribute('data-rotting')).toBe('true');
    expect(await rows.evaluateAll((els) => els.every((e) => e.getAttribute('data-rotting') === 'true'))).toBe(true);
    expect(await page.locator(`[data-testid="deal-row"][data-id="${dealA}"]`).count()).toBe(0);

    await page.goto(`/deals/${id}`);
    await poll(() => byTestId('deal-rotting-banner').isVisible()).toBe(true);
  });

  it('quick-logs a follow-up from a kanban card in three actions, without opening the card', async () => {
    await page.goto(`/deals?q=${encodeURIComponent('落地推进测试')}`);
    await poll(() => byTestId(`deal-card-${dealB}`).isVisible()).toBe(true);
    let actions = 0;
    const act = async (l: Locator) => {
      actions += 1;
      await l.click();
    };
    await act(byTestId(`quicklog-open-${dealB}`));
    await inputOf('quicklog-need').fill('客户想先了解门店巡检功能');
    await inputOf('quicklog-feedback').fill('约了下周到店里演示');
    await inputOf('quicklog-next-action').fill('准备门店巡检演示');
    await act(byTestId('quicklog-save'));
    expect(actions).toBeLessThanOrEqual(3);
    await poll(() => byTestId('quicklog-save').isVisible()).toBe(false);
    expect(page.url()).toContain('/deals?'); // still on the board
    await poll(async () => (await api<{ items: unknown[] }>('GET', `/activities?dealId=${dealB}`)).body.items.length).toBe(1);
  });

  it('at 375 px the board scrolls sideways and the "move to" menu opens the same gate', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`/deals?q=${encodeURIComponent('落地推进测试')}`);
    const board = byTestId('deals-board');
    await poll(() => byTestId(`deal-card-${dealB}`).isVisible()).toBe(true);
    // the columns overflow the board, which scrolls; the page itself does not
    const widths = await board.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(widths.scroll).toBeGreaterThan(widths.client);
    await board.evaluate((el) => el.scrollTo({ left: 400 }));
    await poll(() => board.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await board.evaluate((el) => el.scrollTo({ left: 0 }));

    await byTestId(`deal-card-move-${dealB}`).click();
    await byTestId('deal-move-to-needs_confirmed').click();
    const gate = byTestId('stage-gate-modal');
    await poll(() => gate.getAttribute('data-to-stage')).toBe('needs_confirmed');
    await poll(gateCriteria).toEqual(['min_effective_followups:followups:false']);
    await poll(() => byTestId('gate-followups').getAttribute('data-missing')).toBe('2');
    await byTestId('stage-gate-cancel').click();
    await poll(() => gate.isVisible()).toBe(false);
    expect((await getDeal(dealB)).stageKey).toBe('initial_contact');
  });
});
