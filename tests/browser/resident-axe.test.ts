/**
 * axe on every page a resident sees, at phone width (390 x 844), signed out and signed in: no serious
 * or critical violation anywhere.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findA11yViolations, launchBrowser, logIn, newPage } from './support';

const PUBLIC_PAGES = [
  '/',
  '/reports',
  '/reports/league',
  '/volunteer',
  '/volunteer/leaderboard',
  '/volunteer/verify',
  '/good-people',
  '/quiz',
  '/quiz/rates',
  '/privacy',
  '/open-data',
  '/points/leaderboard',
  '/login',
  '/register',
];
const RESIDENT_PAGES = ['/reports/new', '/reports/mine', '/notifications', '/notifications/settings', '/notifications/follows', '/account', '/account/verify-phone'];

describe('every resident page passes axe at phone width', () => {
  let browser: Browser;
  let visitor: Page;
  let resident: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    visitor = await newPage(browser);
    resident = await newPage(browser);
    await logIn(resident, 'resident');
  });
  afterAll(async () => {
    for (const page of [visitor, resident]) await page?.context().close();
    await browser?.close();
  });

  it('has no serious or critical violations on the public pages, signed out', async () => {
    const found: Record<string, string[]> = {};
    for (const path of PUBLIC_PAGES) {
      await visitor.goto(path);
      const violations = await findA11yViolations(visitor);
      if (violations.length) found[path] = violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    }
    expect(found).toEqual({});
  });

  it('has no serious or critical violations on the pages of a signed-in resident, a report page among them', async () => {
    await resident.goto('/reports');
    const report = (await resident.locator('.report-list a[href^="/reports/"]').first().getAttribute('href'))!;
    const found: Record<string, string[]> = {};
    for (const path of [...RESIDENT_PAGES, report, '/volunteer', '/good-people', '/quiz']) {
      await resident.goto(path);
      const violations = await findA11yViolations(resident);
      if (violations.length) found[path] = violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    }
    expect(found).toEqual({});
  });
});
