/**
 * The nominee's consent by SMS link, in Chromium on a phone and without JavaScript: the office sends
 * the link from the nomination's page, the message shows in the admins' outbox (demo mode, no
 * gateway), and the nominee, not logged in, reads the story and agrees; the story is then public and
 * the link spent.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, expectNoSeriousA11yViolations, launchBrowser, logIn, newPage, screenshot } from './support';

const stamp = String(Date.now()).slice(-6);
const roundTitle = `同意链接测试 ${stamp}`;
const nominee = `许热心${stamp}`;
const story = `${nominee}是小区的义务维修员。`.padEnd(130, '谁家水管坏了、灯不亮了，他总是第一时间上门，工具自己带，从不收一分钱，邻居们都叫他“万能许师傅”。');

describe('the nominee answers a consent link in the browser', () => {
  let browser: Browser;
  let office: Page;
  let problems: string[];
  let nominationPath = '';
  let link = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    office = await newPage(browser);
    problems = collectPageProblems(office);
    await logIn(office, 'moderator');
  });
  afterAll(async () => {
    await office?.context().close();
    await browser?.close();
  });

  it('lets the office send the link to the nominee’s phone from an accepted nomination', async () => {
    await office.goto('/staff/rounds');
    await office.getByLabel('名称').fill(roundTitle);
    await office.getByRole('button', { name: '保存' }).click();
    await office.waitForURL((url) => /^\/staff\/rounds\/\d+$/.test(url.pathname));

    const resident = await newPage(browser);
    await logIn(resident, 'resident');
    await resident.goto('/good-people/nominate');
    await resident.getByLabel('被推荐人姓名').fill(nominee);
    await resident.getByLabel('所在社区').selectOption({ index: 1 });
    await resident.getByRole('radio', { name: '助人为乐' }).check();
    await resident.getByLabel('事迹', { exact: true }).fill(story);
    await resident.getByRole('button', { name: '提交推荐' }).click();
    await resident.waitForURL((url) => url.pathname === '/good-people/mine');
    await resident.context().close();

    await office.goto('/staff/nominations');
    await office.getByRole('link', { name: nominee }).click();
    await office.getByLabel('评选活动').selectOption({ label: `${roundTitle}（推荐中）` });
    await office.getByRole('button', { name: '受理', exact: true }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain('已保存');
    nominationPath = new URL(office.url()).pathname;

    // A number that is not one keeps what was typed and says why.
    await office.getByLabel('被推荐人手机号').fill('12345');
    await office.getByRole('button', { name: '发送确认短信' }).click();
    await expect.poll(() => office.locator('#field-phone-error').textContent()).toContain('11 位手机号');
    expect(await office.getByLabel('被推荐人手机号').inputValue()).toBe('12345');
    await office.getByLabel('被推荐人手机号').fill('139 0000 7788');
    await office.getByRole('button', { name: '发送确认短信' }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain('已保存');
    expect(await office.locator('main').textContent()).toContain('139****7788，等待回复');
    await expectNoSeriousA11yViolations(office);
    await screenshot(office, 'consent-link-office');

    const admin = await newPage(browser);
    await logIn(admin, 'admin');
    await admin.goto('/admin/outbox');
    const text = (await admin.locator('main').textContent()) ?? '';
    await admin.context().close();
    expect(text).toContain(`（“${nominee}”）`);
    const url = /https?:\/\/[^\s]+\/good-people\/consent\?t=\d+\.[A-Za-z0-9_-]{27}/.exec(text)?.[0];
    expect(url).toBeDefined();
    link = new URL(url!).pathname + new URL(url!).search;
  });

  it('lets the nominee, not logged in, read the story and agree once', async () => {
    const nomineePage = await newPage(browser);
    const nomineeProblems = collectPageProblems(nomineePage);
    await nomineePage.goto(link);
    expect(await nomineePage.locator('h1').textContent()).toBe('是否同意公开您的事迹');
    expect(await nomineePage.locator('main').textContent()).toContain(story);
    await expectNoSeriousA11yViolations(nomineePage);
    await screenshot(nomineePage, 'consent-link-nominee');
    await nomineePage.getByRole('button', { name: '我同意公开' }).click();
    await expect.poll(() => nomineePage.getByRole('status').textContent()).toContain('您已同意公开');
    await screenshot(nomineePage, 'consent-link-agreed');

    // Spent: opening it again says so, and offers no buttons.
    const again = await nomineePage.goto(link);
    expect(again?.status()).toBe(400);
    expect(await nomineePage.getByRole('alert').textContent()).toContain('这个链接已经用过');
    expect(await nomineePage.getByRole('button', { name: '我同意公开' }).count()).toBe(0);

    const id = nominationPath.split('/').pop();
    expect((await nomineePage.goto(`/good-people/${id}`))?.status()).toBe(200);
    expect(await nomineePage.locator('h1').textContent()).toBe(nominee);
    await nomineePage.context().close();
    expect(nomineeProblems.filter((problem) => !problem.includes('400'))).toEqual([]);

    await office.goto(nominationPath);
    expect(await office.locator('main').textContent()).toContain('本人通过短信链接同意');
    expect(problems.filter((problem) => !problem.includes('400'))).toEqual([]);
  });
});
