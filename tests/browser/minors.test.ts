/**
 * A child registers in Chromium on a phone-sized screen with a year of birth under 14: nominating is
 * refused with a clear message (page and API) until a guardian consents on /account/guardian; the
 * consent shows on the account page and can be withdrawn, after which nominating is refused again.
 * axe checks the new page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectNoSeriousA11yViolations, openPhonePage, screenshot } from './support';

const stamp = String(Date.now() % 1e7).padStart(7, '0');
const phone = `1351${stamp}`;
const childYear = new Date().getFullYear() - 10;
const url = (p: string) => new URL(p, baseUrl()).toString();

describe('a child and a guardian in the browser', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => ({ browser, page } = await openPhonePage()));
  afterAll(() => browser?.close());

  const cookie = async () => (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

  it('the API asks for the year of birth', async () => {
    const response = await fetch(url('/api/v1/users'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(baseUrl()).origin },
      body: JSON.stringify({ phone: `1352${stamp}`, password: 'a-good-password', displayName: '无年份', consentVersion: '2026-11' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toHaveProperty('birthYear');
  });

  it('registers with a year of birth under 14 and is told a guardian must consent before nominating', async () => {
    await page.goto('/register');
    await page.getByLabel('手机号').fill(phone);
    await page.getByLabel('昵称').fill('小学生');
    await page.getByLabel('出生年份').fill(String(childYear));
    await page.getByLabel('密码').fill('child-pass-2026');
    await page.getByLabel(/我已阅读并同意/).check();
    await page.getByRole('button', { name: '注册' }).click();
    await page.waitForURL((u) => u.pathname === '/account');
    expect(await page.locator('main').textContent()).toContain(String(childYear));

    await page.goto('/good-people/nominate');
    expect(await page.locator('#guardian-needed').textContent()).toContain('监护人同意');
    expect(await page.locator('form[enctype="multipart/form-data"]').count()).toBe(0);
    await screenshot(page, 'minors-nominate-refused');

    const api = await fetch(url('/api/v1/nominations'), {
      method: 'POST',
      headers: { cookie: await cookie(), 'content-type': 'application/json', origin: new URL(baseUrl()).origin },
      body: JSON.stringify({
        nomineeName: '王阿姨',
        communityId: 1,
        category: 'helping',
        story: '王阿姨每天早上在小区门口义务打扫卫生，十年如一日，邻居们都很感动。',
        nominatorContact: phone,
        evidence: '',
      }),
    });
    expect(api.status).toBe(403);
    expect((await api.json()).error.message).toContain('监护人');
  });

  it("a guardian consents on the child's account, and the nomination form opens", async () => {
    await page.getByRole('link', { name: '请监护人确认同意' }).click();
    await page.waitForURL((u) => u.pathname === '/account/guardian');
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('监护人姓名').fill('王大伟');
    await page.getByLabel('与孩子的关系').selectOption('father');
    await page.getByLabel(/我是该用户的父母或其他监护人/).check();
    await screenshot(page, 'minors-guardian-form');
    await page.getByRole('button', { name: '监护人确认同意' }).click();
    await page.waitForURL((u) => u.pathname === '/good-people/nominate');
    expect(await page.locator('#guardian-needed').count()).toBe(0);
    expect(await page.locator('form[enctype="multipart/form-data"]').count()).toBe(1);

    await page.goto('/account');
    expect(await page.locator('#consent-list').textContent()).toContain('监护人同意');
    const exported = await (await fetch(url('/api/v1/me/export'), { headers: { cookie: await cookie() } })).json();
    expect(exported.account.birthYear).toBe(childYear);
    expect(exported.consents).toContainEqual(expect.objectContaining({ kind: 'guardian', detail: '王大伟 (father)' }));
  });

  it('the guardian withdraws, and nominating is refused again', async () => {
    await page.getByRole('button', { name: '撤回监护人同意' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('已撤回监护人同意');
    await screenshot(page, 'minors-withdrawn');
    await page.goto('/good-people/nominate');
    expect(await page.locator('#guardian-needed').count()).toBe(1);
  });
});
