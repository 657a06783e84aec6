/**
 * Photos kept across a refused report form: stored under a token bound to the person, listed again,
 * dropped when unticked, taken over by the report when it is filed (and then never purged), purged
 * with their files a day later otherwise.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { reportPendingPhotos, reportPhotos } from '../../db/schema';
import { dropPendingPhotos, keepPendingPhotos, listPendingPhotos, PENDING_TOKEN, purgePendingPhotos, submitReport } from '../../src/lib/server/reports';
import type { Storage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { photo, pointInCell, prepareReports, type Cast } from './fixtures';

describe(`photos kept across a refused report form on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: Storage;
  let point: { lat: number; lng: number };

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    cast = prepared.cast;
    storage = prepared.storage;
    point = (await pointInCell(database.db, prepared.cell))!;
  });
  afterAll(async () => database?.close());

  it('keeps the photos the pipeline accepts, at most four, under a token only their sender can use', async () => {
    const first = await keepPendingPhotos(database.db, storage, cast.resident.id, null, [await photo('red'), new TextEncoder().encode('not a photo')]);
    expect(first.token).toMatch(PENDING_TOKEN);
    expect(first.photos).toHaveLength(1);
    expect(first.photos[0]!.thumbnailUrl).toMatch(/^\/media\/reports\/[0-9a-f]{40}-thumb\.jpg$/);
    expect(await storage.get(first.photos[0]!.key)).not.toBeNull();
    // The next refusal adds the new ones under the same token, up to four in all.
    const again = await keepPendingPhotos(database.db, storage, cast.resident.id, first.token, [
      await photo('blue'),
      await photo('green'),
      await photo('white'),
      await photo('black'),
    ]);
    expect(again.token).toBe(first.token);
    expect(again.photos).toHaveLength(4);
    // Someone else holding the token sees nothing, and a malformed token is a new one.
    expect(await listPendingPhotos(database.db, cast.neighbour.id, first.token)).toEqual([]);
    expect((await keepPendingPhotos(database.db, storage, cast.resident.id, "x' or 1=1", [])).token).toMatch(PENDING_TOKEN);
  });

  it('drops the unticked ones with their files, and the report takes the rest over', async () => {
    const { token, photos } = await keepPendingPhotos(database.db, storage, cast.resident.id, null, [await photo('red'), await photo('blue')]);
    const [keep, drop] = photos as [(typeof photos)[0], (typeof photos)[0]];
    const kept = await dropPendingPhotos(database.db, storage, cast.resident.id, token, [keep.id]);
    expect(kept.map((p) => p.id)).toEqual([keep.id]);
    expect(await storage.get(drop.key)).toBeNull();
    // Another person cannot drop them.
    expect(await dropPendingPhotos(database.db, storage, cast.neighbour.id, token, [])).toEqual([]);
    expect(await listPendingPhotos(database.db, cast.resident.id, token)).toHaveLength(1);

    const filed = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode: 'litter', description: '楼道堆满杂物', photos: [await photo('green')], keptPhotos: kept, confirmed: true },
    );
    expect(filed.ok).toBe(true);
    const id = filed.ok ? filed.report.id : 0;
    const filedPhotos = await database.db.select({ key: reportPhotos.key }).from(reportPhotos).where(eq(reportPhotos.reportId, id));
    expect(filedPhotos.map((p) => p.key)).toContain(keep.key);
    expect(filedPhotos).toHaveLength(2);
    expect(await listPendingPhotos(database.db, cast.resident.id, token)).toEqual([]);
    // A day later the purge leaves the report's files alone.
    await purgePendingPhotos(database.db, storage, new Date(Date.now() + 25 * 3_600_000));
    expect(await storage.get(keep.key)).not.toBeNull();
  });

  it('counts kept photos towards the one a report needs, and files no kept photo twice', async () => {
    const { photos } = await keepPendingPhotos(database.db, storage, cast.neighbour.id, null, [await photo('red')]);
    const input = { lat: point.lat + 0.001, lng: point.lng, categoryCode: 'litter', description: '路边乱扔垃圾', photos: [], keptPhotos: photos, confirmed: true };
    expect(await submitReport(database.db, storage, { actor: cast.neighbour, source: 'web' }, input)).toMatchObject({ ok: true });
    expect(await submitReport(database.db, storage, { actor: cast.neighbour, source: 'web' }, input)).toMatchObject({ ok: false, fields: { photos: 'reports.error.photoCount' } });
    expect(await submitReport(database.db, storage, { actor: cast.neighbour, source: 'web' }, { ...input, keptPhotos: [] })).toMatchObject({
      ok: false,
      fields: { photos: 'reports.error.photoCount' },
    });
  });

  it('purges photos kept for more than a day, with their files', async () => {
    const { token, photos } = await keepPendingPhotos(database.db, storage, cast.volunteer.id, null, [await photo('red')]);
    const now = new Date();
    expect(await purgePendingPhotos(database.db, storage, now)).toBe(0);
    expect(await purgePendingPhotos(database.db, storage, new Date(now.getTime() + 25 * 3_600_000))).toBeGreaterThanOrEqual(1);
    expect(await listPendingPhotos(database.db, cast.volunteer.id, token)).toEqual([]);
    expect(await storage.get(photos[0]!.key)).toBeNull();
    expect(await database.db.select().from(reportPendingPhotos)).toEqual([]);
  });
});
