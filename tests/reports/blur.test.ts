import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/lib/server/permissions';
import type { Database } from '../../db/client';
import { auditLog, reportPhotos } from '../../db/schema';
import { blurReportPhoto, getReport, parseBlurRegions, readPhotoOriginal, submitReport, transitionReport } from '../../src/lib/server/reports';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, prepareReports } from './fixtures';

/** A photo with detail to blur: a white square on black, left half; flat grey right half. */
async function detailedPhoto(): Promise<Buffer> {
  const stripes = Buffer.alloc(200 * 100 * 3);
  for (let y = 0; y < 100; y++) for (let x = 0; x < 200; x++) stripes.fill((x + y) % 8 < 4 ? 255 : 0, (y * 200 + x) * 3, (y * 200 + x) * 3 + 3);
  return sharp(stripes, { raw: { width: 200, height: 100, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** Mean absolute difference of two same-sized images within a pixel rectangle. */
async function difference(a: Buffer, b: Buffer, box: { left: number; top: number; width: number; height: number }): Promise<number> {
  const [ra, rb] = await Promise.all([a, b].map((image) => sharp(image).extract(box).raw().toBuffer()));
  let sum = 0;
  for (let i = 0; i < ra!.length; i++) sum += Math.abs(ra![i]! - rb![i]!);
  return sum / ra!.length;
}

describe(`blurring report photos on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let reportId: number;
  let photoId: number;
  let originalBytes: Buffer;
  let point: { lat: number; lng: number };

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    ({ cast, storage } = prepared);
    const { cell } = prepared;
    point = { lat: (cell.minLat + cell.maxLat) / 2, lng: (cell.minLng + cell.maxLng) / 2 };
    const { resolvePoint } = await import('../../src/lib/server/city');
    for (let i = 1; i < 10 && !(await resolvePoint(database.db, point)); i++)
      point = { lat: cell.minLat + ((cell.maxLat - cell.minLat) * i) / 10, lng: cell.minLng + ((cell.maxLng - cell.minLng) * i) / 10 };
    const submitted = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode: 'parking', description: '车牌清晰可见的乱停车', photos: [await detailedPhoto()] },
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    reportId = submitted.report.id;
    const [photo] = await database.db.select().from(reportPhotos).where(eq(reportPhotos.reportId, reportId));
    photoId = photo!.id;
    originalBytes = (await storage.get(photo!.key))!.data;
    const accepted = await transitionReport(database.db, storage, cast.moderator, reportId, { to: 'accepted', version: 1 });
    if (!accepted.ok) throw new Error(JSON.stringify(accepted));
  });
  afterAll(async () => database?.close());

  it('accepts rectangles inside the photo as fractions, and nothing else', () => {
    expect(parseBlurRegions([{ x: '0.1', y: '0.2', w: '0.3', h: '0.4' }])).toEqual([{ x: 0.1, y: 0.2, w: 0.3, h: 0.4 }]);
    expect(parseBlurRegions([{ x: 0.9, y: 0.9, w: 0.5, h: 0.5 }])).toEqual([{ x: 0.9, y: 0.9, w: expect.closeTo(0.1), h: expect.closeTo(0.1) }]);
    expect(parseBlurRegions([])).toBeNull();
    expect(parseBlurRegions([{ x: -0.1, y: 0, w: 0.5, h: 0.5 }])).toBeNull();
    expect(parseBlurRegions([{ x: 0, y: 0, w: 0, h: 0.5 }])).toBeNull();
    expect(parseBlurRegions([{ x: 'a', y: 0, w: 0.5, h: 0.5 }])).toBeNull();
  });

  it('refuses everyone but the office', async () => {
    for (const who of ['resident', 'staff', 'grid', 'volunteer'] as const) {
      expect(can(cast[who], 'report.moderate')).toBe(false);
    }
    expect(await blurReportPhoto(database.db, storage, cast.moderator, 999_999, [{ x: 0, y: 0, w: 0.5, h: 0.5 }])).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('publishes a copy blurred in the region under new keys, keeps the original private and unchanged, and audits it', async () => {
    const [before] = await database.db.select().from(reportPhotos).where(eq(reportPhotos.id, photoId));
    const result = await blurReportPhoto(database.db, storage, cast.moderator, photoId, [{ x: 0, y: 0, w: 0.5, h: 1 }], 'req-blur');
    expect(result.ok).toBe(true);
    const [after] = await database.db.select().from(reportPhotos).where(eq(reportPhotos.id, photoId));
    expect(after!.key).not.toBe(before!.key);
    expect(after!.key).toMatch(/^public\//);
    expect(after!.originalKey).toMatch(/^private\//);
    expect(after!.originalThumbnailKey).toMatch(/^private\//);
    // The old public URL no longer serves anything.
    expect(await storage.get(before!.key)).toBeNull();
    expect(await storage.get(before!.thumbnailKey)).toBeNull();

    const publicBytes = (await storage.get(after!.key))!.data;
    const original = (await storage.get(after!.originalKey!))!.data;
    expect(original.equals(originalBytes)).toBe(true);
    expect(await difference(publicBytes, originalBytes, { left: 0, top: 0, width: 100, height: 100 })).toBeGreaterThan(40);
    expect(await difference(publicBytes, originalBytes, { left: 110, top: 0, width: 90, height: 100 })).toBeLessThan(12);

    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'report.photo.blur'));
    expect(audit).toMatchObject({ actorId: cast.moderator.id, targetId: String(reportId), requestId: 'req-blur' });
  });

  it('shows the public only the blurred copy, and the original only to staff who handle the report', async () => {
    const [row] = await database.db.select().from(reportPhotos).where(eq(reportPhotos.id, photoId));
    const publicView = await getReport(database.db, null, reportId);
    expect(publicView!.photos[0]).toMatchObject({ blurred: true, url: `/media/${row!.key.replace(/^public\//, '')}` });
    expect(JSON.stringify(publicView)).not.toContain(row!.originalKey!);
    expect(await readPhotoOriginal(database.db, storage, null, photoId)).toBeNull();
    expect(await readPhotoOriginal(database.db, storage, cast.resident, photoId)).toBeNull();
    expect(await readPhotoOriginal(database.db, storage, cast.otherStaff, photoId)).toBeNull();
    const forStaff = await readPhotoOriginal(database.db, storage, cast.moderator, photoId);
    expect(forStaff!.data.equals(originalBytes)).toBe(true);
    expect((await readPhotoOriginal(database.db, storage, cast.moderator, photoId, true))!.contentType).toBe('image/jpeg');
  });

  it('blurs again from the original, so new regions replace the old ones', async () => {
    const [first] = await database.db.select().from(reportPhotos).where(eq(reportPhotos.id, photoId));
    const result = await blurReportPhoto(database.db, storage, cast.moderator, photoId, [{ x: 0.5, y: 0, w: 0.5, h: 1 }]);
    expect(result.ok).toBe(true);
    const [second] = await database.db.select().from(reportPhotos).where(eq(reportPhotos.id, photoId));
    expect(second!.originalKey).toBe(first!.originalKey);
    expect(await storage.get(first!.key)).toBeNull();
    const publicBytes = (await storage.get(second!.key))!.data;
    // The left half is sharp again: the original's stripes are back.
    expect(await difference(publicBytes, originalBytes, { left: 0, top: 0, width: 90, height: 100 })).toBeLessThan(12);
    expect((await storage.get(second!.originalKey!))!.data.equals(originalBytes)).toBe(true);
  });
});
