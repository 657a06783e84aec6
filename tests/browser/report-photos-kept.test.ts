/**
 * A report form the server sends back keeps the chosen photos (src/lib/server/reports/pending-photos.ts):
 * in Chromium without JavaScript, a resident who forgot the place gets the form back with the photo
 * shown as kept, picks the community, sends again without choosing the photo again, and the report
 * has it. A kept photo left unticked is not filed.
 */
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, logIn, newPage, screenshot } from './support';

const jpeg = (background: string) =>
  sharp({ create: { width: 400, height: 300, channels: 3, background } })
    .jpeg()
    .toBuffer();

describe('photos kept when the report form comes back', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, { javaScriptEnabled: false });
    // An account of its own: the demo resident files reports in many files of this run, and what
    // they filed within the last minutes must not decide what this test sees.
    const phone = `137${String(Date.now()).slice(-8)}`;
    const created = await fetch(new URL('/api/v1/users', baseUrl()), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, password: 'wenming2026', displayName: '保留照片测试', birthYear: 1990, consentVersion: '2026-11' }),
    });
    expect(created.status).toBe(201);
    await logIn(page, phone);
  });
  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
  });

  async function fillWithoutPlace(description: string, photos: string[]) {
    await page.goto('/reports/new');
    await page.getByLabel('问题类别').selectOption('litter');
    await page.getByLabel('问题描述').fill(description);
    for (const [i, color] of photos.entries()) await page.getByLabel(`照片 ${i + 1}`).setInputFiles({ name: `photo-${i}.jpg`, mimeType: 'image/jpeg', buffer: await jpeg(color) });
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.locator('.kept-photos').waitFor();
  }

  it('keeps the photo of a form sent back without a place, and files it with the report', async () => {
    await fillWithoutPlace('楼下垃圾桶满溢无人清理，保留照片测试', ['#6a1b9a']);
    expect(new URL(page.url()).pathname).toBe('/reports/new');
    expect(await page.locator('.alert.error').first().textContent()).toContain('已保留');
    expect(await page.locator('.kept-photos img').count()).toBe(1);
    expect(await page.locator('.kept-photos input[name="keepPhoto"]').isChecked()).toBe(true);
    // The kept photo stands in for the first: no file input is required now, and three remain.
    expect(await page.locator('input[type="file"][name="photos"]').count()).toBe(3);
    expect(await page.locator('input[type="file"][required]').count()).toBe(0);
    expect(await page.getByLabel('问题描述').inputValue()).toBe('楼下垃圾桶满溢无人清理，保留照片测试');
    await screenshot(page, 'report-form-photos-kept');
    const thumbnail = await page.locator('.kept-photos img').getAttribute('src');
    expect((await page.request.get(thumbnail!)).status()).toBe(200);

    await page.locator('#field-community').selectOption({ index: 1 });
    await page.getByRole('button', { name: /提交/ }).last().click();
    // Filed, or first asked about an open report nearby ("me too"), the photo still kept.
    if (new URL(page.url()).pathname === '/reports/new') {
      expect(await page.locator('.kept-photos img').count()).toBe(1);
      await page
        .getByRole('button', { name: /仍然提交|提交/ })
        .last()
        .click();
    }
    await page.waitForURL(/\/reports\/\d+\?created=1/);
    expect(await page.locator('ul.photos img').count()).toBe(1);
  });

  it('files no kept photo the resident unticked', async () => {
    await fillWithoutPlace('人行道上有碎玻璃，取消保留测试', ['#00695c', '#ef6c00']);
    expect(await page.locator('.kept-photos img').count()).toBe(2);
    await page.locator('.kept-photos input[name="keepPhoto"]').first().uncheck();
    await page.locator('#field-community').selectOption({ index: 2 });
    await page.getByRole('button', { name: /提交/ }).last().click();
    if (new URL(page.url()).pathname === '/reports/new')
      await page
        .getByRole('button', { name: /仍然提交|提交/ })
        .last()
        .click();
    await page.waitForURL(/\/reports\/\d+\?created=1/);
    expect(await page.locator('ul.photos img').count()).toBe(1);
  });
});
