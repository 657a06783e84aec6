import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, collectPageProblems, expectNoSeriousA11yViolations, launchBrowser, newPage, screenshot } from './support';

describe('the browser harness', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('loads the home page in Chromium under its CSP, in Chinese', async () => {
    const page = await newPage(browser);
    const problems = collectPageProblems(page);
    try {
      const response = await page.goto('/');
      expect(response?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await screenshot(page, 'smoke-home');
      expect(problems).toEqual([]);
      await expectNoSeriousA11yViolations(page);
    } finally {
      await page.context().close();
    }
  });

  it('reaches the health endpoint', async () => {
    const response = await fetch(new URL('/healthz', baseUrl()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
