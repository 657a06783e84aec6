/**
 * Moderators blur parts of a report photo (faces, number plates) before it is published: the
 * regions are blurred with sharp (extract, blur, composite back), the blurred copy becomes the
 * public photo under new keys (public keys are cached forever, so their content never changes), and
 * the unblurred original moves to private keys that only staff read, through a guarded route.
 * Blurring again starts from the original, so the regions given replace the earlier ones.
 */
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from '../../../../db/client';
import { reportPhotos, reports } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { reportPermissions } from './permissions';
import { THUMBNAIL_SIDE } from '../photos';
import { fail, type Result } from '../result';
import { newKey, type Storage } from '../storage';
import type { ReportRef } from './permissions';

/** A rectangle as fractions of the photo's width and height (0-1), from its top left corner. */
export interface BlurRegion {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const BLUR_REGIONS_MAX = 10;
/** Regions narrower than this (a fraction of the side) are a slip of the finger, not a face. */
const REGION_MIN = 0.01;

/** Checks and clamps regions; null when any is not a rectangle inside the photo. */
export function parseBlurRegions(regions: readonly Partial<Record<keyof BlurRegion, unknown>>[]): BlurRegion[] | null {
  const parsed: BlurRegion[] = [];
  for (const region of regions) {
    const [x, y, w, h] = (['x', 'y', 'w', 'h'] as const).map((key) => (region[key] === '' || region[key] === undefined || region[key] === null ? NaN : Number(region[key])));
    if (![x, y, w, h].every((n) => Number.isFinite(n))) return null;
    if (x! < 0 || y! < 0 || x! >= 1 || y! >= 1 || w! < REGION_MIN || h! < REGION_MIN) return null;
    parsed.push({ x: x!, y: y!, w: Math.min(w!, 1 - x!), h: Math.min(h!, 1 - y!) });
  }
  return parsed.length > 0 && parsed.length <= BLUR_REGIONS_MAX ? parsed : null;
}

/** The photo's bytes with each region blurred beyond recognition. */
export async function blurRegions(bytes: Uint8Array, regions: readonly BlurRegion[]): Promise<{ full: Buffer; thumbnail: Buffer }> {
  const image = sharp(bytes);
  const { width, height } = await image.metadata();
  if (!width || !height) throw new Error('photo without dimensions');
  const overlays = await Promise.all(
    regions.map(async (region) => {
      const left = Math.min(width - 1, Math.floor(region.x * width));
      const top = Math.min(height - 1, Math.floor(region.y * height));
      const w = Math.max(1, Math.min(width - left, Math.ceil(region.w * width)));
      const h = Math.max(1, Math.min(height - top, Math.ceil(region.h * height)));
      // Strong enough that a face or a plate cannot be read back, whatever the region's size.
      const sigma = Math.min(200, Math.max(6, Math.min(w, h) / 4));
      const input = await sharp(bytes).extract({ left, top, width: w, height: h }).blur(sigma).toBuffer();
      return { input, left, top };
    }),
  );
  const full = await sharp(bytes).composite(overlays).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
  const thumbnail = await sharp(full)
    .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 75, mozjpeg: true })
    .toBuffer();
  return { full, thumbnail };
}

export type BlurFailure = 'not_found' | 'forbidden' | 'invalid';

export async function blurReportPhoto(
  db: Db,
  storage: Storage,
  actor: Actor,
  photoId: number,
  input: readonly Partial<Record<keyof BlurRegion, unknown>>[],
  requestId?: string | null,
): Promise<Result<{ photo: { id: number; reportId: number; key: string; thumbnailKey: string } }, BlurFailure>> {
  const [photo] = await db.select().from(reportPhotos).where(eq(reportPhotos.id, photoId));
  if (!photo) return fail('not_found', 'error.notFound');
  const regions = parseBlurRegions(input);
  if (!regions) return fail('invalid', 'form.invalid', { fields: { regions: 'reports.error.blurRegions' } });

  const originalKey = photo.originalKey ?? photo.key;
  const originalThumbnailKey = photo.originalThumbnailKey ?? photo.thumbnailKey;
  const original = await storage.get(originalKey);
  if (!original) return fail('not_found', 'error.notFound');
  const blurred = await blurRegions(original.data, regions);

  const written: string[] = [];
  const put = async (key: string, data: Uint8Array) => {
    await storage.put(key, data, 'image/jpeg');
    written.push(key);
  };
  const key = newKey('public', 'reports', 'jpg');
  const thumbnailKey = key.replace(/\.jpg$/, '-thumb.jpg');
  await put(key, blurred.full);
  await put(thumbnailKey, blurred.thumbnail);
  // The first blur moves the original out of public reach; later ones keep the private copy.
  let privateKey = photo.originalKey;
  let privateThumbnailKey = photo.originalThumbnailKey;
  if (!privateKey || !privateThumbnailKey) {
    privateKey = newKey('private', 'reports', 'jpg');
    privateThumbnailKey = privateKey.replace(/\.jpg$/, '-thumb.jpg');
    const thumbnail = await storage.get(originalThumbnailKey);
    await put(privateKey, original.data);
    await put(privateThumbnailKey, thumbnail?.data ?? blurred.thumbnail);
  }

  try {
    await db.transaction(async (tx) => {
      await tx.update(reportPhotos).set({ key, thumbnailKey, originalKey: privateKey, originalThumbnailKey: privateThumbnailKey }).where(eq(reportPhotos.id, photoId));
      await recordAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: 'report.photo.blur',
        targetType: 'report',
        targetId: photo.reportId,
        summary: { before: { photoId, key: photo.key }, after: { photoId, key, regions } },
        requestId: requestId ?? null,
      });
    });
  } catch (error) {
    for (const written_ of written) await storage.delete(written_);
    throw error;
  }
  // The replaced public files: the original (now private) or the previous blurred copy.
  await storage.delete(photo.key);
  await storage.delete(photo.thumbnailKey);
  return { ok: true, photo: { id: photoId, reportId: photo.reportId, key, thumbnailKey } };
}

/**
 * A blurred photo's private original (or its thumbnail) for staff who handle the report; null when
 * the photo has no private original or the viewer may not see it.
 */
export async function readPhotoOriginal(db: Db, storage: Storage, viewer: Actor | null, photoId: number, thumbnail = false) {
  const [row] = await db
    .select({
      originalKey: reportPhotos.originalKey,
      originalThumbnailKey: reportPhotos.originalThumbnailKey,
      status: reports.status,
      reporterId: reports.reporterId,
      departmentId: reports.departmentId,
      gridId: reports.gridId,
    })
    .from(reportPhotos)
    .innerJoin(reports, eq(reports.id, reportPhotos.reportId))
    .where(eq(reportPhotos.id, photoId));
  if (!row) return null;
  const ref: ReportRef = { status: row.status, reporterId: row.reporterId, departmentId: row.departmentId, gridId: row.gridId };
  if (!reportPermissions['report.readPrivate'](viewer, ref)) return null;
  const key = thumbnail ? row.originalThumbnailKey : row.originalKey;
  return key ? storage.get(key) : null;
}
