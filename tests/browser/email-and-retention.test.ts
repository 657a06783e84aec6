/**
 * In Chromium on a phone-sized screen, without help from JavaScript: a resident adds an e-mail
 * address (demo mode shows the link), opens the link and confirms it, sees it verified, removes it;
 * an admin sees the retention periods and the sweep's runs on /admin/privacy and changes a period,
 * within its bounds only. axe checks both pages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectNoSeriousA11yViolations, logIn, newPage, openPhonePage, screenshot } from './support';

const stamp = String(Date.now() % 1e7).padStart(7, '0');
const address = `resident${stamp}@example.test`;

describe('the e-mail address and the retention page in the browser', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => ({ browser, page } = await openPhonePage({ javaScriptEnabled: false })));
  afterAll(() => browser?.close());

  it("adds an e-mail address, which is the account's only after its link is confirmed", async () => {
    await logIn(page, 'resident');
    await page.goto('/account');
    await page.getByRole('textbox', { name: '电子邮箱' }).fill('someone@localhost');
    await page.getByRole('button', { name: '发送验证邮件' }).click();
    await expect.poll(() => page.locator('#field-email-error').textContent()).toContain('有效的电子邮箱');

    await page.getByRole('textbox', { name: '电子邮箱' }).fill(address);
    await page.getByRole('button', { name: '发送验证邮件' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`验证邮件已发送到 ${address}`);
    expect(await page.locator('#email-state').textContent()).toContain('尚未添加邮箱');
    await screenshot(page, 'account-email-sent');
    const link = await page.locator('#demo-email-link a').getAttribute('href');
    const token = new URL(link!).searchParams.get('token')!;

    await page.goto(`/account/email/verify?token=${token}`);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: '确认验证' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`邮箱 ${address} 已验证`);
    await page.goto('/account');
    expect(await page.locator('#email-state').textContent()).toContain(`已验证：${address}`);

    // The link works once.
    await page.goto(`/account/email/verify?token=${token}`);
    await page.getByRole('button', { name: '确认验证' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('验证链接无效');

    await page.goto('/account');
    await page.getByRole('button', { name: '删除邮箱' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('邮箱已删除');
    expect(await page.locator('#email-state').textContent()).toContain('尚未添加邮箱');
  });

  it('shows an admin the retention periods and the latest sweeps, and keeps a change within the bounds', async () => {
    await page.context().close();
    page = await newPage(browser, { javaScriptEnabled: false });
    await logIn(page, 'admin');
    await page.goto('/admin/privacy');
    await expectNoSeriousA11yViolations(page);
    expect(await page.getByRole('spinbutton', { name: /热线来电人/ }).inputValue()).toBe('180');
    expect(await page.locator('main').textContent()).toMatch(/最近的清理记录/);
    await screenshot(page, 'admin-retention');

    // Outside the bounds (the browser's own check bypassed): refused with the bounds named.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const form = new URLSearchParams({ hotlineCallerDays: '3', blurredOriginalDays: '90', codeDays: '7', loginThrottleDays: '1', closedAccountDays: '30' });
    const refused = await fetch(new URL('/admin/privacy?_action=admin.setRetention', baseUrl()), {
      method: 'POST',
      headers: { cookie, origin: new URL(baseUrl()).origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('7 至 730');

    await page.getByRole('spinbutton', { name: /热线来电人/ }).fill('120');
    await page.getByRole('button', { name: '保存期限' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('保存期限已更新');
    expect(await page.getByRole('spinbutton', { name: /热线来电人/ }).inputValue()).toBe('120');
    await page.goto('/privacy');
    expect(await page.locator('main').textContent()).toContain('上报办结后 120 天删除');
    await page.goto('/admin/audit');
    expect(await page.locator('main').textContent()).toContain('修改保存期限');
    // Put back what the other tests of this run expect.
    await page.goto('/admin/privacy');
    await page.getByRole('spinbutton', { name: /热线来电人/ }).fill('180');
    await page.getByRole('button', { name: '保存期限' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('保存期限已更新');
  });
});
