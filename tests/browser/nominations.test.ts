/**
 * The whole selection in Chromium on a phone, without help from JavaScript: a resident nominates
 * with a photo, the office accepts into its own round and records consent, the resident votes, the
 * office closes stages early (the server's clock stays the judge), shortlists, a resident objects,
 * the office resolves the objection and announces, and the person is on the honour roll with a
 * shareable story page.
 */
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, expectNoSeriousA11yViolations, launchBrowser, logIn, newPage, screenshot } from './support';

const stamp = String(Date.now()).slice(-6);
const roundTitle = `浏览器测试 身边好人 ${stamp}`;
const nominee = `林好人${stamp}`;
const story = `${nominee}是我们社区的楼栋长。`.padEnd(130, '她每天帮独居老人买菜送药，下雨天护送孩子们放学，十年如一日，从不求回报，邻居们都很感激她。');

describe('nominating, voting and honouring in the browser', () => {
  let browser: Browser;
  let office: Page;
  let resident: Page;
  let officeProblems: string[];
  let residentProblems: string[];
  let roundPath = '';

  async function closeStage(stage: string) {
    await office.goto(roundPath);
    await office.getByRole('button', { name: `结束“${stage}”阶段` }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain(`“${stage}”阶段已结束`);
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    office = await newPage(browser);
    resident = await newPage(browser);
    officeProblems = collectPageProblems(office);
    residentProblems = collectPageProblems(resident);
    await logIn(office, 'moderator');
    await logIn(resident, 'resident');
  });
  afterAll(async () => {
    await office?.context().close();
    await resident?.context().close();
    await browser?.close();
  });

  it('lets the office create a round with a default schedule', async () => {
    await office.goto('/staff/rounds');
    await expectNoSeriousA11yViolations(office);
    await office.getByLabel('名称').fill(roundTitle);
    await office.getByLabel('每个账号可选人数').fill('1');
    expect(await office.getByLabel('公示期（工作日）').inputValue()).toBe('5');
    await office.getByRole('button', { name: '保存' }).click();
    await office.waitForURL((url) => /^\/staff\/rounds\/\d+$/.test(url.pathname));
    roundPath = new URL(office.url()).pathname;
    expect(await office.getByRole('status').textContent()).toContain('评选活动已创建');
    expect(await office.locator('main').textContent()).toContain('当前阶段：推荐中');
  });

  it('lets a resident nominate someone with a photo, keeping what was typed when the story is too short', async () => {
    await resident.goto('/good-people');
    await resident.getByRole('link', { name: '推荐身边好人' }).click();
    await resident.waitForURL((url) => url.pathname === '/good-people/nominate');
    await expectNoSeriousA11yViolations(resident);
    await resident.getByLabel('被推荐人姓名').fill(nominee);
    await resident.getByLabel('所在社区').selectOption({ index: 1 });
    await resident.getByRole('radio', { name: '助人为乐' }).check();
    // Too short for the form's rule; the browser's own check is bypassed to see the server's answer.
    await resident.locator('main form').evaluate((form) => form.setAttribute('novalidate', ''));
    await resident.getByLabel('事迹', { exact: true }).fill('太短了');
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c62828' } })
      .png()
      .toBuffer();
    await resident.getByLabel(/照片/).setInputFiles({ name: 'good-deed.png', mimeType: 'image/png', buffer: photo });
    await resident.getByRole('button', { name: '提交推荐' }).click();
    await expect.poll(() => resident.locator('#field-story-error').textContent()).toContain('100 至 3000 字');
    expect(await resident.getByLabel('被推荐人姓名').inputValue()).toBe(nominee);
    expect(await resident.locator('main').textContent()).toContain('good-deed.png');
    await expectNoSeriousA11yViolations(resident);

    await resident.getByLabel('事迹', { exact: true }).fill(story);
    await resident.getByLabel(/照片/).setInputFiles({ name: 'good-deed.png', mimeType: 'image/png', buffer: photo });
    await resident.getByRole('button', { name: '提交推荐' }).click();
    await resident.waitForURL((url) => url.pathname === '/good-people/mine');
    expect(await resident.getByRole('status').textContent()).toContain('推荐已提交');
    expect(await resident.locator('main').textContent()).toContain(nominee);
    await screenshot(resident, 'nominations-mine');
  });

  it('shows nothing about the nominee publicly before the office records consent', async () => {
    await office.goto('/staff/nominations');
    await expectNoSeriousA11yViolations(office);
    await office.getByRole('link', { name: nominee }).click();
    await office.getByLabel('评选活动').selectOption({ label: `${roundTitle}（推荐中）` });
    await office.getByRole('button', { name: '受理', exact: true }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain('已保存');
    const nominationPath = new URL(office.url()).pathname;
    const id = nominationPath.split('/').pop();

    const publicPage = await resident.goto(`/good-people/${id}`);
    expect(publicPage?.status()).toBe(404);
    const candidates = await (await resident.request.get(`/api/v1${roundPath.replace('/staff', '')}/candidates`)).json();
    expect(candidates.candidates).toEqual([]);

    await office.goto(nominationPath);
    await office.getByLabel('同意方式').selectOption('in_person');
    await office.getByRole('button', { name: '记录同意并公开' }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain('已保存');
    expect(await office.locator('main').textContent()).toContain('当面确认');
    await screenshot(office, 'nominations-office-review');
    await expectNoSeriousA11yViolations(office);
    expect((await resident.goto(`/good-people/${id}`))?.status()).toBe(200);
  });

  it('lets a resident vote once the office has closed nominations and review early', async () => {
    await closeStage('推荐中');
    await closeStage('审核中');
    const publicRound = roundPath.replace('/staff', '/good-people');
    await resident.goto(publicRound);
    await expectNoSeriousA11yViolations(resident);
    const pickLimit = resident.locator('.pick-limit');
    await expect.poll(() => pickLimit.textContent()).toBe('还可选 1 人');
    await resident.getByRole('checkbox', { name: nominee }).check();
    await expect.poll(() => pickLimit.textContent()).toContain('已选满 1 人');
    await resident.getByRole('button', { name: '投票' }).click();
    await resident.waitForURL((url) => url.searchParams.has('voted'));
    expect(await resident.getByRole('status').textContent()).toContain('投票成功');
    expect(await resident.locator('main').textContent()).toContain(`您已投票，选择了：${nominee}`);
    expect(await resident.locator('main').textContent()).toContain('1 票');
    await screenshot(resident, 'nominations-voted');
  });

  it('lets a freshly registered resident verify the phone by SMS code (shown in demo mode) and then vote', async () => {
    const newcomer = await newPage(browser);
    const problems = collectPageProblems(newcomer);
    try {
      await newcomer.goto('/register');
      await newcomer.getByLabel('手机号').fill(`139${stamp}${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`);
      await newcomer.getByLabel('昵称').fill('新来的邻居');
      await newcomer.getByLabel('出生年份').fill('1985');
      await newcomer.getByLabel('密码').fill('neighbour-2026');
      await newcomer.getByLabel(/我已阅读并同意/).check();
      await newcomer.getByRole('button', { name: '注册' }).click();
      await newcomer.waitForURL((url) => url.pathname === '/account');
      expect(await newcomer.locator('main').textContent()).toContain('您的手机号尚未验证');

      const publicRound = roundPath.replace('/staff', '/good-people');
      await newcomer.goto(publicRound);
      await newcomer.getByRole('link', { name: '去验证手机号' }).click();
      await newcomer.waitForURL((url) => url.pathname === '/account/verify-phone');
      await expectNoSeriousA11yViolations(newcomer);
      expect(await newcomer.locator('main').textContent()).toContain('演示模式：短信不会真的发出');
      await newcomer.getByRole('button', { name: '发送验证码' }).click();
      await expect.poll(() => newcomer.getByRole('status').textContent()).toContain('验证码已发送');
      const code = /(\d{6})/.exec((await newcomer.locator('#demo-code').textContent()) ?? '')?.[1];
      expect(code).toMatch(/^\d{6}$/);
      await screenshot(newcomer, 'verify-phone-demo-code');
      await expectNoSeriousA11yViolations(newcomer);

      await newcomer.getByLabel('验证码', { exact: true }).fill(code === '000000' ? '111111' : '000000');
      await newcomer.getByRole('button', { name: '验证', exact: true }).click();
      await expect.poll(() => newcomer.locator('#field-code-error').textContent()).toContain('验证码不正确，还可以再试 4 次');
      // A wrong code keeps the page where it was: the demo code still shown, no "send" step again,
      // and the resend control below the code field and its button.
      expect(await newcomer.locator('#demo-code').textContent()).toContain(code!);
      expect(await newcomer.getByRole('button', { name: '发送验证码', exact: true }).count()).toBe(0);
      const field = (await newcomer.getByLabel('验证码', { exact: true }).boundingBox())!;
      const confirm = (await newcomer.getByRole('button', { name: '验证', exact: true }).boundingBox())!;
      const resend = (await newcomer.getByRole('button', { name: '重新发送' }).boundingBox())!;
      expect(resend.y).toBeGreaterThan(field.y + field.height);
      expect(resend.y).toBeGreaterThan(confirm.y + confirm.height);
      await screenshot(newcomer, 'verify-phone-wrong-code');
      await expectNoSeriousA11yViolations(newcomer);
      await newcomer.getByLabel('验证码', { exact: true }).fill(code!);
      await newcomer.getByRole('button', { name: '验证', exact: true }).click();
      await newcomer.waitForURL((url) => url.pathname === publicRound);
      expect(await newcomer.locator('main').textContent()).not.toContain('您的手机号尚未验证');

      await newcomer.getByRole('checkbox', { name: nominee }).check();
      await newcomer.getByRole('button', { name: '投票' }).click();
      await newcomer.waitForURL((url) => url.searchParams.has('voted'));
      expect(await newcomer.getByRole('status').textContent()).toContain('投票成功');
      expect(await newcomer.locator('main').textContent()).toContain('2 票');
      expect(problems).toEqual([]);
    } finally {
      await newcomer.context().close();
    }
  });

  it('puts the candidate on public notice, takes an objection and resolves it', async () => {
    await closeStage('投票中');
    await office.goto(roundPath);
    await office.getByRole('checkbox', { name: new RegExp(nominee) }).check();
    await office.getByRole('button', { name: '保存公示名单' }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain('公示名单已保存');
    await closeStage('计票中');

    await resident.goto(`${roundPath.replace('/staff', '/good-people')}/notice`);
    await expectNoSeriousA11yViolations(resident);
    expect(await resident.locator('main').textContent()).toContain(nominee);
    await resident.getByLabel('对谁有异议').selectOption({ label: nominee });
    await resident.getByLabel('您的联系方式').fill('13900009999');
    await resident.getByLabel('异议内容').fill('我听说事迹里的时间有出入，请核实一下。');
    await resident.getByRole('button', { name: '提交异议' }).click();
    await resident.waitForURL((url) => url.searchParams.has('objected'));
    expect(await resident.getByRole('status').textContent()).toContain('异议已收到');

    await office.goto(roundPath);
    expect(await office.locator('main').textContent()).toContain('13900009999');
    await office.getByRole('button', { name: '结束“公示中”阶段' }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain('“公示中”阶段已结束');
    await office.getByRole('button', { name: '公布结果' }).click();
    await expect.poll(() => office.getByRole('alert').textContent()).toContain('还有未处理的异议');
    await office.goto(roundPath);
    await office.getByRole('radio', { name: '异议不成立' }).check();
    await office.getByLabel('核实情况').fill('经社区核实，事迹时间准确。');
    await office.getByRole('button', { name: '记录处理结果' }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain('已保存');
    await screenshot(office, 'nominations-office-round');
    await expectNoSeriousA11yViolations(office);
  });

  it('announces the result and shows the person on the honour roll with a share preview', async () => {
    await office.getByLabel('公告内容（可选）').fill('经公示无异议，现予公布。');
    await office.getByRole('button', { name: '公布结果' }).click();
    await expect.poll(() => office.getByRole('status').textContent()).toContain('结果已公布');

    await resident.goto('/good-people');
    await resident.getByLabel('搜索姓名、社区或事迹').fill(nominee);
    await resident.getByRole('button', { name: '查找' }).click();
    await resident.waitForURL((url) => url.searchParams.get('q') === nominee);
    await expectNoSeriousA11yViolations(resident);
    await screenshot(resident, 'nominations-honour-roll');
    await resident.getByRole('link', { name: nominee }).click();
    await resident.waitForURL((url) => /^\/good-people\/\d+$/.test(url.pathname));
    expect(await resident.locator('h1').textContent()).toBe(nominee);
    expect(await resident.locator('meta[property="og:title"]').getAttribute('content')).toBe(`${nominee}的事迹`);
    expect(await resident.locator('meta[property="og:description"]').getAttribute('content')).toContain(nominee);
    const image = await resident.locator('meta[property="og:image"]').getAttribute('content');
    expect(image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/nominations\/[0-9a-f]+\.jpg$/);
    expect((await resident.request.get(image!)).headers()['content-type']).toBe('image/jpeg');
    await screenshot(resident, 'nominations-story');
    await expectNoSeriousA11yViolations(resident);
  });

  it('refuses a vote outside the voting window through the API', async () => {
    const response = await resident.request.post(`/api/v1${roundPath.replace('/staff', '')}/votes`, {
      data: { nominees: [1] },
      headers: { origin: new URL(resident.url()).origin },
    });
    expect(response.status()).toBe(409);
    expect((await response.json()).error).toEqual({ code: 'voting_closed', message: '现在不在投票时间内' });
  });

  it('ran every page above without a CSP violation or script error', () => {
    expect([...officeProblems, ...residentProblems]).toEqual([]);
  });
});
