/**
 * A report's whole life in Chromium on phones: a resident submits one with a photo that carries GPS
 * EXIF (the photo served back has none), a moderator accepts and assigns it, the department (demo
 * `staff`, 城管执法局) rectifies it with an "after" photo, the moderator closes it, and the reporter
 * sees every step on the timeline. axe checks every report page on the way; no page breaks its CSP.
 */
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, expectNoSeriousA11yViolations, launchBrowser, logIn, newPage, screenshot } from './support';

/** A camera-like JPEG with GPS coordinates in its EXIF. */
async function photoWithGps(color: string): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: color } })
    .withExif({ IFD0: { Make: 'WenmingCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 12/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 0/1 0/1' } })
    .jpeg()
    .toBuffer();
}

/** Chooses the next step on a report's staff form and submits it. */
async function act(page: Page, to: string, fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => {}) {
  const form = page.locator('form', { has: page.getByRole('button', { name: '提交处理' }) });
  await form.getByLabel('下一步').selectOption({ label: to });
  await fill(form);
  await form.getByRole('button', { name: '提交处理' }).click();
  await page.waitForURL((url) => url.searchParams.has('updated'));
  expect(await page.getByRole('status').first().textContent()).toContain('已更新');
}

describe('a report from submission to closing, in the browser', () => {
  let browser: Browser;
  let resident: Page;
  let moderator: Page;
  let department: Page;
  const problems: Record<string, string[]> = {};
  let reportPath = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    resident = await newPage(browser);
    moderator = await newPage(browser);
    department = await newPage(browser);
    problems.resident = collectPageProblems(resident);
    problems.moderator = collectPageProblems(moderator);
    problems.department = collectPageProblems(department);
    await logIn(resident, 'resident');
    await logIn(moderator, 'moderator');
    await logIn(department, 'staff');
  });
  afterAll(async () => {
    for (const page of [resident, moderator, department]) await page?.context().close();
    await browser?.close();
  });

  it('shows the public map and list, and the league table, without serious accessibility problems', async () => {
    await resident.goto('/reports');
    await resident.locator('.report-map.leaflet-container').waitFor();
    // Leaflet's stylesheet applies on the map page (it positions the tiles), and only there.
    expect(
      await resident
        .locator('.leaflet-pane')
        .first()
        .evaluate((element) => getComputedStyle(element).position),
    ).toBe('absolute');
    expect(await resident.locator('.report-list li').count()).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(resident);
    await resident.goto('/reports/league');
    expect(await resident.locator('link[rel="stylesheet"][href*="leaflet"]').count()).toBe(0);
    expect(await resident.getByRole('heading', { level: 1 }).textContent()).toContain('红黑榜');
    await expectNoSeriousA11yViolations(resident);
  });

  it('lets a resident submit a report with a GPS-tagged photo, and serves the photo back without any metadata', async () => {
    await resident.goto('/reports/new');
    await resident.locator('.report-map.leaflet-container').waitFor();
    await expectNoSeriousA11yViolations(resident);
    await resident.locator('.report-map').click({ position: { x: 137, y: 91 } });
    await expect.poll(() => resident.locator('#lat').inputValue()).toMatch(/^\d+\.\d{6}$/);
    await resident.getByLabel('问题类别').selectOption({ label: '消防通道占用' });
    await resident.getByLabel('问题描述').fill('小区消防通道被私家车长期占用，浏览器测试');
    const photo = { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps('#c62828') };
    await resident.getByLabel('照片 1').setInputFiles(photo);
    await resident.getByRole('button', { name: '提交', exact: true }).click();
    await resident.waitForURL((url) => /^\/reports\/(new|\d+)$/.test(url.pathname));
    if (resident.url().includes('/reports/new')) {
      // Demo data may hold a similar report nearby: this one is different, so submit anyway.
      await resident.getByLabel('照片 1').setInputFiles(photo);
      await resident.getByRole('button', { name: '不是同一个问题，仍然提交' }).click();
    }
    await resident.waitForURL((url) => /^\/reports\/\d+$/.test(url.pathname));
    reportPath = new URL(resident.url()).pathname;
    expect(await resident.getByRole('status').first().textContent()).toContain('上报成功');
    expect(await resident.locator('.timeline').textContent()).toContain('待受理');
    await expectNoSeriousA11yViolations(resident);

    const link = resident.locator('.photos a').first();
    const full = await resident.request.get((await link.getAttribute('href'))!);
    expect(full.status()).toBe(200);
    expect(full.headers()['content-type']).toBe('image/jpeg');
    const bytes = await full.body();
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(bytes.includes(Buffer.from('WenmingCam'))).toBe(false);
    const thumbnail = await resident.request.get((await link.locator('img').getAttribute('src'))!);
    expect((await sharp(await thumbnail.body()).metadata()).exif).toBeUndefined();
  });

  it("lists it first among the reporter's own reports, twenty to a page", async () => {
    await resident.goto('/reports/mine');
    const cards = resident.locator('.report-list .report-card');
    expect(await cards.first().locator('a').first().getAttribute('href')).toBe(reportPath);
    const first = await cards.locator('.report-card-title a').allTextContents();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(20);
    // The demo resident has reported more than a page's worth.
    await resident.getByRole('link', { name: '下一页' }).click();
    await resident.waitForURL((url) => url.searchParams.get('page') === '2');
    const second = await cards.locator('.report-card-title a').allTextContents();
    expect(second.length).toBeGreaterThan(0);
    expect(second.some((title) => first.includes(title))).toBe(false);
    expect(await resident.getByRole('link', { name: '上一页' }).count()).toBe(1);
  });

  it('lets a moderator find it in the triage queue, accept it and assign it to 城管执法局', async () => {
    await moderator.goto('/staff/reports');
    await expectNoSeriousA11yViolations(moderator);
    const id = reportPath.split('/').pop()!;
    await expect.poll(() => moderator.locator(`a[href="${reportPath}"]`).count()).toBeGreaterThan(0);
    await moderator.locator(`a[href="${reportPath}"]`).first().click();
    await moderator.waitForURL((url) => url.pathname === reportPath);
    await expectNoSeriousA11yViolations(moderator);
    await act(moderator, '已受理');
    await act(moderator, '已交办', async (form) => {
      await form.getByLabel('责任单位').selectOption({ label: '城管执法局' });
    });
    expect(await moderator.locator('dl.card.facts').textContent()).toContain('城管执法局');
    await screenshot(moderator, `report-${id}-assigned`);
  });

  it('offers a neighbour "me too" on the open report while they place the same pin, before they submit', async () => {
    const neighbour = await newPage(browser);
    problems.neighbour = collectPageProblems(neighbour);
    try {
      await logIn(neighbour, 'volunteer');
      await neighbour.goto('/reports/new');
      await neighbour.locator('.report-map.leaflet-container').waitFor();
      await neighbour.getByLabel('问题类别').selectOption({ label: '消防通道占用' });
      await neighbour.locator('.report-map').click({ position: { x: 137, y: 91 } });
      const offer = neighbour.locator('.nearby li', { has: neighbour.locator(`a[href="${reportPath}"]`) });
      await offer.waitFor();
      // What the nearby report is, not only its number: its photo, category, distance and age.
      expect(await offer.locator('img.report-thumb').count()).toBe(1);
      await offer.scrollIntoViewIfNeeded();
      await expect.poll(() => offer.locator('img.report-thumb').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      expect(await offer.textContent()).toMatch(/消防通道占用[\s\S]*\d+ 米 · 今天上报/);
      await screenshot(neighbour, 'report-duplicate-offer');
      await expectNoSeriousA11yViolations(neighbour);
      await offer.getByRole('button', { name: '我也遇到了' }).click();
      await expect.poll(() => offer.textContent()).toContain('已关注');
      expect(await offer.textContent()).toContain('1 人也遇到了');
    } finally {
      await neighbour.context().close();
    }
  });

  it('lets the moderator blur part of the photo by drawing on it; the public sees the blurred copy, only staff the original', async () => {
    await moderator.goto(reportPath);
    await resident.goto(reportPath);
    const publicBefore = await resident.request.get((await resident.locator('.photos a').first().getAttribute('href'))!);
    expect(publicBefore.status()).toBe(200);
    const before = (await moderator.locator('.photos a').first().getAttribute('href'))!;
    await moderator.getByText('遮挡照片中的隐私（人脸、车牌）').click();
    const frame = moderator.locator('.blur-frame').first();
    await frame.locator('img').waitFor();
    await frame.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await frame.boundingBox())?.width ?? 0).toBeGreaterThan(50);
    const box = (await frame.boundingBox())!;
    await moderator.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
    await moderator.mouse.down();
    await moderator.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5, { steps: 5 });
    await moderator.mouse.up();
    const form = moderator.locator('form', { has: frame });
    await expect.poll(() => form.getByRole('group', { name: '区域 1' }).getByLabel('宽度').inputValue()).toMatch(/^0\.[23]/);
    await expectNoSeriousA11yViolations(moderator);
    await form.getByRole('button', { name: '模糊这些区域并公开' }).click();
    await moderator.waitForURL((url) => url.searchParams.has('blurred'));
    const after = (await moderator.locator('.photos a').first().getAttribute('href'))!;
    expect(after).not.toBe(before);
    // The old public URL is gone; the original is for staff only.
    expect((await resident.request.get(before)).status()).toBe(404);
    const original = moderator.getByRole('link', { name: /查看原图/ });
    const originalUrl = (await original.getAttribute('href'))!;
    expect((await moderator.request.get(originalUrl)).status()).toBe(200);
    expect((await resident.request.get(originalUrl)).status()).toBe(403);
  });

  it('lets the department start the work and rectify it with an after photo', async () => {
    await department.goto('/staff/reports');
    await expect.poll(() => department.locator(`a[href="${reportPath}"]`).count()).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(department);
    await department.goto(reportPath);
    await act(department, '整改中');
    await act(department, '已整改待核查', async (form) => {
      await form.getByLabel('说明').fill('已联系车主挪车，并加装了禁停标识。');
      await form.getByLabel('整改后照片').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps('#2e7d32') });
    });
    expect(await department.getByRole('heading', { name: '整改后' }).count()).toBe(1);
    await expectNoSeriousA11yViolations(department);
  });

  it('lets the moderator close it, and the reporter sees every step on the timeline', async () => {
    await moderator.goto('/staff/reports?queue=verify');
    await expect.poll(() => moderator.locator(`a[href="${reportPath}"]`).count()).toBeGreaterThan(0);
    await moderator.goto(reportPath);
    await act(moderator, '已办结');

    await resident.goto(reportPath);
    const steps = await resident.locator('.timeline > li strong').allTextContents();
    expect(steps).toEqual(['待受理', '已受理', '已交办', '整改中', '已整改待核查', '已办结']);
    const timeline = (await resident.locator('.timeline').textContent()) ?? '';
    expect(timeline).toContain('城管执法局');
    expect(timeline).toContain('已联系车主挪车');
    expect(await resident.locator('.photos img').count()).toBe(2);
    expect(await resident.getByRole('group', { name: '评价处理结果' }).count()).toBe(1);
    await screenshot(resident, 'report-closed-timeline');
    await expectNoSeriousA11yViolations(resident);
  });

  it('tells the reporter of "your report" closing, and the rating confirmation says what was recorded, with the comment', async () => {
    const id = reportPath.split('/').pop();
    await resident.goto('/notifications');
    const notice = resident.locator('.notice-list li', { hasText: `#${id} 已办结` }).first();
    expect(await notice.textContent()).toContain(`您上报的问题 #${id} 已办结`);
    expect(await resident.locator('.notice-list').textContent()).not.toContain(`您关注的上报 #${id}`);
    await notice.getByRole('link').click();
    await resident.waitForURL((url) => url.pathname === reportPath);
    const form = resident.locator('form', { has: resident.getByRole('group', { name: '评价处理结果' }) });
    await form.getByLabel('基本满意').check();
    await form.getByLabel('说明').fill('车挪走了，但晚上还有人停');
    await form.getByRole('button', { name: '提交评价' }).click();
    await resident.waitForURL((url) => url.searchParams.has('rated'));
    expect(await resident.getByRole('status').first().textContent()).toContain('感谢您的评价，已记录如下');
    const recorded = resident.locator('#rating');
    expect(await recorded.textContent()).toContain('您的评价：基本满意');
    expect(await recorded.locator('blockquote').textContent()).toBe('车挪走了，但晚上还有人停');
    // Rated once: the form is gone, and a refresh posts nothing again.
    expect(await resident.getByRole('group', { name: '评价处理结果' }).count()).toBe(0);
    await resident.reload();
    expect(await resident.locator('#rating blockquote').textContent()).toBe('车挪走了，但晚上还有人停');
    await screenshot(resident, 'report-rated');
    await expectNoSeriousA11yViolations(resident);
  });

  it('lets an admin keep the holiday calendar and category routing, and keeps moderators out', async () => {
    const admin = await newPage(browser);
    problems.admin = collectPageProblems(admin);
    try {
      await logIn(admin, 'admin');
      await admin.goto('/admin');
      await admin.getByRole('link', { name: '随手拍设置' }).click();
      await admin.waitForURL((url) => url.pathname === '/admin/reports');
      await expectNoSeriousA11yViolations(admin);
      const holiday = admin.locator('form', { has: admin.getByRole('button', { name: '添加' }) });
      // A day no official or provisional calendar lists, so the table shows it only while the override exists.
      await holiday.getByLabel('日期').fill('2027-03-15');
      await holiday.getByLabel('名称', { exact: true }).fill('测试假日');
      await holiday.getByRole('button', { name: '添加' }).click();
      await admin.waitForURL((url) => url.searchParams.has('saved'));
      expect(await admin.locator('table').textContent()).toContain('2027-03-15');
      await admin.getByRole('button', { name: '删除 2027-03-15' }).click();
      await admin.waitForURL((url) => url.searchParams.has('saved'));
      expect(await admin.locator('table').textContent()).not.toContain('2027-03-15');
      const days = admin.locator('form', { has: admin.getByRole('button', { name: /^保存 随地吐痰/ }) }).getByLabel('整改期限（工作日）');
      await days.fill('4');
      await admin.getByRole('button', { name: /^保存 随地吐痰/ }).click();
      await admin.waitForURL((url) => url.searchParams.has('saved'));
      expect(
        await admin
          .locator('form', { has: admin.getByRole('button', { name: /^保存 随地吐痰/ }) })
          .getByLabel('整改期限（工作日）')
          .inputValue(),
      ).toBe('4');
      const refused = await moderator.goto('/admin/reports');
      expect(refused?.status()).toBe(403);
    } finally {
      await admin.context().close();
    }
  });

  it('met no CSP violation and no script error on the way', () => {
    expect(problems).toEqual({ resident: [], moderator: [], department: [], neighbour: [], admin: [] });
  });
});
