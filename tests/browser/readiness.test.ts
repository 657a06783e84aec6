/**
 * Readiness as people do it, in Chromium on phones: the demo grid worker inspects a street in their
 * cell and fails two items with photos; the answers survive a reload on the way; the two reports
 * appear in the responsible unit's queue (城管执法局, the demo staff account), and the site's score
 * and the office's overview change.
 */
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, expectNoSeriousA11yViolations, expectTitlesInsideBorders, launchBrowser, logIn, newPage, screenshot } from './support';

/** A figure's number as shown, or null for '—' (so that two pages formatting a share differently still compare). */
const shown = (text: string | null) => {
  const digits = text?.replace(/[^\d.]/g, '') ?? '';
  return digits ? Number(digits) : null;
};
const figure = async (page: Page, key: string) => Number((await page.locator(`[data-figure="${key}"] strong`).textContent())?.replace(/[^\d.]/g, ''));

describe('readiness in the browser', () => {
  let browser: Browser;
  let grid: Page;
  let staff: Page;
  let office: Page;
  let gridProblems: string[];
  let sitePath: string;
  let siteName: string;
  let inspectionsBefore: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    grid = await newPage(browser);
    staff = await newPage(browser);
    office = await newPage(browser);
    gridProblems = collectPageProblems(grid);
    await logIn(grid, 'grid');
    await logIn(staff, 'staff');
    await logIn(office, 'moderator');
  });
  afterAll(async () => {
    await grid?.context().close();
    await staff?.context().close();
    await office?.context().close();
    await browser?.close();
  });

  it('shows the office the overview with its figures and the sites map', async () => {
    await office.goto('/');
    await office.getByRole('navigation').getByRole('link', { name: '工作台' }).click();
    await office.getByRole('main').getByRole('link', { name: '创城总览' }).click();
    await office.waitForURL((url) => url.pathname === '/staff/overview');
    inspectionsBefore = await figure(office, 'readiness.inspections');
    expect(await figure(office, 'readiness.sites')).toBeGreaterThan(150);
    await office.locator('.leaflet-container').waitFor();
    // Every domain the office follows has its section.
    for (const title of ['问题工单', '志愿服务', '好人评选', '知晓率与满意度', '测评准备']) {
      await office.getByRole('heading', { level: 2, name: title }).waitFor();
    }
    expect(await office.locator('[data-figure="nominations.stage"] strong').textContent()).not.toBe('—');
    await expectNoSeriousA11yViolations(office);
  });

  it('shows the same volunteer and awareness figures on the overview, the bulletin and the domains’ own pages', async () => {
    await office.goto('/staff/overview');
    const read = async (page: Page, selector: string) => shown(await page.locator(selector).first().textContent());
    const share = await read(office, '[data-figure="volunteers.registeredShare"] strong');
    const awareness = await read(office, '[data-figure="metrics.awareness"] strong');
    const hours = await read(office, '[data-figure="volunteers.hours"] strong');
    expect(share).not.toBeNull();
    await office.goto('/staff/overview/bulletin');
    expect(await read(office, '[data-figure="volunteers.registeredShare"] strong')).toBe(share);
    expect(await read(office, '[data-figure="metrics.awareness"] strong')).toBe(awareness);
    expect(await read(office, '[data-figure="volunteers.hours"] strong')).toBe(hours);
    await office.goto('/volunteer/leaderboard');
    expect(await read(office, 'td[data-figure="volunteers.registeredShare"]')).toBe(share);
    await office.goto('/staff/metrics');
    expect(await read(office, '[data-measure="awareness"] .rate')).toBe(awareness);
  });

  it('lets the grid worker fail two items with photos at a street of their cell, keeping answers across a reload', async () => {
    await grid.goto('/');
    await grid.getByRole('navigation').getByRole('link', { name: '工作台' }).click();
    await grid.getByRole('main').getByRole('link', { name: '测评准备' }).click();
    await grid.waitForURL((url) => url.pathname === '/readiness');
    const link = grid.locator('.site-list a', { hasText: '主次干道' }).first();
    siteName = (await link.textContent())!.trim();
    await link.click();
    sitePath = new URL(grid.url()).pathname;
    await grid.getByRole('link', { name: '开始检查' }).click();
    await grid.waitForURL((url) => url.pathname.endsWith('/inspect'));
    const items = grid.locator('fieldset.checklist-item');
    const count = await items.count();
    expect(count).toBeGreaterThan(4);
    // Each item's question inside its card, never on the border.
    await expectTitlesInsideBorders(items);
    await items.nth(0).getByLabel('不合格', { exact: true }).check();
    // A reload (a dropped connection) keeps what was answered.
    await grid.reload();
    await expect.poll(() => grid.getByRole('status').first().textContent()).toContain('已恢复');
    expect(await items.nth(0).getByLabel('不合格', { exact: true }).isChecked()).toBe(true);
    await items.nth(1).getByLabel('不合格', { exact: true }).check();
    for (let i = 2; i < count; i++) await items.nth(i).getByLabel('合格', { exact: true }).check();
    const jpeg = async (colour: string) => ({
      name: `${colour}.jpg`,
      mimeType: 'image/jpeg',
      buffer: await sharp({ create: { width: 80, height: 60, channels: 3, background: colour } })
        .jpeg()
        .toBuffer(),
    });
    await items
      .nth(0)
      .locator('input[type=file]')
      .setInputFiles([await jpeg('red')]);
    await items
      .nth(1)
      .locator('input[type=file]')
      .setInputFiles([await jpeg('blue')]);
    await screenshot(grid, 'readiness-checklist');
    await expectNoSeriousA11yViolations(grid);
    await grid.getByRole('button', { name: '提交检查结果' }).click();
    await grid.waitForURL((url) => url.pathname === sitePath && url.searchParams.has('inspected'));
    expect(await grid.getByRole('status').first().textContent()).toContain('检查已保存');
    const score = Number(await grid.locator('.site-score').textContent());
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(100);
    expect(await grid.locator('main').textContent()).toContain('2/2 项尚未办结');
    expect(gridProblems).toEqual([]);
  });

  it('puts the two reports in the responsible unit’s queue', async () => {
    await staff.goto('/staff/reports?queue=department');
    const mine = staff.locator('main li', { hasText: siteName });
    await expect.poll(() => mine.count()).toBe(2);
    // Each says where it came from, and links back to the inspection.
    await mine.first().getByRole('link').first().click();
    await staff.waitForURL((url) => /^\/reports\/\d+$/.test(url.pathname));
    const back = staff.locator('[data-inspection] a');
    expect(await back.textContent()).toContain(siteName);
    await back.click();
    await staff.waitForURL((url) => url.pathname === sitePath);
  });

  it('changes the site on the office’s overview', async () => {
    await office.goto('/staff/overview');
    expect(await figure(office, 'readiness.inspections')).toBe(inspectionsBefore + 1);
    await office.goto('/staff/overview/bulletin');
    expect(await office.locator('main').textContent()).toContain('创城工作通报');
  });

  it('lets the office give a mock round’s stops to inspectors, and the grid worker sees their own', async () => {
    await office.goto('/readiness/rounds');
    await office.getByRole('button', { name: '开始一轮模拟测评（电子抽签）' }).click();
    await office.waitForURL((url) => /^\/readiness\/rounds\/\d+$/.test(url.pathname));
    const roundPath = new URL(office.url()).pathname;
    await office.getByRole('checkbox', { name: /刘网格/ }).check();
    await office.getByRole('button', { name: '分派点位' }).click();
    await office.waitForURL((url) => url.searchParams.has('assigned'));
    await expectNoSeriousA11yViolations(office);
    await grid.goto(roundPath);
    expect(await grid.locator('[data-mine] li').count()).toBeGreaterThan(0);
  });

  it('gives admins a checklist editor without accessibility problems', async () => {
    const admin = await newPage(browser);
    await logIn(admin, 'admin');
    await admin.goto('/admin/readiness/templates/park');
    await admin.getByLabel('删除此项').first().check();
    await admin.getByRole('button', { name: '保存为新版本' }).click();
    await admin.waitForURL((url) => url.searchParams.has('saved'));
    expect(await admin.getByRole('status').first().textContent()).toContain('已保存为第');
    await expectNoSeriousA11yViolations(admin);
    await admin.context().close();
  });
});
