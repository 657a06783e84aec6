/**
 * Photos kept across a report form the server sent back. A browser cannot refill a file input, so
 * when the form is refused (a field, the "me too" question) the photos it carried are processed and
 * stored as they would be for a report (metadata stripped, unguessable keys) and listed under a
 * random token that the re-rendered form carries in a hidden field; the resident sees them with a
 * box to drop each, and the next submission files them with any new ones. Without JavaScript too.
 * A token is bound to the person who sent the photos. Photos not taken over by a report are
 * purged with their files after PENDING_PHOTO_HOURS (pending-photos-job.ts, once across instances).
 * The report takes kept photos over in its own transaction (submit.ts), so a purge never removes a
 * report's files.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { reportPendingPhotos } from '../../../../db/schema';
import { mediaUrl, storePhoto, type StoredPhoto } from '../photos';
import type { Storage } from '../storage';
import { PHOTOS_MAX } from './submit';

export const PENDING_PHOTO_HOURS = 24;
/** 128 random bits as hex: what the form's hidden field `pendingPhotos` carries. */
export const PENDING_TOKEN = /^[0-9a-f]{32}$/;

export interface PendingPhoto extends StoredPhoto {
  id: number;
  thumbnailUrl: string;
}

export function newPendingToken(): string {
  return randomBytes(16).toString('hex');
}

/** The person's photos kept under the token, oldest first (none for a token of someone else). */
export async function listPendingPhotos(db: Db, userId: number, token: string | null | undefined): Promise<PendingPhoto[]> {
  if (!token || !PENDING_TOKEN.test(token)) return [];
  const rows = await db
    .select({
      id: reportPendingPhotos.id,
      key: reportPendingPhotos.key,
      thumbnailKey: reportPendingPhotos.thumbnailKey,
      width: reportPendingPhotos.width,
      height: reportPendingPhotos.height,
    })
    .from(reportPendingPhotos)
    .where(and(eq(reportPendingPhotos.token, token), eq(reportPendingPhotos.userId, userId)))
    .orderBy(asc(reportPendingPhotos.id));
  return rows.map((row) => ({ ...row, thumbnailUrl: mediaUrl(row.thumbnailKey) }));
}

/**
 * Keeps newly sent photos under the token (a new one when there is none): each goes through the
 * photo pipeline, and one it refuses is left out (the form says why). At most PHOTOS_MAX are kept
 * in all. Returns the token and every photo it now holds.
 */
export async function keepPendingPhotos(
  db: Db,
  storage: Storage,
  userId: number,
  token: string | null | undefined,
  photos: Uint8Array[],
): Promise<{ token: string; photos: PendingPhoto[] }> {
  const current = token && PENDING_TOKEN.test(token) ? token : newPendingToken();
  const kept = await listPendingPhotos(db, userId, current);
  for (const bytes of photos.slice(0, Math.max(0, PHOTOS_MAX - kept.length))) {
    const stored = await storePhoto(storage, bytes, { folder: 'reports', visibility: 'public' });
    if (!stored.ok) continue;
    await db.insert(reportPendingPhotos).values({ token: current, userId, ...stored.photo });
  }
  return { token: current, photos: await listPendingPhotos(db, userId, current) };
}

/** Drops the person's kept photos that the form no longer wants (files and rows). */
export async function dropPendingPhotos(db: Db, storage: Storage, userId: number, token: string | null | undefined, keep: readonly number[]): Promise<PendingPhoto[]> {
  const all = await listPendingPhotos(db, userId, token);
  const dropped = all.filter((photo) => !keep.includes(photo.id));
  if (dropped.length) {
    await db.delete(reportPendingPhotos).where(
      and(
        eq(reportPendingPhotos.userId, userId),
        inArray(
          reportPendingPhotos.id,
          dropped.map((photo) => photo.id),
        ),
      ),
    );
    await discardFiles(storage, dropped);
  }
  return all.filter((photo) => keep.includes(photo.id));
}

/** After the report took them over (its photos now point at the same files): the rows only. */
export async function forgetPendingPhotos(db: Db, userId: number, ids: readonly number[]): Promise<void> {
  if (ids.length) await db.delete(reportPendingPhotos).where(and(eq(reportPendingPhotos.userId, userId), inArray(reportPendingPhotos.id, [...ids])));
}

async function discardFiles(storage: Storage, photos: readonly StoredPhoto[]): Promise<void> {
  for (const photo of photos) {
    await storage.delete(photo.key).catch(() => {});
    await storage.delete(photo.thumbnailKey).catch(() => {});
  }
}

/** Kept photos older than PENDING_PHOTO_HOURS, with their files; the number purged. */
export async function purgePendingPhotos(db: Db, storage: Storage, now: Date): Promise<number> {
  const before = new Date(now.getTime() - PENDING_PHOTO_HOURS * 3_600_000);
  const old = await db
    .delete(reportPendingPhotos)
    .where(lt(reportPendingPhotos.createdAt, before))
    .returning({ key: reportPendingPhotos.key, thumbnailKey: reportPendingPhotos.thumbnailKey, width: reportPendingPhotos.width, height: reportPendingPhotos.height });
  await discardFiles(storage, old);
  return old.length;
}
