/// <reference lib="dom" />
/**
 * The foundation's main user journeys, in zh-CN, against a real server with a fresh embedded database:
 * first-run setup, sign-in, a department and a user, an account's whole life, English, phone width.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, startServer, type BrowserSession, type RunningServer } from './harness.js';

let server: RunningServer;
let session: BrowserSession;
let page: Page;

const ADMIN_EMAIL = 'director@luodi-e2e.cn';
const ADMIN_PASSWORD = 'Luodi-e2e-2026';

const byTestId = (id: string) => page.getByTestId(id);

/** antd selects: open the select, then click the visible option with the text. */
async function chooseOption(select: Locator, text: string) {
  await select.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

async function chooseTreeOption(select: Locator, text: string) {
  await select.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: text }).first().click();
}

beforeAll(async () => {
  server = await startServer();
  session = await openBrowser(server.baseUrl);
  page = session.page;
});

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

describe('foundation journeys (zh-CN)', () => {
  it('first run: creates the organization and its administrator', async () => {
    await page.goto('/');
    await byTestId('setup-mode-create').click();
    await byTestId('setup-org-name').fill('上海落地测试有限公司');
    await byTestId('setup-admin-name').fill('王总监');
    await byTestId('setup-email').fill(ADMIN_EMAIL);
    await byTestId('setup-password').fill(ADMIN_PASSWORD);
    await byTestId('setup-password-confirm').fill(ADMIN_PASSWORD);
    await byTestId('setup-submit').click();
    await expect.poll(() => page.url()).toContain('/accounts');
    await expect.poll(() => byTestId('header-org-name').textContent()).toContain('上海落地测试有限公司');
  });

  it('signs out, refuses a wrong password in Chinese, signs in', async () => {
    await byTestId('user-menu').click();
    await byTestId('menu-sign-out').click();
    await expect.poll(() => page.url()).toContain('/sign-in');
    await byTestId('sign-in-identifier').fill(ADMIN_EMAIL);
    await byTestId('sign-in-password').fill('wrong-password');
    await byTestId('sign-in-submit').click();
    await expect.poll(() => byTestId('sign-in-error').textContent()).toMatch(/[\u4e00-\u9fff]/);
    await byTestId('sign-in-password').fill(ADMIN_PASSWORD);
    await byTestId('sign-in-submit').click();
    await expect.poll(() => page.url()).toContain('/accounts');
  });

  it('creates a department and a user in it', async () => {
    await byTestId('nav-departments').click();
    await byTestId('departments-create').click();
    await byTestId('department-form-name').fill('华东大区');
    await byTestId('department-form-submit').click();
    await expect.poll(() => page.locator('[data-testid="department-node"][data-name="华东大区"]').count()).toBe(1);

    await byTestId('nav-users').click();
    await byTestId('users-create').click();
    await byTestId('user-form-name').fill('李销售');
    await byTestId('user-form-email').fill('li@luodi-e2e.cn');
    await byTestId('user-form-password').fill('Rep-passw0rd');
    await chooseTreeOption(byTestId('user-form-department'), '华东大区');
    await chooseOption(byTestId('user-form-role'), '销售代表');
    await byTestId('user-form-submit').click();
    await expect.poll(() => byTestId('users-table').textContent()).toContain('李销售');
    await expect.poll(() => byTestId('users-table').textContent()).toContain('华东大区');
  });

  it('creates, edits, deletes and restores an account, with its history', async () => {
    await byTestId('nav-accounts').click();
    await byTestId('accounts-create').click();
    await byTestId('account-form-name').fill('杭州恒信精密机械有限公司');
    await byTestId('account-form-phone').fill('13812345678');
    await byTestId('account-form-industry').fill('制造业');
    await byTestId('account-form-submit').click();
    const row = page.locator('[data-testid="account-row"]', { hasText: '杭州恒信精密机械有限公司' });
    await expect.poll(() => row.count()).toBe(1);

    await row.getByTestId('account-row-name').click();
    await expect.poll(() => byTestId('account-name').textContent()).toContain('杭州恒信精密机械有限公司');

    await byTestId('account-edit').click();
    await byTestId('account-form-industry').fill('高端装备');
    await byTestId('account-form-submit').click();
    await expect.poll(() => byTestId('account-fields').textContent()).toContain('高端装备');
    const industryChange = page.locator('[data-testid="account-history-change"][data-field="industry"]');
    await expect.poll(() => industryChange.first().textContent()).toContain('高端装备');
    await expect.poll(() => industryChange.first().textContent()).toContain('制造业');

    await byTestId('account-delete').click();
    await byTestId('account-delete-confirm').click();
    await expect.poll(() => byTestId('account-deleted-tag').isVisible()).toBe(true);

    await byTestId('account-restore').click();
    await expect.poll(() => byTestId('account-deleted-tag').count()).toBe(0);
    await expect
      .poll(async () =>
        page.locator('[data-testid="account-history-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))),
      )
      .toEqual(expect.arrayContaining(['create', 'update', 'delete', 'restore']));
  });

  it('switches to English and back', async () => {
    await byTestId('lang-switch').click();
    await byTestId('lang-option-en').click();
    await expect.poll(() => byTestId('nav-accounts').textContent()).toContain('Accounts');
    await byTestId('lang-switch').click();
    await byTestId('lang-option-zh-CN').click();
    await expect.poll(() => byTestId('nav-accounts').textContent()).toContain('客户');
  });

  it('is usable at 375 px: navigation in a drawer, accounts as cards', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/accounts');
    await byTestId('nav-toggle').click();
    await expect.poll(() => byTestId('nav-drawer').isVisible()).toBe(true);
    await byTestId('nav-accounts').last().click();
    await expect.poll(() => byTestId('accounts-cards').isVisible()).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
