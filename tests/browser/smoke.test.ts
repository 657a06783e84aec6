import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, collectPageProblems, expectNoSeriousA11yViolations, launchBrowser, newPage, screenshot } from './support';

describe('the browser harness', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('loads the home page in Chromium, in Chinese, without CSP violations', async () => {
    const page = await newPage(browser);
    const problems = collectPageProblems(page);
    try {
      const response = await page.goto('/');
      expect(response?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await screenshot(page, 'smoke-home');
      // The served headers and Astro's hashed CSP must let the page run (see src/server/http-server.ts).
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('fails an axe check listing serious and critical violations', async () => {
    const page = await newPage(browser, { bypassCSP: true });
    try {
      await page.goto('/healthz');
      await page.setContent('<html lang="zh-CN"><body><main><img src="/favicon.svg"><button></button></main></body></html>');
      const check = expectNoSeriousA11yViolations(page);
      await expect(check).rejects.toThrow(/\[critical\] image-alt/);
      await expect(check).rejects.toThrow(/\[critical\] button-name/);
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
