/**
 * The staff report queue all day (issue 19): the queue on a map as well as in a list (the list stays
 * without JavaScript), "select all" and bulk triage of all matching reports from the keyboard and
 * without JavaScript, the named assignee on the cards with a filter, and the audit log naming the
 * departments and people its ids stand for. At 390 x 844 and 1366 x 900.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, expectNoSeriousA11yViolations, launchBrowser, logIn, newPage, screenshot } from './support';

const DESK = { viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false };

describe('the staff report queue', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function withPage(login: string, options: Parameters<typeof newPage>[1], run: (page: Page) => Promise<void>) {
    const page = await newPage(browser, options);
    try {
      await logIn(page, login);
      await run(page);
    } finally {
      await page.context().close();
    }
  }

  it('shows the queue on a map above its list, with the filters kept, on a desktop and a phone', async () => {
    await withPage('moderator', DESK, async (desk) => {
      const problems = collectPageProblems(desk);
      await desk.goto('/staff/reports?queue=overdue');
      await desk.getByRole('link', { name: '地图' }).click();
      await desk.waitForURL((url) => url.searchParams.get('view') === 'map' && url.searchParams.get('queue') === 'overdue');
      expect(await desk.getByRole('link', { name: '地图' }).getAttribute('aria-current')).toBe('page');
      const shown = Number(await desk.locator('[data-map-shown]').getAttribute('data-map-shown'));
      expect(shown).toBeGreaterThan(0);
      await desk.locator('.queue-map .leaflet-marker-icon.queue-dot').first().waitFor();
      // Every shown report is on the map: as its own dot, or counted in a cluster of reports too close to tell apart.
      const clustered = await desk.locator('.queue-map .queue-cluster [data-count]').evaluateAll((all) => all.reduce((sum, el) => sum + Number(el.getAttribute('data-count')), 0));
      expect((await desk.locator('.queue-map .queue-dot').count()) + clustered).toBe(shown);
      // The list is still there under the map.
      expect(await desk.locator('.queue-card').count()).toBeGreaterThan(0);
      // A filter keeps the map view.
      await desk.locator('select[name="ticket"]').selectOption('red');
      await desk.getByRole('button', { name: '筛选' }).click();
      await desk.waitForURL((url) => url.searchParams.get('ticket') === 'red' && url.searchParams.get('view') === 'map');
      const reds = Number(
        await desk
          .locator('[data-map-shown]')
          .getAttribute('data-map-shown')
          .catch(() => '0'),
      );
      if (reds > 0) {
        await desk.locator('.queue-map .queue-dot').first().waitFor();
        expect(await desk.locator('.queue-map .queue-dot:not(.ticket-red)').count()).toBe(0);
      }
      await desk.goto('/staff/reports?queue=overdue&view=map');
      await desk.locator('.queue-map .queue-dot').first().waitFor();
      // A marker is reached from the keyboard and opens its report.
      const marker = desk.locator('.queue-map .queue-dot').first();
      const title = await marker.getAttribute('title');
      expect(title).toMatch(/^#\d+ · /);
      await marker.focus();
      await desk.keyboard.press('Enter');
      await desk.waitForURL((url) => url.pathname === `/reports/${/^#(\d+)/.exec(title!)![1]}`);
      await desk.goBack();
      await desk.locator('.queue-map .queue-dot').first().waitFor();
      await screenshot(desk, 'staff-queue-map-desktop');
      await expectNoSeriousA11yViolations(desk);
      expect(problems).toEqual([]);
    });
    await withPage('moderator', {}, async (phone) => {
      await phone.goto('/staff/reports?queue=overdue&view=map');
      await phone.locator('.queue-map .queue-dot').first().waitFor();
      const width = await phone.locator('.queue-map .report-map').evaluate((el) => el.getBoundingClientRect().width);
      expect(width).toBeGreaterThan(300);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone, 'staff-queue-map-phone');
      await expectNoSeriousA11yViolations(phone);
    });
  });

  it('says it all in English too: the switch, the map note, the assignee and the bulk scope', async () => {
    await withPage('moderator', DESK, async (desk) => {
      await desk.getByRole('button', { name: /English/ }).click();
      await desk.waitForFunction(() => document.documentElement.lang === 'en');
      await desk.goto('/staff/reports?queue=assign&view=map');
      expect(await desk.getByRole('link', { name: 'Map', exact: true }).getAttribute('aria-current')).toBe('page');
      expect(await desk.locator('.queue-map').textContent()).toMatch(/The map shows \d+ of the \d+ matching reports/);
      expect(await desk.locator('select[name="assignee"] option[value="none"]').textContent()).toBe('Unassigned');
      expect(await desk.getByRole('radio', { name: /All \d+ matching reports \(every page\)/ }).count()).toBe(1);
      // Cards of reports with a department name their assignee (or say there is none).
      await desk.goto('/staff/reports?queue=overdue&view=map');
      expect(await desk.locator('[data-assignee]').first().textContent()).toMatch(/^(Assignee: .+|No assignee)$/);
      await desk.locator('.queue-map .queue-dot, .queue-map .queue-cluster').first().waitFor();
      await screenshot(desk, 'staff-queue-map-english');
      await expectNoSeriousA11yViolations(desk);
    });
  });

  it('keeps the list, the map toggle and "select all on this page" working without JavaScript', async () => {
    await withPage('moderator', { ...DESK, javaScriptEnabled: false }, async (page) => {
      await page.goto('/staff/reports?queue=triage&view=map');
      expect(await page.locator('.queue-card').count()).toBeGreaterThan(0);
      expect(await page.locator('.queue-map').textContent()).toContain('地图需要启用 JavaScript');
      await page.getByRole('link', { name: '全选本页' }).click();
      await page.waitForURL((url) => url.searchParams.get('select') === 'page');
      const boxes = page.locator('.queue-card input[name="select"]');
      expect(await boxes.count()).toBeGreaterThan(0);
      expect(await boxes.evaluateAll((all) => all.every((box) => (box as HTMLInputElement).checked))).toBe(true);
      await page.getByRole('link', { name: '取消全选' }).click();
      expect(await boxes.evaluateAll((all) => all.some((box) => (box as HTMLInputElement).checked))).toBe(false);
    });
  });

  it('selects all on the page from the keyboard, and triages all matching reports across pages in one action', async () => {
    await withPage('moderator', DESK, async (desk) => {
      await desk.goto('/staff/reports?queue=triage');
      const boxes = desk.locator('.queue-card input[name="select"]');
      const onPage = await boxes.count();
      expect(onPage).toBeGreaterThan(0);
      const toggle = desk.locator('[data-select-all]');
      await toggle.focus();
      await desk.keyboard.press('Enter');
      expect(await boxes.evaluateAll((all) => all.every((box) => (box as HTMLInputElement).checked))).toBe(true);
      expect(await desk.locator('[data-selected-count]').textContent()).toBe(`已选 ${onPage} 条`);
      expect(await toggle.textContent()).toBe('取消全选');
      await desk.keyboard.press(' ');
      expect(await desk.locator('[data-selected-count]').textContent()).toBe('已选 0 条');
      await boxes.first().focus();
      await desk.keyboard.press('Space');
      expect(await desk.locator('[data-selected-count]').textContent()).toBe('已选 1 条');
      await screenshot(desk, 'staff-queue-select-desktop');
      await expectNoSeriousA11yViolations(desk);

      // Narrow the queue to the first card's category and district, then accept all that match (every page).
      const first = desk.locator('.queue-card').first();
      const category = /· (.+)$/.exec((await first.locator('.report-card-title').textContent())!.trim())![1]!;
      await desk.locator('select[name="category"]').selectOption({ label: category });
      await desk.getByRole('button', { name: '筛选' }).click();
      await desk.waitForURL((url) => url.searchParams.has('category'));
      const matching = desk.getByRole('radio', { name: /全部符合条件的 \d+ 条上报/ });
      const total = Number(/(\d+) 条/.exec((await matching.locator('xpath=..').textContent())!)![1]);
      expect(total).toBeGreaterThan(0);
      await matching.check();
      await desk.getByRole('button', { name: '批量受理', exact: true }).click();
      await expect.poll(() => desk.getByRole('status').first().textContent()).toContain(`已处理 ${total} 条，0 条未能处理`);
      // The page keeps its queue and filters after the action, and the category's new reports are gone from triage.
      expect(new URL(desk.url()).searchParams.get('queue')).toBe('triage');
      expect(await desk.locator('.queue-card').count()).toBe(0);
    });
  });

  it('shows the named assignee on the cards, filters by "assigned to me", and the audit log names the person', async () => {
    let reportId = '';
    await withPage('staff', {}, async (phone) => {
      await phone.goto('/staff/reports');
      const card = phone.locator('.queue-card').first();
      expect(await card.locator('[data-assignee]').textContent()).toMatch(/经办人|未指定经办人/);
      reportId = (await card.getAttribute('data-report'))!;
      await phone.goto(`/reports/${reportId}`);
      await phone.getByLabel('指定经办人').selectOption({ label: '赵城管' });
      await phone.getByRole('button', { name: '保存' }).click();
      await phone.waitForURL((url) => url.searchParams.has('assigned'));
      await phone.goto('/staff/reports');
      await phone.getByText('筛选与排序').click();
      await phone.getByLabel('经办人').selectOption('me');
      await phone.getByRole('button', { name: '筛选' }).click();
      await phone.waitForURL((url) => url.searchParams.get('assignee') === 'me');
      const mine = phone.locator('.queue-card');
      expect(await mine.count()).toBeGreaterThan(0);
      expect(await mine.locator('[data-assignee]').allTextContents()).toEqual(Array(await mine.count()).fill('经办人：赵城管'));
      expect(await phone.locator(`.queue-card[data-report="${reportId}"]`).count()).toBe(1);
      await screenshot(phone, 'staff-queue-assignee-phone');
      await expectNoSeriousA11yViolations(phone);
      await phone.goto('/staff/reports?assignee=none');
      expect(await phone.locator(`.queue-card[data-report="${reportId}"]`).count()).toBe(0);
    });
    for (const [viewport, name] of [
      [DESK, 'desktop'],
      [{}, 'phone'],
    ] as const) {
      await withPage('admin', viewport, async (admin) => {
        await admin.goto('/admin/audit?action=report.assignee');
        const row = admin.locator('tbody tr').first();
        const fields = await row
          .locator('.audit-fields')
          .evaluateAll((lists) => lists.map((list) => [...list.querySelectorAll('dt')].map((dt) => `${dt.textContent}=${dt.nextElementSibling?.textContent}`)));
        expect(fields.flat()).toContain('经办人=赵城管');
        await admin.goto('/admin/audit');
        // No id field of a named thing is left as a bare number anywhere on the page.
        const pairs = await admin.locator('.audit-fields dt').evaluateAll((dts) => dts.map((dt) => `${dt.textContent}=${dt.nextElementSibling?.textContent}`));
        expect(pairs.filter((pair) => /^(责任单位|类别|区|社区|网格|用户|经办人|志愿者|服务队|项目|点位)=\d+$/.test(pair))).toEqual([]);
        await screenshot(admin, `staff-queue-audit-${name}`);
        await expectNoSeriousA11yViolations(admin);
      });
    }
  });
});
