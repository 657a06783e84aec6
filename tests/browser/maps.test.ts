/**
 * Maps in Chromium at phone size: markers land on the right spot of the tiles (WGS-84 for OpenStreetMap
 * and 天地图, GCJ-02 for 高德), the city's own outlines
 * with names when tiles fail, place search, the report form's pin, location refused, a photo's own
 * location, and the report page's map for the public and for staff. Tiles are answered or refused
 * by the test (no outside network), so every run sees the same thing.
 */
import gcoord from 'gcoord';
import { pinyin } from 'pinyin-pro';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, launchBrowser, logIn, newPage, screenshot } from './support';

const TILE = sharp({ create: { width: 256, height: 256, channels: 3, background: '#e8eef4' } })
  .png()
  .toBuffer();

/** Answers every tile request of the page with a plain tile, or refuses them all. */
async function tiles(page: Page, how: 'serve' | 'fail') {
  const body = await TILE;
  await page.route(/tile\.openstreetmap\.org|is\.autonavi\.com|tianditu\.gov\.cn/, (route) =>
    how === 'serve' ? route.fulfill({ body, contentType: 'image/png' }) : route.abort('connectionrefused'),
  );
}

/** Where a point (in the tiles' own datum) should appear on screen: from the tile that holds it. */
async function expectedScreenPoint(page: Page, point: { lat: number; lng: number }, tileOf: (src: string) => { x: number; y: number; z: number } | null) {
  const tilesOnPage = await page
    .locator('img.leaflet-tile')
    .evaluateAll((images) => images.map((img) => ({ src: (img as HTMLImageElement).src, left: img.getBoundingClientRect().left, top: img.getBoundingClientRect().top })));
  for (const tile of tilesOnPage) {
    const key = tileOf(tile.src);
    if (!key) continue;
    const size = 256 * 2 ** key.z;
    const px = ((point.lng + 180) / 360) * size;
    const phi = (point.lat * Math.PI) / 180;
    const py = ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * size;
    if (Math.floor(px / 256) === key.x && Math.floor(py / 256) === key.y) return { x: tile.left + px - key.x * 256, y: tile.top + py - key.y * 256 };
  }
  throw new Error(`no tile on the page holds ${point.lat},${point.lng}`);
}

