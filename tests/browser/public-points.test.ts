/**
 * No public route tells a report's exact point (src/lib/server/reports/public-point.ts): for demo
 * reports whose exact point staff can read, neither the anonymous API (list, report, map), nor
 * Open311, the open data, the Atom feed or the public report page holds it; the staff who handle a
 * report read it exactly.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, logIn, newPage } from './support';

const GRID = 0.0005;
const onGrid = (value: number) => Math.round(Math.round(value / GRID) * GRID * 1e6) / 1e6;
const url = (p: string) => new URL(p, baseUrl()).toString();

describe('public points', () => {
  let browser: Browser;
  let staff: Page;
  /** Public demo reports with their exact points (off the public grid), as the office reads them. */
  const exact: { id: number; lat: number; lng: number }[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    staff = await newPage(browser);
    await logIn(staff, 'moderator');
    const { reports } = (await (await fetch(url('/api/v1/reports'))).json()) as { reports: { id: number }[] };
    for (const { id } of reports.slice(0, 8)) {
      const { report } = (await (await staff.request.get(`/api/v1/reports/${id}`)).json()) as { report: { id: number; lat: number; lng: number; exactPoint: boolean } };
      expect(report.exactPoint).toBe(true);
      // Only points whose 5th decimal differs from the public one's can be looked for in text.
      if (report.lat.toFixed(5) !== onGrid(report.lat).toFixed(5) && report.lng.toFixed(5) !== onGrid(report.lng).toFixed(5)) exact.push(report);
    }
    expect(exact.length).toBeGreaterThan(2);
  });
  afterAll(async () => {
    await staff?.context().close();
    await browser?.close();
  });

  it('answers every public route with rounded points only', async () => {
    const { lat, lng } = exact[0]!;
    const bbox = [lng - 0.01, lat - 0.01, lng + 0.01, lat + 0.01].map((n) => n.toFixed(5)).join(',');
    const routes = [
      '/api/v1/reports',
      ...exact.map((r) => `/api/v1/reports/${r.id}`),
      ...[12, 15, 17, 19].map((zoom) => `/api/v1/reports/map?bbox=${bbox}&zoom=${zoom}`),
      '/open311/v2/requests.json',
      '/open311/v2/requests.xml',
      `/open311/v2/requests.json?service_request_id=${exact.map((r) => r.id).join(',')}`,
      '/open-data/reports.geojson',
      '/feeds/reports.atom',
      ...exact.map((r) => `/reports/${r.id}`),
    ];
    for (const route of routes) {
      const response = await fetch(url(route));
      expect(response.status, route).toBe(200);
      const body = await response.text();
      for (const point of exact) {
        for (const value of [point.lat, point.lng]) expect(body, `${route} tells #${point.id}'s exact point`).not.toContain(value.toFixed(5));
      }
    }
    // The map's markers sit on the public grid.
    const map = (await (await fetch(url(`/api/v1/reports/map?bbox=${bbox}&zoom=19`))).json()) as { reports: { lat: number; lng: number }[] };
    for (const marker of map.reports) expect([marker.lat, marker.lng]).toEqual([onGrid(marker.lat), onGrid(marker.lng)]);
  });

  it('shows the staff who handle a report its exact point on its page', async () => {
    const point = exact[0]!;
    await staff.goto(`/reports/${point.id}`);
    expect(await staff.locator('[data-private] [data-point]').textContent()).toBe(`${point.lat.toFixed(6)}, ${point.lng.toFixed(6)}`);
    expect(await staff.locator('.report-point').getAttribute('data-exact')).toBe('true');
  });
});
