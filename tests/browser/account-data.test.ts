/**
 * A resident looking after their own account in Chromium on a phone-sized screen, without help from
 * JavaScript: forgets the password and resets it by SMS code (demo mode shows the code), changes the
 * display name and the phone number, downloads their data, and closes the account; afterwards no
 * public page or API shows their name or number while their report stays. axe checks the new pages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { idNumberCheckCharacter } from '../../src/lib/server/volunteers/idnumber';
import { baseUrl, expectNoSeriousA11yViolations, newPage, openPhonePage, screenshot } from './support';

const stamp = String(Date.now() % 1e7).padStart(7, '0');
const phone = `1341${stamp}`;
const newPhone = `1342${stamp}`;
const displayName = `注销测试${stamp}`;
const url = (p: string) => new URL(p, baseUrl()).toString();

describe('my account in the browser', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => ({ browser, page } = await openPhonePage()));
  afterAll(() => browser?.close());

  async function register(displayName: string) {
    await page.goto('/register');
    await page.getByRole('textbox', { name: '手机号', exact: true }).fill(phone);
    await page.getByRole('textbox', { name: '昵称', exact: true }).fill(displayName);
    await page.getByRole('textbox', { name: '出生年份', exact: true }).fill('1990');
    await page.getByRole('textbox', { name: '密码', exact: true }).fill('first-pass-1');
    await page.getByLabel(/我已阅读并同意/).check();
    await page.getByRole('button', { name: '注册' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
  }

  it('resets a forgotten password with the code sent to the phone, which ends the old session', async () => {
    await register('找回测试');
    const other = await newPage(browser);
    await other.context().addCookies(await page.context().cookies());
    await page.context().clearCookies();

    await page.goto('/login');
    await page.getByRole('link', { name: '忘记密码？' }).click();
    await page.waitForURL((url) => url.pathname === '/password-reset');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('textbox', { name: '手机号', exact: true }).fill(phone);
    await page.getByRole('button', { name: '发送验证码' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('如果这个号码注册过账号');
    const code = (await page.locator('#demo-code').textContent())!.match(/(\d{6})/)![1]!;
    await page.getByRole('textbox', { name: '验证码', exact: true }).fill(code);
    await page.getByRole('textbox', { name: '新密码', exact: true }).fill('second-pass-2');
    await screenshot(page, 'password-reset');
    await page.getByRole('button', { name: '设置新密码' }).click();
    await page.waitForURL((url) => url.pathname === '/account' && url.searchParams.has('passwordReset'));
    expect(await page.getByRole('status').first().textContent()).toContain('密码已重设');

    // The session opened before the reset has ended.
    await other.goto('/account');
    await other.waitForURL((url) => url.pathname === '/login');
    await other.context().close();
  });

  it('changes the display name and the phone number with a code sent to the new number', async () => {
    await page.goto('/account');
    await page.getByRole('textbox', { name: '昵称', exact: true }).fill(displayName);
    await page.getByRole('button', { name: '修改昵称' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('昵称已修改');

    await page.getByRole('textbox', { name: '新手机号', exact: true }).fill(newPhone);
    await page.getByRole('textbox', { name: '当前密码', exact: true }).first().fill('second-pass-2');
    await page.getByRole('button', { name: '发送验证码' }).click();
    const code = (await page.locator('#demo-phone-code').textContent())!.match(/(\d{6})/)![1]!;
    await page.getByRole('textbox', { name: '验证码', exact: true }).fill(code);
    await page.getByRole('button', { name: '确认更换' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`手机号已更换为 ${newPhone}`);
    await screenshot(page, 'account-phone-changed');
    await expectNoSeriousA11yViolations(page);
  });

  it('registers as a volunteer with the separate ID-number consent, then withdraws it: the ID number is gone', async () => {
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const form = await (await fetch(url('/volunteer/register'), { headers: { cookie } })).text();
    const communityId = Number(/<option value="(\d+)"/.exec(form)![1]);
    const birth = `1985${String(1 + (Number(stamp) % 9)).padStart(2, '0')}15`;
    const first17 = `110101${birth}${stamp.slice(-3)}`;
    const body = { realName: '注销测试', idNumber: first17 + idNumberCheckCharacter(first17), phone: newPhone, communityId };
    const post = (json: object) =>
      fetch(url('/api/v1/volunteers'), { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: new URL(baseUrl()).origin }, body: JSON.stringify(json) });
    expect((await post(body)).status).toBe(400);
    expect((await post({ ...body, idNumberConsent: true })).status).toBe(201);

    await page.goto('/account');
    expect(await page.locator('#consent-list').textContent()).toContain('身份证号单独同意');
    await page.getByRole('button', { name: '撤回身份证号授权' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('身份证号已删除');
    expect(await page.locator('#consent-list').textContent()).toContain('已于');
    const exported = await (await fetch(url('/api/v1/me/export'), { headers: { cookie } })).json();
    expect(exported.volunteer.idNumber).toBe('');
    expect(JSON.stringify(exported)).not.toContain(body.idNumber);
  });

  it('downloads their data with their report in it, then closes the account; no public page or API shows them, the report stays', async () => {
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const form = new FormData();
    form.set('lat', '28.2');
    form.set('lng', '113.0');
    form.set('category', 'fire-lane');
    form.set('description', '消防通道被杂物堵住');
    const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: 'green' } })
      .jpeg()
      .toBuffer();
    form.append('photos', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'a.jpg');
    const submitted = await fetch(url('/api/v1/reports'), { method: 'POST', headers: { cookie, 'idempotency-key': `close-${stamp}` }, body: form });
    expect(submitted.status).toBe(201);
    const reportId: number = (await submitted.json()).report.id;
    // The office accepts it, so it is on the public map and pages.
    const moderator = await fetch(url('/api/v1/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'moderator', password: 'wenming2026' }),
    });
    const moderatorCookie = moderator.headers
      .getSetCookie()
      .find((c) => c.startsWith('session='))!
      .split(';')[0]!;
    const accepted = await fetch(url(`/api/v1/reports/${reportId}/transitions`), {
      method: 'POST',
      headers: { cookie: moderatorCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'accepted', version: 1 }),
    });
    expect(accepted.status).toBe(200);

    await page.goto('/account/data');
    expect(await page.locator('#my-data-reports').textContent()).toContain(`#${reportId}`);
    await expectNoSeriousA11yViolations(page);
    const exported = await fetch(url('/api/v1/me/export'), { headers: { cookie } });
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const data = await exported.json();
    expect(data.account).toMatchObject({ displayName, phone: newPhone });
    expect(data.reports.map((r: { id: number }) => r.id)).toEqual([reportId]);

    await page.goto('/account/close');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'account-close');
    await page.getByRole('textbox', { name: '当前密码', exact: true }).fill('second-pass-2');
    await page.getByRole('button', { name: '注销我的账号' }).click();
    await page.waitForURL((u) => u.pathname === '/account/close' && u.searchParams.has('done'));
    expect(await page.getByRole('status').textContent()).toContain('您的账号已注销');

    const publicUrls = [
      '/',
      '/reports',
      `/reports/${reportId}`,
      '/reports/league',
      '/good-people',
      '/volunteer',
      '/volunteer/leaderboard',
      '/quiz/rates',
      '/api/v1/reports',
      `/api/v1/reports/${reportId}`,
      '/api/v1/rounds',
      '/open311/v2/requests.json',
      `/open311/v2/requests/${reportId}.json`,
    ];
    for (const p of publicUrls) {
      const response = await fetch(url(p));
      expect(response.status, p).toBeLessThan(400);
      const body = await response.text();
      expect(body, p).not.toContain(displayName);
      expect(body, p).not.toContain(newPhone);
      expect(body, p).not.toContain(phone);
    }
    expect(await (await fetch(url(`/api/v1/reports/${reportId}`))).json()).toMatchObject({ report: { id: reportId } });

    const login = await fetch(url('/api/v1/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: newPhone, password: 'second-pass-2' }),
    });
    expect(login.status).toBe(401);
    expect((await fetch(url('/api/v1/me'), { headers: { cookie } })).status).toBe(401);
  });
});
