import { eq } from 'drizzle-orm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, reports } from '../../db/schema';
import { atomResponse } from '../../src/lib/server/feeds/atom';
import { honourFeed, projectsFeed, reportsFeed } from '../../src/lib/server/feeds';
import { submitReport, transitionReport } from '../../src/lib/server/reports';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, pointInCell, prepareReports } from '../reports/fixtures';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Checks the parts of RFC 4287 a reader relies on: a well-formed document, feed and entry ids, titles, updated, links. */
function parseAtom(body: string) {
  expect(XMLValidator.validate(body)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'link', 'category'].includes(name) }).parse(body);
  const feed = doc.feed;
  expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
  expect(String(feed.id)).toMatch(/^tag:/);
  expect(feed.title).toBeTruthy();
  expect(feed.updated).toMatch(RFC3339);
  expect(feed.author?.name).toBeTruthy();
  expect(feed.link.some((link: Record<string, string>) => link['@_rel'] === 'self')).toBe(true);
  const entries = (feed.entry ?? []) as Record<string, any>[];
  for (const entry of entries) {
    expect(String(entry.id)).toMatch(/^tag:/);
    expect(entry.title).toBeTruthy();
    expect(entry.updated).toMatch(RFC3339);
    expect(entry.link[0]['@_href']).toMatch(/^https?:\/\//);
  }
  expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
  return { feed, entries };
}

describe(`Atom feeds on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let point: { lat: number; lng: number };
  let cell: { id: number };
  const ids: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    ({ cast, storage, cell } = prepared);
    point = (await pointInCell(database.db, prepared.cell))!;
    for (const [categoryCode, description] of [
      ['litter', '路边垃圾 & <脏乱>，联系 13912345678'],
      ['parking', '人行道上乱停车'],
    ] as const) {
      const filed = await submitReport(database.db, storage, { actor: cast.resident, source: 'web' }, { ...point, categoryCode, description, photos: [await photo()] });
      if (!filed.ok) throw new Error(JSON.stringify(filed));
      expect(await transitionReport(database.db, storage, cast.moderator, filed.report.id, { to: 'accepted', version: 1 })).toMatchObject({ ok: true });
      ids.push(filed.report.id);
    }
    // One not yet public.
    const hidden = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode: 'spitting', description: '尚未审核的上报', photos: [await photo()] },
    );
    if (!hidden.ok) throw new Error(JSON.stringify(hidden));
  });
  afterAll(async () => database?.close());

  it('lists public reports city-wide as valid Atom with masked descriptions and stable ids', async () => {
    const result = await reportsFeed(database.db, {});
    if (!result.ok) throw new Error(result.messageKey);
    const { entries } = parseAtom(result.body);
    expect(entries.map((entry) => entry.id).sort()).toEqual(ids.map((id) => `tag:wenming.city,2026:report/${id}`).sort());
    expect(result.body).not.toContain('尚未审核');
    expect(result.body).not.toContain('13912345678');
    expect(result.body).toContain('139****5678');
    expect(result.body).toContain('&amp; &lt;脏乱&gt;');
    const again = await reportsFeed(database.db, {});
    expect(again).toEqual(result);
  });

  it('filters by category, by area (id or code) and by a circle on the map', async () => {
    const byCategory = await reportsFeed(database.db, { category: 'parking' });
    expect(byCategory.ok && parseAtom(byCategory.body).entries).toHaveLength(1);
    const [area] = await database.db.select({ code: areas.code }).from(areas).where(eq(areas.id, cell.id));
    for (const value of [String(cell.id), area!.code]) {
      const byArea = await reportsFeed(database.db, { area: value });
      expect(byArea.ok && parseAtom(byArea.body).entries).toHaveLength(2);
    }
    const near = await reportsFeed(database.db, { lat: String(point.lat), lng: String(point.lng), radius: '100' });
    expect(near.ok && parseAtom(near.body).entries).toHaveLength(2);
    const far = await reportsFeed(database.db, { lat: String(point.lat + 0.1), lng: String(point.lng), radius: '5000' });
    expect(far.ok && parseAtom(far.body).entries).toHaveLength(0);
  });

  it('refuses bad filters with a reason: a radius over 5 km, half a point, an unknown area or category', async () => {
    expect(await reportsFeed(database.db, { lat: '28.2', lng: '113', radius: '5001' })).toEqual({ ok: false, messageKey: 'feeds.error.radius' });
    expect(await reportsFeed(database.db, { lat: '28.2' })).toEqual({ ok: false, messageKey: 'feeds.error.point' });
    expect(await reportsFeed(database.db, { area: 'nowhere' })).toEqual({ ok: false, messageKey: 'feeds.error.area' });
    expect(await reportsFeed(database.db, { area: "1' or 1=1" })).toEqual({ ok: false, messageKey: 'feeds.error.area' });
    expect(await reportsFeed(database.db, { category: 'nope' })).toEqual({ ok: false, messageKey: 'feeds.error.category' });
  });

  it('answers a conditional request with 304 when nothing changed, and 200 after a change', async () => {
    const first = await reportsFeed(database.db, {});
    if (!first.ok) throw new Error();
    const response = atomResponse(new Request('http://x/feeds/reports.atom'), first.body);
    const etag = response.headers.get('etag')!;
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(atomResponse(new Request('http://x/', { headers: { 'If-None-Match': etag } }), first.body).status).toBe(304);
    await database.db
      .update(reports)
      .set({ updatedAt: new Date(Date.UTC(2027, 0, 1)) })
      .where(eq(reports.id, ids[0]!));
    const changed = await reportsFeed(database.db, {});
    if (!changed.ok) throw new Error();
    expect(atomResponse(new Request('http://x/', { headers: { 'If-None-Match': etag } }), changed.body).status).toBe(200);
  });

  it('publishes the honour roll and volunteer projects as valid Atom', async () => {
    parseAtom(await honourFeed(database.db));
    parseAtom(await projectsFeed(database.db));
  });
});
