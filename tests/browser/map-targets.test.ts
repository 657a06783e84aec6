/**
 * The reports map at 390 x 844 over a dense district (issue 19: targets at least 24 x 24 px, none
 * overlapping): a server of its own on PostgreSQL with the demo data and 3,000 more public reports
 * around the city's centre; at each zoom from the city to the street, and back out, the bounding
 * boxes of every marker and cluster drawn are at least 24 x 24 px and no two of them overlap, on the
 * public map and on the staff queue's map (drawn from the page's points, merged in the island). And a
 * report hidden by three flags leaves the map's clusters, open data's monthly counts and the sitemap
 * until a moderator restores it (issue 21).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { rebuildMapCells } from '../../src/lib/server/reports';
import { collectPageProblems, launchBrowser, logIn, newPage } from './support';
import { ARTIFACTS_DIR } from './support/browser';
import { startServerOnOwnDatabase, type OwnServer } from './support/own-database';
import type { RunningServer } from './support/server';

const TILE = sharp({ create: { width: 256, height: 256, channels: 3, background: '#e8eef4' } })
  .png()
  .toBuffer();
const DENSE = 3000;

type Box = { x: number; y: number; width: number; height: number; kind: string };

function overlapping(boxes: Box[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) pairs.push(`${JSON.stringify(a)} ~ ${JSON.stringify(b)}`);
    }
  }
  return pairs;
}

/** The markers and clusters drawn on the map once the answer for `zoom` is in. */
async function targetsAt(page: Page, zoom: number): Promise<Box[]> {
  await page.locator(`.report-map[data-drawn-zoom="${zoom}"]`).waitFor();
  return page.locator('.report-map .leaflet-marker-pane .leaflet-marker-icon').evaluateAll((icons) =>
    icons.map((icon) => {
      const box = icon.getBoundingClientRect();
      return { x: box.x, y: box.y, width: box.width, height: box.height, kind: icon.classList.contains('report-cluster') ? `cluster ${icon.textContent}` : 'report' };
    }),
  );
}

/** The map alone, under tests/.artifacts/ (the page around it is long). */
async function mapShot(page: Page, zoom: number): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.locator('.report-map').screenshot({ path: path.join(ARTIFACTS_DIR, `map-targets-z${zoom}.png`) });
}

