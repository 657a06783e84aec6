/**
 * The everyday rough edges of issue 19, on a phone: "me too" posts once (a refresh does not post it
 * again) and can be undone, staff do not get the button, a notice opened is read (the header's
 * unread count goes down), the report page says what happens next, lists show a photo and a place.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, collectPageProblems, expectNoSeriousA11yViolations, launchBrowser, logIn, newPage, openPhonePage, overlaps, screenshot, visibleTexts } from './support';

/** The first report of the public list in a status, by its path. */
async function firstReportIn(page: Page, status: string): Promise<string> {
  await page.goto(`/reports?status=${status}`);
  const href = await page.locator('.report-list a[href^="/reports/"]').first().getAttribute('href');
  expect(href).toMatch(/^\/reports\/\d+$/);
  return href!;
}

const count = async (page: Page) =>
  Number(
    /(\d+) 人也遇到了/.exec(
      (await page
        .locator('main > p')
        .filter({ has: page.locator('.badge') })
        .first()
        .textContent()) ?? '',
    )?.[1] ?? 0,
  );

describe('everyday use: follow, notifications, lists', () => {
  let browser: Browser;
  let neighbour: Page;
  let moderator: Page;
  const problems: Record<string, string[]> = {};
  let reportPath = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    neighbour = await newPage(browser);
    moderator = await newPage(browser);
    problems.neighbour = collectPageProblems(neighbour);
    problems.moderator = collectPageProblems(moderator);
    await logIn(neighbour, 'volunteer');
    await logIn(moderator, 'moderator');
  });
  afterAll(async () => {
    for (const page of [neighbour, moderator]) await page?.context().close();
    await browser?.close();
  });

  it('shows report cards with a photo and a place, and the count only when someone followed', async () => {
    await neighbour.goto('/reports');
    const cards = neighbour.locator('.report-list .report-card');
    expect(await cards.count()).toBeGreaterThan(0);
    expect(await cards.locator('img.report-thumb').count()).toBeGreaterThan(0);
    expect(await cards.first().locator('[data-place]').textContent()).toBeTruthy();
    expect(await neighbour.locator('.report-list').textContent()).not.toContain(' 0 人也遇到了');
    await screenshot(neighbour, 'everyday-report-list');
    await expectNoSeriousA11yViolations(neighbour);
  });

  it('follows a report once: the post redirects back to the report, and a refresh does not post again', async () => {
    reportPath = await firstReportIn(neighbour, 'accepted');
    await neighbour.goto(reportPath);
    expect(await neighbour.locator('[data-next]').textContent()).toMatch(/接下来.*\d+ 个工作日/);
    const before = await count(neighbour);
    let posts = 0;
    neighbour.on('request', (request) => {
      if (request.method() === 'POST') posts += 1;
    });
    await neighbour.getByRole('button', { name: '我也遇到了' }).click();
    await neighbour.waitForURL((url) => url.searchParams.has('followed'));
    expect(neighbour.url()).not.toContain('_action');
    expect(new URL(neighbour.url()).pathname).toBe(reportPath);
    expect(await neighbour.getByRole('status').first().textContent()).toContain('已关注');
    expect(await count(neighbour)).toBe(before + 1);
    await neighbour.reload();
    expect(await count(neighbour)).toBe(before + 1);
    expect(posts).toBe(1);
    await screenshot(neighbour, 'everyday-followed');
    await expectNoSeriousA11yViolations(neighbour);
  });

  it('does not offer "me too" to staff', async () => {
    await moderator.goto(reportPath);
    expect(await moderator.getByRole('button', { name: '我也遇到了' }).count()).toBe(0);
  });

  it('tells the follower of a change, and opening the notice marks it read in the header', async () => {
    await moderator.goto(reportPath);
    const form = moderator.locator('form', { has: moderator.getByRole('button', { name: '提交处理' }) });
    await form.getByLabel('下一步').selectOption({ label: '已交办' });
    await form.getByRole('button', { name: '提交处理' }).click();
    await moderator.waitForURL((url) => url.searchParams.has('updated'));

    await neighbour.goto('/notifications');
    const nav = neighbour.getByRole('navigation').getByRole('link', { name: /消息/ });
    const unread = async () => Number(/（(\d+) 条未读）/.exec((await nav.textContent()) ?? '')?.[1] ?? 0);
    const before = await unread();
    expect(before).toBeGreaterThan(0);
    const id = reportPath.split('/').pop();
    const notice = neighbour.locator('.notice-list li.unread', { hasText: `#${id}` }).first();
    expect(await notice.textContent()).toContain('您关注的上报');
    await notice.getByRole('link').click();
    await neighbour.waitForURL((url) => url.pathname === reportPath);
    expect(await unread()).toBe(before - 1);
    await neighbour.goto('/notifications');
    expect(await neighbour.locator('.notice-list li.unread', { hasText: `#${id}` }).count()).toBe(0);
  });

  it('lets the follower unfollow, and the count goes back down', async () => {
    await neighbour.goto(reportPath);
    const followed = await count(neighbour);
    await neighbour.getByRole('button', { name: '取消关注' }).click();
    await neighbour.waitForURL((url) => url.searchParams.has('unfollowed'));
    expect(neighbour.url()).not.toContain('_action');
    expect(await count(neighbour)).toBe(followed - 1);
    expect(await neighbour.getByRole('button', { name: '我也遇到了' }).count()).toBe(1);
  });

  it('keeps internal notes and the assignee among staff: the office writes one, a resident never sees it', async () => {
    await moderator.goto(reportPath);
    const notes = moderator.locator('#internal-notes');
    await notes.getByLabel('新备注').fill('已电话联系社区，明早复查');
    await notes.getByRole('button', { name: '添加备注' }).click();
    await moderator.waitForURL((url) => url.searchParams.has('noted'));
    expect(await moderator.locator('#internal-notes').textContent()).toContain('已电话联系社区，明早复查');
    expect(await moderator.locator('[data-assignee]').textContent()).toContain('经办人');
    await screenshot(moderator, 'everyday-internal-notes');
    await expectNoSeriousA11yViolations(moderator);
    await neighbour.goto(reportPath);
    expect(await neighbour.locator('main').textContent()).not.toContain('明早复查');
    expect(await neighbour.locator('#internal-notes').count()).toBe(0);
  });

  it('met no page errors', () => {
    expect(problems).toEqual({ neighbour: [], moderator: [] });
  });
});

