/// <reference lib="dom" />
/**
 * Customer data journeys (issue 3), in zh-CN, against a real server whose organization is the demo one:
 * define a custom field, import a CSV through the wizard into it, see a duplicate warning while typing a
 * company that already exists, release a customer to the public pool and claim one from it, hand over a
 * rep's customers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, startServer, type BrowserSession, type RunningServer } from './harness.js';

let server: RunningServer;
let session: BrowserSession;
let page: Page;
let csvPath: string;
let rep: { displayName: string; email: string };

const byTestId = (id: string) => page.getByTestId(id);

/** the accounts list's search box (antd puts the test id on the input or on its wrapper, by version) */
async function searchAccounts(text: string) {
  const box = page.locator('input[data-testid="accounts-search"], [data-testid="accounts-search"] input').first();
  await box.fill(text);
  await box.press('Enter');
}

const IMPORTED = ['上海华东贸易有限公司', '苏州工业园区恒达电子有限公司', '南京紫金软件科技有限公司'];

beforeAll(async () => {
  server = await startServer();
  const res = await fetch(`${server.baseUrl}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'demo' }),
  });
  expect(res.status).toBe(200);
  const { demoCredentials } = (await res.json()) as { demoCredentials: { identifier: string; password: string } };
  // a rep of the demo organization (every demo user has the demo password)
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const users = (await (await fetch(`${server.baseUrl}/api/v1/users?limit=100`, { headers: { cookie } })).json()) as {
    items: { displayName: string; email: string | null; roleName: string; status: string }[];
  };
  const found = users.items.find((u) => u.roleName === '销售代表' && u.status === 'active' && u.email);
  expect(found).toBeDefined();
  rep = { displayName: found!.displayName, email: found!.email! };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luodi-e2e-csv-'));
  csvPath = path.join(dir, '客户导入.csv');
  fs.writeFileSync(
    csvPath,
    ['客户名称,行业细分,电话', `${IMPORTED[0]},批发零售,021-62345678`, `${IMPORTED[1]},电子制造,13912345601`, `${IMPORTED[2]},软件,025-84561234`].join('\r\n'),
  );

  session = await openBrowser(server.baseUrl);
  page = session.page;
  await page.goto('/sign-in');
  await byTestId('sign-in-identifier').fill(demoCredentials.identifier);
  await byTestId('sign-in-password').fill(demoCredentials.password);
  await byTestId('sign-in-submit').click();
  await page.waitForURL(/\/accounts/);
});

afterAll(async () => {
  await session?.close();
  await server?.stop();
  if (csvPath) fs.rmSync(path.dirname(csvPath), { recursive: true, force: true });
});

describe('customer data journeys (zh-CN)', () => {
  it('defines a custom field for accounts', async () => {
    await byTestId('nav-custom-fields').click();
    await byTestId('cf-create').click();
    await byTestId('cf-form-label-zh').fill('行业细分');
    await byTestId('cf-form-label-en').fill('Sub-sector');
    await byTestId('cf-form-key').fill('sub_sector');
    await byTestId('cf-form-submit').click();
    await expect.poll(() => page.locator('[data-testid="cf-row"][data-key="sub_sector"]').count()).toBe(1);
  });

  it('imports a CSV with the wizard: mapping suggested from the headers, dry run, then the real run', async () => {
    await byTestId('nav-accounts').click();
    await byTestId('accounts-import').click();
    await page.locator('input[type="file"]').setInputFiles(csvPath);
    // the headers map themselves: 客户名称 → name, 行业细分 → the custom field by its Chinese label, 电话 → phone
    await expect.poll(() => byTestId('import-mapping-select-0').textContent()).toContain('客户名称');
    await expect.poll(() => byTestId('import-mapping-select-1').textContent()).toContain('行业细分');
    await expect.poll(() => byTestId('import-mapping-select-2').textContent()).toContain('电话');
    await byTestId('import-dry-run').click();
    await byTestId('import-run').click();
    await expect.poll(() => byTestId('import-result').getAttribute('data-status'), { timeout: 30_000 }).toBe('completed');
    await expect.poll(() => byTestId('import-counter-created').textContent()).toContain('3');

    await byTestId('import-go-to-list').click();
    await searchAccounts('华东贸易');
    const row = page.locator('[data-testid="account-row"]', { hasText: IMPORTED[0] });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByTestId('account-row-name').click();
    await expect.poll(() => byTestId('account-fields').textContent()).toContain('批发零售');
  });

  it('warns of a duplicate while a variant of an existing company is typed', async () => {
    await page.goto('/accounts');
    await byTestId('accounts-create').click();
    await byTestId('account-form-name').fill('上海华东贸易（集团）有限公司');
    const warning = byTestId('duplicate-warning');
    await expect.poll(() => warning.textContent(), { timeout: 10_000 }).toContain(IMPORTED[0]);
    await page.keyboard.press('Escape');
  });

  it('releases a customer to the public pool; a rep claims it from there', async () => {
    await page.goto('/accounts');
    await searchAccounts('南京紫金');
    await page.locator('[data-testid="account-row"]', { hasText: IMPORTED[2] }).getByTestId('account-row-name').click();
    await byTestId('account-release').click();
    await byTestId('release-reason').fill('客户暂无采购计划');
    await byTestId('release-confirm').click();
    await expect.poll(() => byTestId('account-in-pool').isVisible()).toBe(true);
    await expect
      .poll(() => page.locator('[data-testid="account-history-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))))
      .toContain('release');

    // the rep, in a browser of their own, finds it in the pool and claims it
    const repContext = await session.browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const repPage = await repContext.newPage();
    repPage.setDefaultTimeout(15_000);
    try {
      await repPage.goto('/sign-in');
      await repPage.getByTestId('sign-in-identifier').fill(rep.email);
      await repPage.getByTestId('sign-in-password').fill('luodi-demo');
      await repPage.getByTestId('sign-in-submit').click();
      await repPage.waitForURL(/\/accounts/);
      await repPage.getByTestId('nav-pools').click();
      const row = repPage.getByTestId('pool-account-row').filter({ hasText: IMPORTED[2] });
      await expect.poll(() => row.count()).toBe(1);
      await row.getByTestId('pool-claim-one').click();
      await expect.poll(() => row.count()).toBe(0);
    } finally {
      await repContext.close();
    }

    await page.reload();
    await expect.poll(() => byTestId('account-in-pool').count()).toBe(0);
    await expect.poll(() => byTestId('account-owner').textContent()).toContain(rep.displayName);
    await expect
      .poll(() => page.locator('[data-testid="account-history-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))))
      .toContain('claim');
  });

  it("hands over a rep's customers to a colleague", async () => {
    await page.goto('/users');
    const repName = rep.displayName;
    const repRow = page.locator('[data-testid="user-row"]', { hasText: rep.email });
    await expect.poll(() => repRow.count()).toBe(1);
    // the wizard opens on the rep's holdings (the customer claimed above among them)
    await repRow.getByTestId('user-handover').click();
    await expect.poll(() => page.getByTestId('handover-holdings-step').textContent()).toMatch(/[1-9]/);
    await byTestId('handover-next').click();
    await byTestId('handover-receiver-user-0').click();
    const receiver = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasNotText: repName }).first();
    // the option shows the name, then department and email on a second line
    const receiverName = (await receiver.locator('.ant-select-item-option-content > div > div').first().textContent())!.trim();
    await receiver.click();
    await byTestId('handover-next').click();
    await expect.poll(() => byTestId('handover-confirm-row').textContent()).toContain(receiverName);
    await byTestId('handover-submit').click();
    await expect.poll(() => byTestId('handover-result-step').isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => byTestId('handover-result-step').textContent()).toContain(receiverName);

    // the customer the rep claimed now belongs to the receiver; its history names the previous owner
    await page.goto('/accounts');
    await searchAccounts('南京紫金');
    await page.locator('[data-testid="account-row"]', { hasText: IMPORTED[2] }).getByTestId('account-row-name').click();
    await expect.poll(() => byTestId('account-owner').textContent()).toContain(receiverName);
    await expect.poll(() => page.locator('[data-testid="account-history-change"][data-field="ownerId"]').first().textContent()).toContain(repName);
  });
});
