/**
 * The open-data page and files over real HTTP against the built server (demo data): every file
 * parses, the GeoJSON filters refuse what they do not understand, and the page reads well on a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseCsv } from '../../src/lib/server/csv';
import { baseUrl, collectPageProblems, expectNoSeriousA11yViolations, launchBrowser, newPage, PHONE_VIEWPORT, screenshot } from './support';

const url = (p: string) => new URL(p, baseUrl()).toString();

describe('open data', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('serves every file in the data package, each parsing as its format', async () => {
    const descriptor = await (await fetch(url('/open-data/datapackage.json'))).json();
    expect(descriptor.resources.length).toBeGreaterThanOrEqual(9);
    for (const resource of descriptor.resources as { path: string; format: string; schema: { fields: { name: string }[] } }[]) {
      const response = await fetch(url(new URL(resource.path).pathname));
      expect(response.status, resource.path).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const body = await response.text();
      if (resource.format === 'csv') expect(parseCsv(body)[0]).toEqual(resource.schema.fields.map((f) => f.name));
      else {
        const parsed = JSON.parse(body);
        if (resource.format === 'geojson') expect(parsed.type).toBe('FeatureCollection');
        else expect(parsed.fields.map((f: { name: string }) => f.name)).toEqual(resource.schema.fields.map((f) => f.name));
      }
    }
  });

  it('pages the demo reports as GeoJSON, takes empty filters as absent, and answers 400 for bad ones', async () => {
    const all = await (await fetch(url('/open-data/reports.geojson?from=&to=&area='))).json();
    expect(all.features.length).toBeGreaterThan(0);
    for (const bad of ['from=2026-13-45', 'to=99999-01-01', 'after=-1', 'after=99999999999999999999', 'area=%00', 'area=nowhere', 'from=2026-12-01&to=2026-11-01']) {
      const response = await fetch(url(`/open-data/reports.geojson?${bad}`));
      expect(response.status, bad).toBe(400);
      expect((await response.text()).includes('at ')).toBe(false);
    }
    expect((await fetch(url('/open-data/no-such.csv'))).status).toBe(404);
  });

  it('lists the files with their dictionaries on a phone', async () => {
    const page = await newPage(browser, { viewport: PHONE_VIEWPORT });
    const problems = collectPageProblems(page);
    await page.goto(url('/open-data'));
    await expect(page.locator('h1').textContent()).resolves.toBe('开放数据');
    expect(await page.locator('a[href$=".csv"]').count()).toBe(4);
    await page.locator('#reports-monthly details summary').click();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'open-data-phone');
    expect(problems).toEqual([]);
    await page.close();
  });
});