/** WCAG relative luminance of 'rgb(r, g, b)'. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? [])
    .slice(0, 3)
    .map(Number)
    .map((v) => v / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

describe('everyone: focus, tables, words and units, larger text, findability', () => {
  let browser: Browser;
  let page: Page;
  let problems: string[];
  beforeAll(async () => ({ browser, page, problems } = await openPhonePage()));
  afterAll(() => browser?.close());

  it('draws a focus ring of at least 3:1 against the red navigation, computed from the styles', async () => {
    await page.goto('/reports');
    const link = page.getByRole('navigation').getByRole('link', { name: '随手拍' });
    // Keyboard focus (focus-visible): tab until the link has it.
    for (let i = 0; i < 12 && !(await link.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
    const { outline, width, background } = await link.evaluate((el) => {
      const style = getComputedStyle(el);
      let node: Element | null = el;
      let bg = 'rgba(0, 0, 0, 0)';
      while (node && /rgba\(\d+, \d+, \d+, 0\)|transparent/.test(bg)) {
        bg = getComputedStyle(node).backgroundColor;
        node = node.parentElement;
      }
      return { outline: style.outlineColor, width: parseFloat(style.outlineWidth), background: bg };
    });
    expect(width).toBeGreaterThanOrEqual(2);
    expect(contrast(outline, background)).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'everyday-focus-nav');
  });

  it('keeps every table readable at phone width: it scrolls in its frame with the first column in view, no column squeezed', async () => {
    // The public league and rates, a volunteer's hours, a leader's roster (the leader's first shift).
    const volunteer = await newPage(browser);
    const leader = await newPage(browser);
    await logIn(volunteer, 'volunteer');
    await logIn(leader, 'leader');
    await leader.goto('/volunteer/leader');
    const roster = (await leader.locator('table a[href^="/volunteer/leader/shifts/"]').first().getAttribute('href'))!;
    for (const [viewer, path] of [
      [page, '/reports/league'],
      [page, '/quiz/rates'],
      [volunteer, '/volunteer/me'],
      [leader, '/volunteer/leader'],
      [leader, roster],
    ] as const) {
      await viewer.goto(path);
      const tables = viewer.locator('.table-scroll > table');
      expect(await tables.count(), path).toBeGreaterThan(0);
      // The page itself never scrolls sideways.
      expect(await viewer.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      const cells = await tables.first().evaluate((table) =>
        [...table.querySelectorAll('tr')].slice(0, 5).flatMap((row) =>
          [...row.children].map((cell, index) => ({
            index,
            width: cell.getBoundingClientRect().width,
            font: parseFloat(getComputedStyle(cell).fontSize),
            position: getComputedStyle(cell).position,
            text: cell.textContent?.trim() ?? '',
          })),
        ),
      );
      expect(
        cells.filter((cell) => cell.index === 0).every((cell) => cell.position === 'sticky'),
        path,
      ).toBe(true);
      // No cell narrower than its text's shortest word (two characters at least when it has text).
      for (const cell of cells.filter((c) => c.text.length >= 2)) expect(cell.width, `${path}: ${cell.text}`).toBeGreaterThanOrEqual(cell.font * 2);
      await screenshot(viewer, `everyday-table${path.replace(/\//g, '-')}`);
      await expectNoSeriousA11yViolations(viewer);
    }
    await volunteer.context().close();
    await leader.context().close();
  });

  it('says hours and weeks in Chinese words: "小时", "2026年第49周"', async () => {
    const volunteer = await newPage(browser);
    const staff = await newPage(browser);
    try {
      await logIn(volunteer, 'volunteer');
      await volunteer.goto('/volunteer/me');
      const text = (await volunteer.locator('main').textContent()) ?? '';
      expect(text).toMatch(/\d+(\.\d+)? 小时/);
      expect(text).not.toMatch(/\d h\b/);
      // No Latin unit after a number on the pages a volunteer reads (hours, distances, minutes).
      for (const path of ['/volunteer/me', '/volunteer/leaderboard', '/volunteer?near=28.200,113.000', '/reports', '/reports/mine', '/quiz/rates']) {
        await volunteer.goto(path);
        expect((await volunteer.locator('main').textContent()) ?? '', path).not.toMatch(/\d ?(h|km|m|min)\b/);
      }
      await volunteer.goto('/volunteer?near=28.200,113.000');
      expect(await volunteer.locator('.shift-list').textContent()).toMatch(/约 [\d.]+ 公里/);
      await logIn(staff, 'moderator');
      await staff.goto('/staff/overview');
      const overview = (await staff.locator('main').textContent()) ?? '';
      expect(overview).toMatch(/\d{4}年第\d{1,2}周/);
      expect(overview).not.toMatch(/\d{4}-W\d{2}/);
    } finally {
      await volunteer.context().close();
      await staff.context().close();
    }
  });

  it('remembers larger text like the language, across pages, until switched off', async () => {
    await page.goto('/reports');
    const base = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    await page.getByRole('button', { name: '大字' }).click();
    await page.waitForURL((url) => url.pathname === '/reports');
    expect(await page.evaluate(() => document.documentElement.classList.contains('text-large'))).toBe(true);
    await page.goto('/volunteer');
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThan(base);
    expect(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'everyday-large-text');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: '大字' }).click();
    await page.waitForURL((url) => url.pathname === '/volunteer');
    expect(await page.evaluate(() => document.documentElement.classList.contains('text-large'))).toBe(false);
  });

  it('draws charts whose labels read on a phone, in normal and in larger text: CSS pixels, never shrunk with the drawing, never over each other', async () => {
    const staff = await newPage(browser);
    try {
      await logIn(staff, 'moderator');
      const smallest: Record<string, number> = {};
      for (const size of ['normal', 'large'] as const) {
        for (const [who, path] of [
          [page, '/quiz/rates'],
          [staff, '/staff/metrics'],
        ] as const) {
          // The switch's cookie, as the header's "大字" button sets it (that button has its own test below).
          if (size === 'large') await who.context().addCookies([{ name: 'textsize', value: 'large', url: baseUrl() }]);
          else await who.context().clearCookies({ name: 'textsize' });
          await who.goto(path);
          const charts = await visibleTexts(who, 'figure.rate-bars, figure.trend-chart');
          expect(charts.length, path).toBeGreaterThan(path === '/quiz/rates' ? 0 : 1);
          for (const texts of charts) {
            expect(texts.length, path).toBeGreaterThan(3);
            for (const text of texts) {
              expect(text.font, `${path} ${size}: "${text.text}"`).toBeGreaterThanOrEqual(12);
              expect(text.drawn, `${path} ${size}: "${text.text}" as drawn`).toBeGreaterThanOrEqual(12);
              expect(text.right, `${path} ${size}: "${text.text}" off the screen`).toBeLessThanOrEqual(390);
            }
            for (const [i, a] of texts.entries()) for (const b of texts.slice(i + 1)) expect(overlaps(a, b), `${path} ${size}: "${a.text}" over "${b.text}"`).toBe(false);
          }
          smallest[`${path} ${size}`] = Math.min(...charts.flat().map((text) => text.font));
          expect(await who.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
          await screenshot(who, `everyday-charts${path.replace(/\//g, '-')}-${size}`);
        }
      }
      // Larger text makes the charts' text larger too.
      for (const path of ['/quiz/rates', '/staff/metrics']) expect(smallest[`${path} large`], path).toBeGreaterThan(smallest[`${path} normal`]!);
      await expectNoSeriousA11yViolations(page);
    } finally {
      await staff.context().close();
      await page.context().clearCookies({ name: 'textsize' });
    }
  });

  it('can be found: a description and a canonical address per page, robots.txt and a sitemap of public pages', async () => {
    await page.goto('/reports');
    const description = await page.locator('meta[name="description"]').getAttribute('content');
    expect(description).toBeTruthy();
    const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
    expect(new URL(canonical!).pathname).toBe('/reports');
    await page.goto('/quiz');
    expect(await page.locator('meta[name="description"]').getAttribute('content')).not.toBe(description);
    const robots = await page.request.get('/robots.txt');
    expect(robots.status()).toBe(200);
    const robotsText = await robots.text();
    expect(robotsText).toContain('Disallow: /admin');
    const sitemapUrl = /^Sitemap: (.+)$/m.exec(robotsText)![1]!;
    expect(new URL(sitemapUrl).pathname).toBe('/sitemap.xml');
    const sitemap = await page.request.get('/sitemap.xml');
    expect(sitemap.headers()['content-type']).toContain('application/xml');
    const xml = await sitemap.text();
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(xml).toMatch(/<loc>[^<]+\/reports\/\d+<\/loc>/);
    expect(xml).toMatch(/<loc>[^<]+\/good-people\/\d+<\/loc>/);
    expect(xml).not.toContain('/admin');
  });

  it('met no page errors', () => {
    expect(problems).toEqual([]);
  });
});

describe('volunteers: the shift list on a phone', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    await logIn(page, 'volunteer');
  });
  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
  });

  it('pages the shift list, grouped by day, instead of one endless page', async () => {
    await page.goto('/volunteer');
    const items = page.locator('.shift-list > li');
    const first = await items.count();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(20);
    expect(await page.locator('.shift-day-title').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(9500);
    await screenshot(page, 'everyday-shift-list');
    await expectNoSeriousA11yViolations(page);
    const next = page.getByRole('link', { name: '下一页' });
    if ((await next.count()) > 0) {
      const firstIds = await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-shift')));
      await next.click();
      await page.waitForURL((url) => url.searchParams.get('page') === '2');
      const secondIds = await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-shift')));
      expect(secondIds.length).toBeGreaterThan(0);
      expect(secondIds.some((id) => firstIds.includes(id))).toBe(false);
    }
  });

  it('marks the shifts the volunteer joined', async () => {
    await page.goto('/volunteer');
    const candidates = await page.locator('.shift-list > li:not(.joined)').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-shift')).slice(0, 6));
    let joined: string | null = null;
    // The demo volunteer may already hold a shift at the same time as some: try the next one then.
    for (const id of candidates) {
      await page.goto(`/volunteer/shifts/${id}`);
      const signUp = page.getByRole('button', { name: /报名/ }).first();
      if ((await signUp.count()) === 0) continue;
      await signUp.click();
      await page.waitForLoadState('load');
      if (/报名成功|候补第/.test((await page.locator('main').textContent()) ?? '')) {
        joined = id;
        break;
      }
    }
    expect(joined).not.toBeNull();
    await page.goto('/volunteer');
    await expect.poll(() => page.locator(`.shift-list > li[data-shift="${joined}"] [data-joined]`).count()).toBe(1);
    await screenshot(page, 'everyday-shift-joined');
  });

  it('shows the shifts near me, nearest first, when the phone shares its position', async () => {
    const near = await newPage(browser, { geolocation: { latitude: 28.2, longitude: 113.0 }, permissions: ['geolocation'] });
    const problems = collectPageProblems(near);
    try {
      await logIn(near, 'volunteer');
      await near.goto('/volunteer');
      await near.getByRole('button', { name: '离我最近' }).click();
      await near.waitForURL((url) => url.searchParams.get('near') === '28.200,113.000');
      expect(await near.locator('.shift-day-title').first().textContent()).toBe('离您最近');
      const km = await near.locator('.shift-list > li').evaluateAll((lis) => lis.map((li) => Number(/约 ([\d.]+) 公里/.exec(li.textContent ?? '')?.[1])));
      expect(km.length).toBeGreaterThan(1);
      expect(km.every((d) => Number.isFinite(d))).toBe(true);
      expect(km).toEqual([...km].sort((a, b) => a - b));
      await screenshot(near, 'everyday-shifts-near-me');
      await expectNoSeriousA11yViolations(near);
      // Back to the list by date.
      await near.getByRole('link', { name: '按日期' }).click();
      await near.waitForURL((url) => !url.searchParams.has('near'));
      expect(await near.locator('.shift-day-title').first().textContent()).not.toBe('离您最近');
      expect(problems).toEqual([]);
    } finally {
      await near.context().close();
    }
  });

  it('shows past shifts by what became of them, never "signed up"', async () => {
    await page.goto('/volunteer/me');
    const outcomes = await page.locator('[data-outcome]').evaluateAll((spans) => spans.map((span) => ({ tone: span.getAttribute('data-outcome'), text: span.textContent })));
    expect(outcomes.length).toBeGreaterThan(0);
    for (const outcome of outcomes.filter((o) => o.tone !== 'upcoming')) expect(outcome.text).not.toBe('已报名');
    await screenshot(page, 'everyday-volunteer-me');
  });
});

describe('staff: the report queue and the audit log', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows each queue with its count, and cards with photo, waiting time, overdue days and the ticket in colour', async () => {
    const desk = await newPage(browser, { viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false });
    try {
      await logIn(desk, 'moderator');
      await desk.goto('/staff/reports?queue=overdue');
      expect(Number(await desk.locator('[data-count="overdue"]').textContent())).toBeGreaterThan(0);
      const cards = desk.locator('.queue-card');
      expect(await cards.count()).toBeGreaterThan(0);
      expect(await cards.first().locator('[data-waited]').textContent()).toMatch(/已等待/);
      expect(await desk.locator('[data-overdue]').count()).toBeGreaterThan(0);
      const red = desk.locator('.badge.ticket-red').first();
      if ((await red.count()) > 0) expect(await red.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(183, 28, 28)');
      // Filters are open on a desktop; sorting by waiting time puts the oldest first.
      expect(await desk.locator('details.queue-filters').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
      await desk.getByLabel('排序').selectOption('age');
      await desk.getByRole('button', { name: '筛选' }).click();
      await desk.waitForURL((url) => url.searchParams.get('sort') === 'age');
      await screenshot(desk, 'everyday-staff-queue-desktop');
      await expectNoSeriousA11yViolations(desk);
      // Bulk actions from the keyboard: Space ticks a card's box.
      await desk.goto('/staff/reports?queue=triage');
      const box = desk.locator('.queue-card input[type="checkbox"]').first();
      await box.focus();
      await desk.keyboard.press('Space');
      expect(await box.isChecked()).toBe(true);
    } finally {
      await desk.context().close();
    }
  });

  it('keeps the queue filters behind one button on a phone', async () => {
    const phone = await newPage(browser);
    try {
      await logIn(phone, 'moderator');
      await phone.goto('/staff/reports');
      const filters = phone.locator('details.queue-filters');
      expect(await filters.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
      expect(await phone.getByLabel('排序').isVisible()).toBe(false);
      await phone.getByText('筛选与排序').click();
      expect(await phone.getByLabel('排序').isVisible()).toBe(true);
      await screenshot(phone, 'everyday-staff-queue-phone');
      await expectNoSeriousA11yViolations(phone);
    } finally {
      await phone.context().close();
    }
  });

  it('writes the audit log in words: action names and fields, not codes and JSON keys', async () => {
    const admin = await newPage(browser, { viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false });
    try {
      await logIn(admin, 'admin');
      await admin.goto('/admin/audit');
      const table = (await admin.locator('table').textContent()) ?? '';
      expect(table).not.toMatch(/\b(report|volunteer|readiness|round)\.[a-z_]+\b/);
      expect(table).not.toContain('{"');
      await screenshot(admin, 'everyday-audit');
    } finally {
      await admin.context().close();
    }
  });
});
