/**
 * Chromium through playwright-core, as on the machines: Debian's /usr/bin/chromium, headless, and no
 * background networking (this machine's closed network refuses it, noisily).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { ARTIFACTS_DIR } from './server';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export { ARTIFACTS_DIR };

/** A phone: most residents use the portal on one. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/** Each launch gets a fresh, temporary user data dir from Playwright, removed on close. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The base URL of the server started by tests/browser/global-server.ts. */
export function baseUrl(): string {
  return inject('baseUrl');
}

/** Contexts made with bypassCSP, where axe can run in place (see a11y.ts). */
export const cspBypassingContexts = new WeakSet<BrowserContext>();

/**
 * A page in its own context: zh-CN, a phone-sized touch viewport, relative URLs against the test
 * server. Close it with `page.context().close()`. Pass `{ bypassCSP: true }` only to audit a page's
 * state after interactions: it hides the CSP violations that the other tests should see.
 */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: PHONE_VIEWPORT,
    isMobile: true,
    hasTouch: true,
    ...options,
  });
  if (options.bypassCSP) cspBypassingContexts.add(context);
  return context.newPage();
}

/**
 * The usual start of a describe block: Chromium, one page in it (newPage's options) and that page's
 * problems (collectPageProblems). Closing the browser closes the page too.
 */
export async function openPhonePage(options: BrowserContextOptions = {}): Promise<{ browser: Browser; page: Page; problems: string[] }> {
  const browser = await launchBrowser();
  const page = await newPage(browser, options);
  return { browser, page, problems: collectPageProblems(page) };
}

/** Saves a full-page PNG under tests/.artifacts/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Collects Content-Security-Policy violations and uncaught errors in the page, so a test can assert
 * that a page works under its CSP.
 */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where tests/browser/global-server.ts serves the built app, e.g. http://127.0.0.1:41234. */
    baseUrl: string;
  }
}
