/**
 * Reporter points (issue 21) through the production server, with requests really in flight at once:
 * twenty reports filed together and twenty acceptances together hold the daily cap exactly; a new
 * account earns nothing for filing, only once its reports are accepted; accounts that share a
 * device (the mini-program's X-Device-Id) are held for review; the device cookie is set as it
 * should be and kept only as a keyed hash; a second flag is 409; GET /api/v1/me/points answers
 * {total, history}. Runtime tests run on PostgreSQL, where concurrent transactions really race
 * (tests/community covers the same rules on both drivers at the domain level).
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, notExists } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, auditLog, contentFlags, departments, reportCategories, reportCategoryFields, reportDevices, reports, settings, users } from '../../db/schema';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { resolvePoint } from '../../src/lib/server/city';
import { hashPassword } from '../../src/lib/server/auth/password';
import { deviceKey } from '../../src/lib/server/http/device';
import { startServer, type RunningServer } from '../browser/support/server';
import { createTestDatabase, testDriver } from '../support/db';
import { photo } from '../reports/fixtures';

const DAY = 86_400_000;
const PASSWORD = 'points-http-2026';
const APP_SECRET = randomBytes(32).toString('base64url');

describe(`points over HTTP on ${testDriver}`, () => {
  let server: RunningServer;
  let database: Database;
  let sanitation: number;
  let cells: { id: number; minLat: number; maxLat: number; minLng: number; maxLng: number }[];
  /** Categories without required extra questions: acceptances of different categories touch different map counters, so they really run at once. */
  let categories: string[];
  let seq = 0;

  beforeAll(async () => {
    await buildIfStale({ quiet: true, log: () => {} });
    database = await createTestDatabase();
    // Submission limits out of the way (tested in tests/limits): this test files 20 reports a minute as one account.
    const generous = [
      { per: 'account', max: 100_000, minutes: 1 },
      { per: 'address', max: 100_000, minutes: 1 },
    ];
    await database.db
      .insert(settings)
      .values({ key: 'limits.report', value: generous })
      .onConflictDoUpdate({ target: settings.key, set: { value: generous } });
    const env: Record<string, string> = { APP_SECRET };
    if (testDriver === 'postgres') Object.assign(env, { DATABASE_URL: database.url!, DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'), PUBLIC_ORIGIN: 'http://127.0.0.1' });
    server = await startServer({ env, readyTimeoutMs: 180_000 });
    [{ id: sanitation }] = (await database.db.select({ id: departments.id }).from(departments).where(eq(departments.code, 'sanitation'))) as [{ id: number }];
    categories = (
      await database.db
        .select({ code: reportCategories.code })
        .from(reportCategories)
        .where(
          and(
            eq(reportCategories.active, true),
            notExists(
              database.db
                .select({ id: reportCategoryFields.id })
                .from(reportCategoryFields)
                .where(and(eq(reportCategoryFields.categoryId, reportCategories.id), eq(reportCategoryFields.required, true))),
            ),
          ),
        )
        .orderBy(asc(reportCategories.code))
    ).map((row) => row.code);
    cells = await database.db
      .select({ id: areas.id, minLat: areas.minLat, maxLat: areas.maxLat, minLng: areas.minLng, maxLng: areas.maxLng })
      .from(areas)
      .where(eq(areas.level, 'grid'))
      .orderBy(asc(areas.code));
  }, 300_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.close();
  });

  async function account(name: string, ageDays: number, role: 'resident' | 'moderator' = 'resident') {
    const username = `${name}${++seq}`;
    const [row] = await database.db
      .insert(users)
      .values({ username, displayName: name, passwordHash: await hashPassword(PASSWORD), role, createdAt: new Date(Date.now() - ageDays * DAY), phoneVerifiedAt: new Date() })
      .returning({ id: users.id });
    const response = await fetch(new URL('/api/v1/session', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: username, password: PASSWORD }),
    });
    expect(response.status, `log-in as ${username}`).toBe(200);
    const cookie = response.headers
      .getSetCookie()
      .find((c) => c.startsWith('session='))!
      .split(';')[0]!;
    return { id: row!.id, cookie };
  }

  /** Points inside distinct grid cells (each report its own place, so none is a "me too" of another). */
  async function places(count: number, cellIndex: number) {
    const cell = cells[cellIndex % cells.length]!;
    const found: { lat: number; lng: number }[] = [];
    for (let i = 1; i < 30 && found.length < count; i++) {
      for (let j = 1; j < 30 && found.length < count; j++) {
        const candidate = { lat: cell.minLat + ((cell.maxLat - cell.minLat) * i) / 30, lng: cell.minLng + ((cell.maxLng - cell.minLng) * j) / 30 };
        if ((await resolvePoint(database.db, candidate))?.grid.id === cell.id) found.push(candidate);
      }
    }
    return found;
  }

  async function file(who: { cookie: string }, at: { lat: number; lng: number }, headers: Record<string, string> = {}, category = 'litter') {
    const form = new FormData();
    form.set('lat', String(at.lat));
    form.set('lng', String(at.lng));
    form.set('category', category);
    form.set('description', `路边垃圾堆放第${++seq}处`);
    form.set('confirm', 'on');
    form.append('photos', new Blob([new Uint8Array(await photo())], { type: 'image/jpeg' }), 'p.jpg');
    const response = await fetch(new URL('/api/v1/reports', server.url), { method: 'POST', headers: { cookie: who.cookie, ...headers }, body: form });
    const body = (await response.json()) as { report?: { id: number } };
    expect(response.status, JSON.stringify(body)).toBe(201);
    return body.report!.id;
  }

  async function accept(moderator: { cookie: string }, id: number) {
    const [row] = await database.db.select({ version: reports.version }).from(reports).where(eq(reports.id, id));
    const response = await fetch(new URL(`/api/v1/reports/${id}/transitions`, server.url), {
      method: 'POST',
      headers: { cookie: moderator.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'accepted', version: row!.version, note: '受理', department: sanitation }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }

  async function points(who: { cookie: string }) {
    const response = await fetch(new URL('/api/v1/me/points', server.url), { headers: { cookie: who.cookie } });
    expect(response.status).toBe(200);
    return (await response.json()) as { total: number; history: { event: string; points: number; status: string; source: string; capped: boolean }[] };
  }

  it('holds the daily cap exactly when twenty reports are filed at once and twenty acceptances arrive at once', async () => {
    expect(categories.length).toBeGreaterThan(3);
    const keen = await account('keen', 60);
    const moderator = await account('mod', 60, 'moderator');
    const at = await places(20, 3);
    const ids = await Promise.all(at.map((point, i) => file(keen, point, {}, categories[i % categories.length])));
    expect(new Set(ids).size).toBe(20);
    expect(await points(keen)).toEqual({ total: 0, history: [] });
    await Promise.all(ids.map((id) => accept(moderator, id)));
    const after = await points(keen);
    // The default daily cap is 30: each acceptance asks 5 (the first in a cell 3 more); no more than 30 counts.
    expect(after.total).toBe(30);
    expect(after.history.filter((h) => h.event === 'report_accepted')).toHaveLength(20);
    expect(after.history.reduce((sum, h) => sum + h.points, 0)).toBe(30);
    expect(after.history.filter((h) => h.capped).length).toBeGreaterThan(0);
  }, 120_000);

  it('pays a new account nothing for twenty reports filed at once, then only what the cap allows once they are accepted', async () => {
    const fresh = await account('fresh', 0);
    const moderator = await account('mod', 60, 'moderator');
    const at = await places(20, 5);
    const ids = await Promise.all(at.map((point, i) => file(fresh, point, {}, categories[i % categories.length])));
    expect(await points(fresh)).toEqual({ total: 0, history: [] });
    await Promise.all(ids.map((id) => accept(moderator, id)));
    const after = await points(fresh);
    expect(after.total).toBe(30);
    expect(after.history.every((h) => ids.map((id) => `report:${id}`).includes(h.source))).toBe(true);
  }, 120_000);

  it('holds for review the reports of accounts that share one device, and stores the device only as a keyed hash', async () => {
    const moderator = await account('mod', 60, 'moderator');
    const sharers = [await account('sharer', 60), await account('sharer', 60), await account('sharer', 60)];
    const installation = `mini-program-${randomBytes(12).toString('hex')}`;
    const at = await places(4, 7);
    const ids = await Promise.all([...sharers, sharers[0]!].map((who, i) => file(who, at[i]!, { 'x-device-id': installation })));
    const stored = await database.db.select().from(reportDevices).where(inArray(reportDevices.reportId, ids));
    expect(stored.map((row) => row.deviceHash)).toEqual(ids.map(() => deviceKey(installation, APP_SECRET)));
    await Promise.all(ids.map((id) => accept(moderator, id)));
    for (const who of sharers) {
      const mine = await points(who);
      expect(mine.total).toBe(0);
      expect(mine.history.length).toBeGreaterThan(0);
      expect(mine.history.every((h) => h.status === 'review')).toBe(true);
    }
    const holds = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'points.hold'), inArray(auditLog.targetId, ids.map(String))));
    expect(holds).toHaveLength(4);
    // The value itself never reaches the log.
    expect(server.output()).not.toContain(installation);
  }, 120_000);

  it('sets the device cookie on signed-in requests only: HttpOnly, SameSite=Lax, long-lived; a report filed with it keeps its hash', async () => {
    const anonymous = await fetch(new URL('/', server.url));
    await anonymous.arrayBuffer();
    expect(anonymous.headers.getSetCookie().some((c) => c.startsWith('wm_device='))).toBe(false);
    const who = await account('browser', 60);
    const page = await fetch(new URL('/', server.url), { headers: { cookie: who.cookie } });
    await page.arrayBuffer();
    const set = page.headers.getSetCookie().find((c) => c.startsWith('wm_device='))!;
    expect(set).toBeDefined();
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).toMatch(/Max-Age=\d{8}/i);
    const device = set.split(';')[0]!;
    const value = device.slice('wm_device='.length);
    // Sent back, it is not set again, and the report filed with it keeps its keyed hash.
    const again = await fetch(new URL('/', server.url), { headers: { cookie: `${who.cookie}; ${device}` } });
    await again.arrayBuffer();
    expect(again.headers.getSetCookie().some((c) => c.startsWith('wm_device='))).toBe(false);
    const [at] = await places(1, 9);
    const id = await file({ cookie: `${who.cookie}; ${device}` }, at!);
    const [row] = await database.db.select().from(reportDevices).where(eq(reportDevices.reportId, id));
    expect(row?.deviceHash).toBe(deviceKey(value, APP_SECRET));
    expect(row?.deviceHash).not.toContain(value);
    expect(server.output()).not.toContain(value);
  }, 60_000);

  it('answers a second flag by the same person with 409', async () => {
    const moderator = await account('mod', 60, 'moderator');
    const author = await account('author', 60);
    const flagger = await account('flagger', 60);
    const [at] = await places(1, 11);
    const id = await file(author, at!);
    await accept(moderator, id);
    const flag = () =>
      fetch(new URL('/api/v1/flags', server.url), {
        method: 'POST',
        headers: { cookie: flagger.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ targetType: 'report', targetId: id, reason: 'abuse' }),
      });
    const [first, second] = [await flag(), await flag()];
    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('already_flagged');
    expect(
      await database.db
        .select()
        .from(contentFlags)
        .where(and(eq(contentFlags.targetType, 'report'), eq(contentFlags.targetId, id))),
    ).toHaveLength(1);
  }, 60_000);
});