async function circleCentre(page: Page) {
  const box = (await page.locator('.report-map path.report-area').boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function firstPublicReport(page: Page) {
  const response = await page.request.get('/api/v1/reports');
  const { reports } = (await response.json()) as { reports: { id: number; lat: number; lng: number }[] };
  return reports[0]!;
}

const osmTile = (src: string) => {
  const match = /\/(\d+)\/(\d+)\/(\d+)\.png/.exec(src);
  return match ? { z: Number(match[1]), x: Number(match[2]), y: Number(match[3]) } : null;
};

describe('maps and places, in the browser', () => {
  let browser: Browser;
  let resident: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    resident = await newPage(browser);
    problems = collectPageProblems(resident);
    await logIn(resident, 'resident');
  });
  afterAll(async () => {
    await resident?.context().close();
    await browser?.close();
  });

  it('puts a public report’s circle on its rounded point on OpenStreetMap tiles, with an attribution that has no flag', async () => {
    const page = await newPage(browser);
    await tiles(page, 'serve');
    const report = await firstPublicReport(page);
    await page.goto(`/reports/${report.id}`);
    await page.locator('.report-map img.leaflet-tile').first().waitFor();
    await page.locator('.report-map path.report-area').waitFor();
    // The list gives the public point (rounded to 0.0005°), where the page draws its circle.
    const rounded = { lat: report.lat, lng: report.lng };
    const expected = await expectedScreenPoint(page, rounded, osmTile);
    const centre = await circleCentre(page);
    expect(Math.abs(centre.x - expected.x)).toBeLessThan(2);
    expect(Math.abs(centre.y - expected.y)).toBeLessThan(2);
    const attribution = page.locator('.leaflet-control-attribution');
    expect(await attribution.textContent()).toContain('OpenStreetMap');
    expect(await attribution.locator('svg').count()).toBe(0);
    expect(await page.locator('.report-map').evaluate((element) => element.classList.contains('map-fallback'))).toBe(false);
    expect(await page.locator('[data-address]').textContent()).toMatch(/社区/);
    expect(await page.getByText('约 50 米').count()).toBe(1);
    await page.context().close();
  });

  it('draws the city’s own outlines with names when the tiles cannot load, so a pin can still be placed', async () => {
    await tiles(resident, 'fail');
    await resident.goto('/reports/new');
    const map = resident.locator('.report-map');
    await map.and(resident.locator('.map-fallback')).waitFor();
    await expect.poll(() => resident.locator('.area-label').count()).toBeGreaterThan(5);
    expect(await resident.locator('.map-fallback-note').textContent()).toContain('网格轮廓');
    await resident.locator('.area-label:visible').first().waitFor();
    await screenshot(resident, 'map-fallback');
  });

  it('does not pretend a pin was chosen, says so, and keeps the typed text and the chosen photo when sent without a place', async () => {
    await resident.goto('/reports/new');
    await resident.locator('.report-map.leaflet-container').waitFor();
    expect(await resident.locator('.report-pin').count()).toBe(0);
    expect(await resident.locator('#lat').inputValue()).toBe('');
    expect(await resident.locator('#location-status').textContent()).toContain('尚未选择位置');
    await resident.getByLabel('问题类别').selectOption({ index: 1 });
    await resident.getByLabel('问题描述').fill('路边垃圾无人清理，地图测试');
    const plain = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2e7d32' } })
      .jpeg()
      .toBuffer();
    await resident.getByLabel('照片 1').setInputFiles({ name: 'plain.jpg', mimeType: 'image/jpeg', buffer: plain });
    await expect.poll(() => resident.locator('.location-problem').textContent()).toContain('照片中没有位置信息');
    await resident.getByRole('button', { name: '提交', exact: true }).click();
    await resident.locator('#form-missing:not([hidden])').waitFor();
    expect(await resident.locator('#form-missing').textContent()).toContain('位置');
    expect(new URL(resident.url()).pathname).toBe('/reports/new');
    expect(await resident.getByLabel('问题描述').inputValue()).toBe('路边垃圾无人清理，地图测试');
    expect(await resident.getByLabel('照片 1').evaluate((input) => (input as HTMLInputElement).files?.length)).toBe(1);
  });

  it('finds a place by its pinyin initials in the map’s search box and drops the pin there', async () => {
    await resident.goto('/reports/new');
    await resident.locator('.report-map.leaflet-container').waitFor();
    const search = async (q: string) =>
      ((await (await resident.request.get(`/api/v1/places?limit=8&q=${encodeURIComponent(q)}`)).json()) as { places: { name: string; lat: number; lng: number }[] }).places;
    const community = (await search('社区'))[0]!;
    const initials = pinyin(community.name, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
    const target = (await search(initials))[0]!;
    await resident.getByRole('searchbox', { name: '搜索地点' }).fill(initials);
    await resident.locator('.map-search-results button').first().click();
    await expect.poll(() => resident.locator('#lat').inputValue()).toBe(target.lat.toFixed(6));
    expect(await resident.locator('#lng').inputValue()).toBe(target.lng.toFixed(6));
    expect(await resident.getByRole('searchbox', { name: '搜索地点' }).inputValue()).toBe(target.name);
    expect(await resident.locator('.report-pin').count()).toBe(1);
    await expect.poll(() => resident.locator('#location-status').textContent()).toContain('已选择位置');
    await screenshot(resident, 'map-search');
  });

  it('says clearly when the location is refused, and uses it when allowed', async () => {
    const denied = await newPage(browser);
    await logIn(denied, 'resident');
    await tiles(denied, 'fail');
    await denied.context().clearPermissions();
    await denied.goto('/reports/new');
    await denied.locator('.report-map.leaflet-container').waitFor();
    await denied.getByRole('button', { name: '使用我的位置' }).click();
    await expect.poll(() => denied.getByRole('alert').filter({ hasText: '定位' }).textContent()).toContain('定位权限被拒绝');
    expect(await denied.locator('#lat').inputValue()).toBe('');
    await screenshot(denied, 'map-location-denied');
    await denied.context().close();

    const allowed = await newPage(browser, { geolocation: { latitude: 28.205, longitude: 113.005 }, permissions: ['geolocation'] });
    await logIn(allowed, 'resident');
    await tiles(allowed, 'fail');
    await allowed.goto('/reports/new');
    await allowed.locator('.report-map.leaflet-container').waitFor();
    await allowed.getByRole('button', { name: '使用我的位置' }).click();
    await expect.poll(() => allowed.locator('#lat').inputValue()).toBe('28.205000');
    await allowed.context().close();
  });

  it('starts from a photo: its GPS position is read in the browser and the pin placed there to confirm', async () => {
    await resident.goto('/reports/new');
    await resident.locator('.report-map.leaflet-container').waitFor();
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c62828' } })
      .withExif({ IFD0: { Make: 'WenmingCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 12/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 0/1 36/1' } })
      .jpeg()
      .toBuffer();
    await resident.locator('#photo-1').setInputFiles({ name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => resident.locator('#lat').inputValue()).toBe('28.200000');
    expect(await resident.locator('#lng').inputValue()).toBe('113.010000');
    expect(await resident.locator('.location-problem').textContent()).toContain('照片中的位置');
    expect(await resident.locator('.report-pin').count()).toBe(1);
    await screenshot(resident, 'map-photo-first');
  });

  it('shows staff the exact point, the address, the source and the reporter’s masked phone in 内部信息', async () => {
    const staff = await newPage(browser);
    await logIn(staff, 'moderator');
    await tiles(staff, 'fail');
    const report = await firstPublicReport(staff);
    await staff.goto(`/reports/${report.id}`);
    // The list gives everyone the public point; the report, read by staff who handle it, the exact one.
    const { report: exact } = (await (await staff.request.get(`/api/v1/reports/${report.id}`)).json()) as { report: { lat: number; lng: number; exactPoint: boolean } };
    expect(exact.exactPoint).toBe(true);
    const card = staff.locator('[data-private]');
    expect(await card.locator('[data-point]').textContent()).toBe(`${exact.lat.toFixed(6)}, ${exact.lng.toFixed(6)}`);
    expect(await card.locator('[data-source]').textContent()).toBeTruthy();
    const reporter = staff.locator('[data-reporter]');
    if (await reporter.count()) expect(await reporter.textContent()).toMatch(/\d{3}\*{4}\d{4}|—/);
    await staff.locator('.report-map .report-pin').waitFor();
    await screenshot(staff, 'report-staff-card');
    await staff.context().close();
  });

  it('sends no page problems (CSP, script errors) on the resident’s map pages', () => {
    expect(problems).toEqual([]);
  });
});

/**
 * 高德's tiles are drawn in GCJ-02. The server's preset is checked in tests/places/tiles.test.ts; here
 * the page is served as with MAP_TILES=amap but keeping the test's tile host (so the CSP and the
 * routed tiles stay the same): only the datum the islands receive changes.
 */
async function asGcj02(page: Page) {
  await page.route(/\/reports\/(new|\d+)$/, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replaceAll('wgs84', 'gcj02');
    await route.fulfill({ response, body: html });
  });
}

describe('高德 tiles (GCJ-02)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws a stored WGS-84 point where GCJ-02 tiles have it, tens of pixels from its WGS-84 spot', async () => {
    const page = await newPage(browser);
    await tiles(page, 'serve');
    await asGcj02(page);
    const report = await firstPublicReport(page);
    await page.goto(`/reports/${report.id}`);
    await page.locator('.report-map img.leaflet-tile').first().waitFor();
    await page.locator('.report-map path.report-area').waitFor();
    // The list gives the public point (rounded to 0.0005°), where the page draws its circle.
    const rounded = { lat: report.lat, lng: report.lng };
    const [lng, lat] = gcoord.transform([rounded.lng, rounded.lat], gcoord.WGS84, gcoord.GCJ02);
    const expected = await expectedScreenPoint(page, { lat, lng }, osmTile);
    const centre = await circleCentre(page);
    expect(Math.abs(centre.x - expected.x)).toBeLessThan(2);
    expect(Math.abs(centre.y - expected.y)).toBeLessThan(2);
    // The GCJ-02 offset here is hundreds of metres, tens of pixels at this zoom: drawing in WGS-84 would miss.
    const zoom = osmTile((await page.locator('.report-map img.leaflet-tile').first().getAttribute('src'))!)!.z;
    const metresPerPixel = (40_075_016 * Math.cos((rounded.lat * Math.PI) / 180)) / (256 * 2 ** zoom);
    const offsetMetres = Math.hypot((lat - rounded.lat) * 111_320, (lng - rounded.lng) * 111_320 * Math.cos((rounded.lat * Math.PI) / 180));
    expect(offsetMetres / metresPerPixel).toBeGreaterThan(20);
    await page.context().close();
  });

  it('stores a tap on GCJ-02 tiles in WGS-84', async () => {
    const page = await newPage(browser);
    await logIn(page, 'resident');
    await tiles(page, 'serve');
    await asGcj02(page);
    await page.goto('/reports/new');
    await page.locator('.report-map img.leaflet-tile').first().waitFor();
    const box = (await page.locator('.report-map').boundingBox())!;
    const tap = { x: box.x + box.width / 2, y: box.y + box.height - 60 };
    await page.mouse.click(tap.x, tap.y);
    await expect.poll(() => page.locator('#lat').inputValue()).not.toBe('');
    const stored = { lat: Number(await page.locator('#lat').inputValue()), lng: Number(await page.locator('#lng').inputValue()) };
    // The stored point, converted to GCJ-02, is where the tap was on the tiles.
    const [lng, lat] = gcoord.transform([stored.lng, stored.lat], gcoord.WGS84, gcoord.GCJ02);
    const onTiles = await expectedScreenPoint(page, { lat, lng }, osmTile);
    expect(Math.abs(onTiles.x - tap.x)).toBeLessThan(2);
    expect(Math.abs(onTiles.y - tap.y)).toBeLessThan(2);
    await page.context().close();
  });
});
