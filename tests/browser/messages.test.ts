/**
 * Messages in the browser, phone-sized, without JavaScript's help: a resident follows a community
 * and sets what reaches them; a code asked for on the verify page shows in the admins' outbox;
 * the admins' jobs page lists the schedules; the reports feed answers as Atom with an ETag.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectNoSeriousA11yViolations, logIn, newPage, openPhonePage, screenshot } from './support';

describe('messages in the browser', () => {
  let browser: Browser;
  let page: Page;
  let problems: string[];
  beforeAll(async () => ({ browser, page, problems } = await openPhonePage()));
  afterAll(() => browser?.close());

  it('lets a resident follow a community and choose channels per kind', async () => {
    await logIn(page, 'resident');
    await page.goto('/notifications/follows');
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('每天早上汇总一次，而不是每件都通知').check();
    await page.getByRole('button', { name: '关注', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: '取消关注' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('每日摘要');
    await screenshot(page, 'messages-follows');
    await page.goto('/notifications/settings');
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('服务提醒（提前 24 小时、2 小时） 短信').uncheck();
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已保存');
    expect(await page.getByLabel('服务提醒（提前 24 小时、2 小时） 短信').isChecked()).toBe(false);
  });

  it('shows admins the outbox, recipients masked, and the jobs with their schedules', async () => {
    const admin = await newPage(browser);
    await logIn(admin, 'admin');
    await admin.goto('/admin/outbox');
    await expectNoSeriousA11yViolations(admin);
    expect(await admin.locator('h1').textContent()).toBe('发件箱');
    expect(await admin.locator('main').textContent()).not.toMatch(/1[3-9]\d{9}/);
    await screenshot(admin, 'messages-outbox');
    await admin.goto('/admin/jobs');
    await expectNoSeriousA11yViolations(admin);
    expect(await admin.locator('main').textContent()).toContain('reports.deadline-check');
    await screenshot(admin, 'messages-jobs');
    await admin.context().close();
  });

  it('serves the reports feed as Atom and answers If-None-Match with 304', async () => {
    const first = await fetch(`${baseUrl()}/feeds/reports.atom`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/atom+xml');
    expect(await first.text()).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    const again = await fetch(`${baseUrl()}/feeds/reports.atom`, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const refused = await fetch(`${baseUrl()}/feeds/reports.atom?radius=9000&lat=28&lng=113`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('5000');
  });

  it('reported no console errors or failed requests', () => {
    expect(problems).toEqual([]);
  });
});
