/**
 * What a person does with an account, in Chromium on a phone-sized screen, without help from
 * JavaScript: register, log out, log in (wrongly, then rightly), switch language, hit a staff page.
 * axe checks every page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations, launchBrowser, logIn, newPage, openPhonePage, screenshot } from './support';

const phone = `137${String(Date.now() % 1e8).padStart(8, '0')}`;
const password = 'browser-pass-1';

describe('accounts in the browser', () => {
  let browser: Browser;
  let page: Page;
  let problems: string[];
  beforeAll(async () => ({ browser, page, problems } = await openPhonePage()));
  afterAll(() => browser?.close());

  it('keeps what was typed and marks the field when registration fails', async () => {
    await page.goto('/register');
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('手机号').fill('1234');
    await page.getByLabel('昵称').fill('浏览器用户');
    await page.getByLabel('出生年份').fill('1990');
    await page.getByLabel('密码').fill(password);
    await page.getByLabel(/我已阅读并同意/).check();
    await page.getByRole('button', { name: '注册' }).click();
    await expect.poll(() => page.locator('#field-phone-error').textContent()).toContain('有效的中国大陆手机号');
    expect(await page.getByLabel('昵称').inputValue()).toBe('浏览器用户');
    expect(await page.getByLabel('出生年份').inputValue()).toBe('1990');
    expect(await page.getByLabel('手机号').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'register-error');
    await expectNoSeriousA11yViolations(page);
  });

  it('registers, lands on the account page and sees the full number there', async () => {
    await page.getByLabel('手机号').fill(phone);
    await page.getByLabel('密码').fill(password);
    if (!(await page.getByLabel(/我已阅读并同意/).isChecked())) await page.getByLabel(/我已阅读并同意/).check();
    await page.getByRole('button', { name: '注册' }).click();
    await page.waitForURL((url) => url.pathname === '/account' && url.searchParams.has('welcome'));
    expect(await page.getByRole('status').textContent()).toContain('注册成功');
    expect(await page.locator('main').textContent()).toContain(phone);
    await screenshot(page, 'account');
    await expectNoSeriousA11yViolations(page);
  });

  it('logs out from the navigation', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.getByRole('link', { name: '登录' }).count()).toBeGreaterThan(0);
  });

  it('refuses a wrong password with one message and keeps the login typed', async () => {
    await page.goto('/login');
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('手机号或账号名').fill(phone);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).last().click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('手机号（账号名）或密码不正确');
    expect(await page.getByLabel('手机号或账号名').inputValue()).toBe(phone);
    await screenshot(page, 'login-wrong-password');
  });

  it('logs in and returns to the page that asked for it', async () => {
    await page.goto('/account');
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/account');
    await page.getByLabel('手机号或账号名').fill(phone);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).last().click();
    await page.waitForURL((url) => url.pathname === '/account');
    expect(await page.locator('h1').textContent()).toBe('我的账号');
  });

  it('switches to English, remembers it, and sets <html lang>', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: /English/ }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe("Let's build a civilized city");
    await page.goto('/account');
    expect(await page.locator('h1').textContent()).toBe('My account');
    await screenshot(page, 'home-en');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: /中文/ }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('shows a resident a localized refusal on a staff page', async () => {
    const response = await page.goto('/admin/audit');
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('没有权限');
    await screenshot(page, 'forbidden');
    await expectNoSeriousA11yViolations(page);
  });

  it('shows a friendly 404 page', async () => {
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('页面不存在');
    await expectNoSeriousA11yViolations(page);
  });

  it('ran every page above without a CSP violation or script error', () => {
    expect(problems).toEqual([]);
  });
});

describe('staff and admin pages in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('lets an admin change a role, and the audit log shows who did it, before and after', async () => {
    const page = await newPage(browser);
    try {
      await logIn(page, 'admin');
      await page.goto('/admin/users?q=resident');
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('link', { name: '修改角色' }).first().click();
      await page.getByLabel('角色').selectOption('volunteer');
      await page.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('已修改');
      await page.goto('/admin/audit?action=user.role.change');
      const row = page.locator('tbody tr').first();
      expect(await row.textContent()).toContain('周管理');
      // Before and after in words (角色: 居民 → 志愿者), not JSON.
      expect(await row.textContent()).toContain('居民');
      expect(await row.textContent()).toContain('志愿者');
      expect(await row.textContent()).not.toContain('"role"');
      // The target is named: the person whose role changed, not only "用户 #n".
      expect((await row.locator('[data-target-name]').textContent())?.trim()).toBeTruthy();
      await screenshot(page, 'admin-audit');
      await expectNoSeriousA11yViolations(page);
      // Put the demo resident back for the other tests.
      await page.goto('/admin/users?q=resident');
      await page.getByRole('link', { name: '修改角色' }).first().click();
      await page.getByLabel('角色').selectOption('resident');
      await page.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('已修改');
    } finally {
      await page.context().close();
    }
  });

  it('shows staff their workspace with their department', async () => {
    const page = await newPage(browser);
    try {
      await logIn(page, 'staff');
      await page.goto('/staff');
      expect(await page.locator('main').textContent()).toContain('城管执法局');
      await expectNoSeriousA11yViolations(page);
    } finally {
      await page.context().close();
    }
  });
});
