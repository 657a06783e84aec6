/**
 * A random-sample survey in Chromium: the office creates it, uploads a frame (a bad one first,
 * which names its lines), draws from a seed, and prints the link sheet; a sampled resident on a phone,
 * not logged in and without JavaScript, answers through the link once; the link is then spent.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations, launchBrowser, logIn, newPage, screenshot } from './support';

const stamp = String(Date.now()).slice(-6);
const title = `抽样调查测试 ${stamp}`;

describe('a random-sample survey in the browser', () => {
  let browser: Browser;
  let office: Page;
  let surveyPath = '';
  let link = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    office = await newPage(browser, { viewport: { width: 1366, height: 900 } });
    await logIn(office, 'moderator');
  });
  afterAll(async () => {
    await office?.context().close();
    await browser?.close();
  });

  it('lets the office create a survey, refuses a bad frame line by line, and draws from a recorded seed', async () => {
    await office.goto('/staff/surveys');
    await office.getByLabel('标题（中文）').fill(title);
    await office.getByLabel('标题（英文）').fill(`Sampled ${stamp}`);
    await office.getByLabel('对照的问答活动').selectOption({ index: 1 });
    await office.getByLabel(/目标误差/).fill('10');
    await office.getByRole('button', { name: '创建' }).click();
    await office.waitForURL((url) => /^\/staff\/surveys\/\d+$/.test(url.pathname));
    surveyPath = new URL(office.url()).pathname;

    await office.locator('input[type=file]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('id,community\nh1,WM-01-01-01\nh2,nowhere\n') });
    await office.getByRole('button', { name: '上传抽样框' }).click();
    await expect.poll(() => office.getByRole('alert').textContent()).toContain('第 3 行：找不到该社区');

    const lines = ['id,community,age_group,sex,phone'];
    for (let i = 0; i < 120; i++) lines.push(`h${i},${['WM-01-01-01', 'WM-01-01-02', 'WM-02-01-01'][i % 3]},${i % 2 ? '18-44' : '45+'},${i % 2 ? 'f' : 'm'},`);
    await office.locator('input[type=file]').setInputFiles({ name: 'frame.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + lines.join('\r\n')) });
    await office.getByRole('button', { name: '上传抽样框' }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain('抽样框共 120 个单位');
    await expect.poll(() => office.locator('main').textContent()).toContain('抽样方案');

    await office.getByLabel(/随机种子/).fill(`seed-${stamp}`);
    await office.getByRole('button', { name: '按种子随机抽样并开始调查' }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain(`seed-${stamp}`);
    await expectNoSeriousA11yViolations(office);
    await screenshot(office, 'sampling-office');

    await office.getByRole('link', { name: '打印入户二维码' }).click();
    const urls = await office.locator('.qr-sheet .small').allTextContents();
    expect(urls.length).toBeGreaterThan(0);
    expect(await office.locator('.qr-sheet svg').count()).toBe(urls.length);
    link = new URL(urls[0]!).pathname;
  });

  it('lets the sampled person answer once on a phone, without an account or JavaScript', async () => {
    const phone = await newPage(browser, { javaScriptEnabled: false });
    await phone.goto(link);
    expect(await phone.locator('h1').textContent()).toContain(title);
    await phone.getByRole('radio', { name: '知道', exact: true }).check();
    await phone.locator('input[name=support][value="5"]').check();
    await phone.locator('input[name=satisfaction][value="4"]').check();
    await expectNoSeriousA11yViolations(phone);
    await screenshot(phone, 'sampling-answer-phone');
    await phone.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => phone.getByRole('status').textContent()).toContain('感谢您的参与');
    const again = await phone.goto(link);
    expect(again?.status()).toBe(400);
    expect(await phone.getByRole('alert').textContent()).toContain('已经作答过');
    const forged = await phone.goto(link.slice(0, -3) + 'abc');
    expect(forged?.status()).toBe(404);
    await phone.context().close();

    await office.goto(surveyPath);
    expect(await office.locator('main').textContent()).toContain('抽样结果与自愿问答对照');
  });
});