describe('the reports map’s targets in Chromium at 390 x 844, on PostgreSQL', () => {
  let own: OwnServer;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    own = await startServerOnOwnDatabase('maptargets', { JOBS_ENABLED: 'false' });
    server = own.server;
    // A busy district: public reports spiralling out from the city's centre, half of them within
    // 150 m (thickest in the middle), half spread evenly over 2 km.
    const sql = postgres(own.url, { max: 1, onnotice: () => {} });
    await sql.unsafe(`
      insert into reports (category_id, description, status, version, lat, lng, map_cell, grid_id, community_id, subdistrict_id, district_id, department_id, source, created_at, updated_at)
      select r.category_id, '密集测试上报 #' || n, (array['accepted','assigned','in_progress','closed'])[1 + n % 4], 1, p.lat, p.lng,
        floor(p.lng / (360 / 2^16))::bigint * 1048576 + floor(p.lat / (360 / 2^16))::bigint + 524288,
        r.grid_id, r.community_id, r.subdistrict_id, r.district_id, r.department_id, 'web', now(), now()
      from generate_series(1, ${DENSE}) n
      cross join (select (value->>0)::float8 as lat, (value->>1)::float8 as lng from settings where key = 'city.center') c
      cross join lateral (select case when n % 2 = 0 then power((n * 7919 % 1000) / 1000.0, 2) * 0.0015 else sqrt((n * 7919 % 1000) / 1000.0) * 0.02 end as r) d
      cross join lateral (select c.lat + d.r * cos(n * 2.399963) as lat, c.lng + d.r * sin(n * 2.399963) as lng) p
      cross join lateral (select * from reports where status = 'closed' order by id offset n % 5 limit 1) r`);
    // Flags count only from accounts older than a day: the demo accounts are made a month old.
    await sql`update users set created_at = now() - interval '30 days'`;
    await sql.end();
    const database = await openDatabase({ url: own.url, maxConnections: 1 });
    await rebuildMapCells(database.db);
    await database.close();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await own?.stop();
  });

  it('draws markers and clusters of at least 24 x 24 px that never overlap, at every zoom from the city to the street and back', async () => {
    const page = await newPage(browser, { baseURL: server.url });
    const problems = collectPageProblems(page);
    const tile = await TILE;
    await page.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ body: tile, contentType: 'image/png' }));
    await page.goto('/reports');
    // The city's own zoom (a setting) first.
    const start = Number(await page.locator('.report-map[data-drawn-zoom]').getAttribute('data-drawn-zoom'));
    const seen: Record<number, Box[]> = {};
    const check = async (zoom: number) => {
      const boxes = await targetsAt(page, zoom);
      seen[zoom] = boxes;
      expect(boxes.length, `zoom ${zoom}`).toBeGreaterThan(0);
      expect(
        boxes.filter((box) => box.width < 24 || box.height < 24),
        `zoom ${zoom}`,
      ).toEqual([]);
      expect(overlapping(boxes), `zoom ${zoom}`).toEqual([]);
    };
    await check(start);
    await mapShot(page, start);
    for (let zoom = start + 1; zoom <= 18; zoom++) {
      await page.locator('.leaflet-control-zoom-in').click();
      await check(zoom);
      await mapShot(page, zoom);
    }
    // Back out: the street's targets would close in on each other, so they wait for the new answer.
    for (let zoom = 17; zoom >= 15; zoom--) {
      await page.locator('.leaflet-control-zoom-out').click();
      await check(zoom);
    }
    // The district was dense: clusters at the city's zoom, single reports closer in.
    expect(seen[start]!.some((box) => box.kind.startsWith('cluster'))).toBe(true);
    expect(Object.values(seen).some((boxes) => boxes.some((box) => box.kind === 'report'))).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('draws the staff queue’s map (750 accepted reports in the district) with no two targets overlapping, on a desktop and a phone', async () => {
    for (const viewport of [
      { width: 1366, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const page = await newPage(browser, { baseURL: server.url, viewport, ...(viewport.width > 1000 && { isMobile: false, hasTouch: false }) });
      const problems = collectPageProblems(page);
      const tile = await TILE;
      await page.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ body: tile, contentType: 'image/png' }));
      await logIn(page, 'moderator');
      await page.goto('/staff/reports?queue=assign&view=map');
      const shown = Number(await page.locator('[data-map-shown]').getAttribute('data-map-shown'));
      expect(shown).toBeGreaterThan(700);
      const fitted = Number(await page.locator('.queue-map .report-map[data-drawn-zoom]').getAttribute('data-drawn-zoom'));
      for (const zoom of [fitted, fitted + 1, fitted + 2, fitted + 3]) {
        if (zoom > fitted) await page.locator('.queue-map .leaflet-control-zoom-in').click();
        const boxes = await targetsAt(page, zoom);
        expect(
          boxes.filter((box) => box.width < 24 || box.height < 24),
          `zoom ${zoom}`,
        ).toEqual([]);
        expect(overlapping(boxes), `zoom ${zoom}`).toEqual([]);
        if (zoom === fitted) {
          // Every shown report is on the map, as a dot or within a cluster.
          const total = await page
            .locator('.queue-map .leaflet-marker-icon')
            .evaluateAll((icons) => icons.reduce((sum, icon) => sum + Number(icon.querySelector('[data-count]')?.getAttribute('data-count') ?? 1), 0));
          expect(total).toBe(shown);
          await page.locator('.queue-map .report-map').screenshot({ path: path.join(ARTIFACTS_DIR, `map-targets-queue-${viewport.width}.png`) });
        }
      }
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });

  it('draws the volunteer shifts’ places as circles of at least 24 x 24 px', async () => {
    const page = await newPage(browser, { baseURL: server.url });
    const tile = await TILE;
    await page.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ body: tile, contentType: 'image/png' }));
    await page.goto('/volunteer');
    await page.locator('.shift-map path.leaflet-interactive').first().waitFor({ state: 'attached' });
    await page.locator('.shift-map').scrollIntoViewIfNeeded();
    await page.locator('.shift-map').screenshot({ path: path.join(ARTIFACTS_DIR, 'map-targets-shifts.png') });
    // Places out of the view are not drawn (an empty path): the ones in view are measured.
    const boxes = await page.locator('.shift-map path.leaflet-interactive').evaluateAll((paths) =>
      paths
        .filter((p) => p.getAttribute('d') !== 'M0 0')
        .map((p) => p.getBoundingClientRect())
        .map((b) => ({ width: b.width, height: b.height })),
    );
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.filter((box) => box.width < 24 || box.height < 24)).toEqual([]);
    await page.context().close();
  });

  it('takes a report hidden by three flags out of the map’s clusters, open data’s monthly counts and the sitemap over HTTP, and back when restored', async () => {
    const url = (p: string) => new URL(p, server.url).toString();
    const session = async (login: string) => {
      const response = await fetch(url('/api/v1/session'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password: 'wenming2026' }),
      });
      return response.headers
        .getSetCookie()
        .find((c) => c.startsWith('session='))!
        .split(';')[0]!;
    };
    const { west, south, east, north } = (await (await fetch(url('/api/v1/city'))).json()).bounds;
    // The city at zoom 12: answered from the kept counts. Answers may be a second old (the
    // per-process cache), hence the polls below.
    const figures = async () => {
      const map = await (await fetch(url(`/api/v1/reports/map?bbox=${west},${south},${east},${north}&zoom=12`))).json();
      const monthly = await (await fetch(url('/open-data/reports-monthly.json'))).json();
      const sitemap = await (await fetch(url('/sitemap.xml'))).text();
      return {
        map: map.clusters.reduce((sum: number, c: { count: number }) => sum + c.count, 0) + map.reports.length,
        monthly: monthly.rows.reduce((sum: number, row: { reports: number }) => sum + row.reports, 0),
        sitemap: sitemap.split('<url>').length - 1,
      };
    };
    const { reports } = await (await fetch(url('/api/v1/reports'))).json();
    const id = (reports as { id: number }[])[0]!.id;
    const shown = await figures();
    for (const login of ['volunteer', 'leader', 'grid']) {
      const flagged = await fetch(url('/api/v1/flags'), {
        method: 'POST',
        headers: { cookie: await session(login), 'content-type': 'application/json' },
        body: JSON.stringify({ targetType: 'report', targetId: id, reason: 'personal_info' }),
      });
      expect(flagged.status).toBe(201);
    }
    expect((await fetch(url(`/api/v1/reports/${id}`))).status).toBe(404);
    await expect.poll(figures, { timeout: 10_000 }).toEqual({ map: shown.map - 1, monthly: shown.monthly - 1, sitemap: shown.sitemap - 1 });

    const office = await newPage(browser, { baseURL: server.url });
    await logIn(office, 'moderator');
    await office.goto('/staff/community');
    const item = office.locator(`[data-flagged="report:${id}"]`);
    await item.getByLabel('原因').fill('未发现个人信息');
    await item.getByRole('button', { name: '恢复显示' }).click();
    await office.waitForURL((u) => u.searchParams.has('done'));
    await office.context().close();
    await expect.poll(figures, { timeout: 10_000 }).toEqual(shown);
  });
});
