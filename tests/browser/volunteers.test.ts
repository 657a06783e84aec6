/**
 * Volunteering as people do it, in Chromium on phones: the leader publishes a shift starting soon,
 * a volunteer signs up for it, the leader shows the rotating check-in code, and the volunteer
 * checks in by opening the code's URL (what the phone's camera does). axe checks the pages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, expectNoSeriousA11yViolations, launchBrowser, logIn, newPage, screenshot } from './support';

/** datetime-local text in China time, minutes from now. */
function chinaLocal(minutesFromNow: number): string {
  return new Date(Date.now() + minutesFromNow * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);
}

describe('volunteering in the browser', () => {
  let browser: Browser;
  let leader: Page;
  let volunteer: Page;
  let leaderProblems: string[];
  let volunteerProblems: string[];
  let shiftPath: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    leader = await newPage(browser);
    volunteer = await newPage(browser, { geolocation: { latitude: 28.2, longitude: 113.0 }, permissions: ['geolocation'] });
    leaderProblems = collectPageProblems(leader);
    volunteerProblems = collectPageProblems(volunteer);
    await logIn(leader, 'leader');
    await logIn(volunteer, 'volunteer');
  });
  afterAll(async () => {
    await leader?.context().close();
    await volunteer?.context().close();
    await browser?.close();
  });

  it('shows shifts in a list and on the map, reached from the navigation', async () => {
    await volunteer.goto('/');
    await volunteer.getByRole('navigation').getByRole('link', { name: '志愿服务' }).click();
    await volunteer.waitForURL((url) => url.pathname === '/volunteer');
    expect(await volunteer.locator('.shift-list li').count()).toBeGreaterThan(10);
    expect(await volunteer.locator('main').textContent()).toContain('名额已满，候补 3 人');
    await volunteer.locator('.leaflet-container').waitFor();
    await screenshot(volunteer, 'volunteer-shifts');
    await expectNoSeriousA11yViolations(volunteer);
  });

  it('lets the leader create a project by clicking its place on the map, then edit it', async () => {
    await leader.goto('/volunteer/leader');
    const form = leader.locator('form', { has: leader.getByRole('button', { name: '创建项目' }) });
    await form.getByLabel('项目名称').fill('芙蓉广场学雷锋服务站');
    await form.getByLabel('服务类型').selectOption({ label: '学雷锋志愿服务站' });
    await form.locator('.place-picker.leaflet-container').waitFor();
    await form.locator('.place-picker').click();
    await expect.poll(() => form.getByLabel('纬度').inputValue()).toMatch(/^\d+\.\d{6}$/);
    await form.getByLabel('地址说明').fill('芙蓉广场东侧');
    await form.getByLabel('项目介绍').fill('为市民提供问路、急救包和便民服务。');
    await form.getByRole('button', { name: '创建项目' }).click();
    await leader.waitForURL((url) => /^\/volunteer\/leader\/projects\/\d+$/.test(url.pathname));
    expect(await leader.getByRole('status').first().textContent()).toContain('项目已保存');
    await leader.getByLabel('地址说明').fill('芙蓉广场东侧入口');
    await leader.getByRole('button', { name: '保存项目' }).click();
    await expect.poll(() => leader.getByLabel('地址说明').inputValue()).toBe('芙蓉广场东侧入口');
    await screenshot(leader, 'leader-project');
    await expectNoSeriousA11yViolations(leader);
  });

  it('lets the leader publish a shift of the new project with a required skill, then raise its capacity from the edit form', async () => {
    await leader.goto('/volunteer/leader');
    await leader.getByLabel('服务项目', { exact: true }).selectOption({ label: '芙蓉广场学雷锋服务站' });
    await leader.getByLabel('开始时间', { exact: true }).fill(chinaLocal(3 * 24 * 60));
    await leader.getByLabel('结束时间', { exact: true }).fill(chinaLocal(3 * 24 * 60 + 120));
    await leader.getByLabel('名额', { exact: true }).fill('2');
    await leader.getByRole('checkbox', { name: '急救' }).check();
    await leader.getByRole('button', { name: '发布' }).click();
    await leader.waitForURL((url) => /^\/volunteer\/leader\/shifts\/\d+$/.test(url.pathname));
    expect(await leader.getByLabel('开始前多少小时后不能取消').inputValue()).toBe('3');
    await leader.getByLabel('名额', { exact: true }).fill('5');
    await leader.getByRole('button', { name: '保存班次' }).click();
    await expect.poll(() => leader.getByRole('status').first().textContent()).toContain('已保存');
    expect(await leader.getByLabel('名额', { exact: true }).inputValue()).toBe('5');
    await expectNoSeriousA11yViolations(leader);
  });

  it('lets the leader publish a shift that starts in 40 minutes', async () => {
    await leader.goto('/volunteer/leader');
    await leader.getByLabel('服务项目', { exact: true }).selectOption({ label: '五一路口文明交通劝导' });
    await leader.getByLabel('开始时间', { exact: true }).fill(chinaLocal(40));
    await leader.getByLabel('结束时间', { exact: true }).fill(chinaLocal(160));
    await leader.getByLabel('名额', { exact: true }).fill('3');
    await leader.getByRole('button', { name: '发布' }).click();
    await leader.waitForURL((url) => /^\/volunteer\/leader\/shifts\/\d+$/.test(url.pathname));
    shiftPath = new URL(leader.url()).pathname.replace('/leader', '');
  });

  it('signs the volunteer up from the shift page and offers the .ics', async () => {
    await volunteer.goto(shiftPath);
    await volunteer.getByRole('button', { name: '报名', exact: true }).click();
    await expect.poll(() => volunteer.getByRole('status').first().textContent()).toContain('报名成功');
    const ics = volunteer.getByRole('link', { name: '加入日历（.ics）' });
    const response = await volunteer.request.get(new URL((await ics.getAttribute('href'))!, volunteer.url()).toString());
    expect(response.headers()['content-type']).toContain('text/calendar');
    expect(await response.text()).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*SUMMARY:五一路口文明交通劝导\r\n[\s\S]*END:VCALENDAR\r\n$/);
    await screenshot(volunteer, 'volunteer-signed-up');
    await expectNoSeriousA11yViolations(volunteer);
  });

  it('checks the volunteer in when they open the URL of the QR code on the leader’s phone', async () => {
    await leader.goto(shiftPath.replace('/volunteer/', '/volunteer/leader/'));
    const figure = leader.locator('figure.qr');
    await figure.locator('svg').waitFor();
    const url = (await figure.getAttribute('data-checkin-url'))!;
    expect(url).toMatch(/\/volunteer\/check-in\?token=/);
    await screenshot(leader, 'leader-qr');
    await volunteer.goto(url);
    await expect.poll(() => volunteer.getByRole('status').first().textContent()).toContain('签到成功');
    // The phone shares its location: the distance to the place is recorded.
    await expect.poll(() => volunteer.locator('main').textContent()).toMatch(/距服务地点约 \d+ 米/);
    await screenshot(volunteer, 'volunteer-checked-in');
    await leader.reload();
    await expect.poll(() => leader.locator('table').textContent()).toMatch(/签到 \d\d:\d\d · 距离 \d+ 米/);
    // The leader of this shift sees how to call each volunteer; the public shift page shows no phone.
    expect(await leader.locator('table a[href^="tel:"]').count()).toBeGreaterThan(0);
    await volunteer.goto(shiftPath);
    expect(await volunteer.locator('main').textContent()).not.toMatch(/1[3-9]\d{9}/);
    await expectNoSeriousA11yViolations(leader);
  });

  it('tells a volunteer who scans too early when check-in opens, rather than to scan again', async () => {
    await leader.goto('/volunteer/leader');
    await leader.getByLabel('服务项目', { exact: true }).selectOption({ label: '五一路口文明交通劝导' });
    await leader.getByLabel('开始时间', { exact: true }).fill(chinaLocal(5 * 60));
    await leader.getByLabel('结束时间', { exact: true }).fill(chinaLocal(6 * 60));
    await leader.getByLabel('名额', { exact: true }).fill('3');
    await leader.getByRole('button', { name: '发布' }).click();
    await leader.waitForURL((url) => /^\/volunteer\/leader\/shifts\/\d+$/.test(url.pathname));
    const laterPath = new URL(leader.url()).pathname;
    await volunteer.goto(laterPath.replace('/leader', ''));
    await volunteer.getByRole('button', { name: '报名', exact: true }).click();
    await expect.poll(() => volunteer.getByRole('status').first().textContent()).toContain('报名成功');
    await leader.goto(laterPath);
    const url = (await leader.locator('figure.qr').getAttribute('data-checkin-url'))!;
    await volunteer.goto(url);
    const alert = volunteer.getByRole('alert');
    // Check-in opens an hour before the start: four hours from now, said as a time in the city's zone.
    const opens = new Date(Date.parse((await alert.getAttribute('data-opens'))!));
    expect(Math.abs(opens.getTime() - (Date.now() + 4 * 3600_000))).toBeLessThan(5 * 60_000);
    const hhmm = opens.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(await alert.textContent()).toMatch(/还没到签到时间。签到从 .+ 开始/);
    expect(await alert.textContent()).toContain(hhmm);
    expect(await volunteer.locator('main').textContent()).not.toContain('请重新扫描');
    await screenshot(volunteer, 'volunteer-check-in-early');
    await expectNoSeriousA11yViolations(volunteer);
  });

  it('shows the leader what became of each volunteer on a past shift\'s roster (attended with hours), never "signed up", and no check-in code', async () => {
    await leader.goto('/volunteer/leader');
    const shifts = await leader.locator('table tbody tr a[href^="/volunteer/leader/shifts/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    // The demo's first shifts of the leader's team are over, with hours recorded.
    let outcomes: { tone: string | null; text: string }[] = [];
    for (const href of shifts.slice(0, 3)) {
      await leader.goto(href);
      outcomes = await leader
        .locator('table [data-outcome]')
        .evaluateAll((spans) => spans.map((span) => ({ tone: span.getAttribute('data-outcome'), text: span.textContent!.trim() })));
      if (outcomes.length > 0 && outcomes.every((o) => o.tone !== 'upcoming')) break;
    }
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.some((o) => o.tone === 'done' && /已参加 · [\d.]+ 小时/.test(o.text))).toBe(true);
    for (const outcome of outcomes) expect(outcome.text).not.toBe('已报名');
    // Long over: no check-in code to show, but what to do instead.
    expect(await leader.locator('figure.qr').count()).toBe(0);
    expect(await leader.locator('[data-attendance-closed]').textContent()).toContain('签到和签退已结束');
    await screenshot(leader, 'leader-past-roster');
    await expectNoSeriousA11yViolations(leader);
  });

  it('refuses an old code', async () => {
    await volunteer.goto('/volunteer/check-in?token=1.in.1.AAAAAAAAAAAAAAAAAAAAAA');
    expect(await volunteer.getByRole('alert').textContent()).toContain('这不是有效的签到二维码');
  });

  it('verifies the demo certificate publicly, showing the masked name only', async () => {
    const visitor = await newPage(browser);
    await visitor.goto('/volunteer/verify');
    await visitor.getByLabel('验证码').fill('WENM-2026-CERT-0001');
    await visitor.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => visitor.getByRole('status').textContent()).toContain('证明真实有效');
    const text = (await visitor.locator('main').textContent())!;
    expect(text).toContain('王*愿');
    expect(text).not.toContain('王志愿');
    await expectNoSeriousA11yViolations(visitor);
    await visitor.context().close();
  });

  it('prints on the certificate the code that verifies it, and an address that carries that code', async () => {
    await volunteer.goto('/volunteer/me');
    await volunteer
      .getByRole('link', { name: /^ZM-\d{4}-\d{6}$/ })
      .first()
      .click();
    await volunteer.waitForURL((url) => /^\/volunteer\/certificates\/\d+$/.test(url.pathname));
    const code = (await volunteer.locator('strong.code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9-]{8,}$/);
    const line = (await volunteer.locator('p', { hasText: '真伪查询：' }).textContent())!;
    const printed = new URL(/https?:\/\/[^\s，。]+/.exec(line)![0]);
    expect(printed.pathname).toBe('/volunteer/verify');
    expect(printed.searchParams.get('code')).toBe(code);
    const visitor = await newPage(browser);
    try {
      await visitor.goto(`${printed.pathname}${printed.search}`);
      await expect.poll(() => visitor.getByRole('status').textContent()).toContain('证明真实有效');
    } finally {
      await visitor.context().close();
    }
  });

  it('ran every page under the CSP without errors', () => {
    expect(leaderProblems).toEqual([]);
    expect(volunteerProblems).toEqual([]);
  });
});
