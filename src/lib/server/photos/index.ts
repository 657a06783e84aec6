/**
 * The one photo pipeline (reports, nominations, inspections): check the bytes are really a JPEG,
 * PNG or WebP, re-encode with sharp (which drops every bit of metadata, EXIF GPS included), cap the
 * long side, make a thumbnail, and store both through the storage interface.
 */
import sharp from 'sharp';
import { fail, type Result } from '../result';
import { newKey, type Storage, type Visibility } from '../storage';

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_MAX_SIDE = 1600;
export const THUMBNAIL_SIDE = 400;
/**
 * Refuse decompression bombs before decoding: a phone's 48 MP mode still sends 12 MP by default, and
 * decoding costs CPU in proportion to pixels (a tiny PNG declaring 40 MP costs ~0.4 s of a core).
 */
export const PHOTO_MAX_PIXELS = 24_000_000;

export type PhotoFormat = 'jpeg' | 'png' | 'webp';

/** The format the bytes really are, whatever the file is called. */
export function sniffImageFormat(bytes: Uint8Array): PhotoFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((byte, i) => bytes[i] === byte)) return 'png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

export interface ProcessedPhoto {
  full: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

export type PhotoError = 'photo_too_large' | 'photo_too_many_pixels' | 'photo_type' | 'photo_unreadable';

export async function processPhoto(bytes: Uint8Array): Promise<Result<{ photo: ProcessedPhoto }, PhotoError>> {
  if (bytes.length > PHOTO_MAX_BYTES) return fail('photo_too_large', 'photo.error.tooLarge', { params: { mb: PHOTO_MAX_BYTES / 1024 / 1024 } });
  if (!sniffImageFormat(bytes)) return fail('photo_type', 'photo.error.type');
  try {
    // The header alone tells the declared size; nothing is decoded yet.
    const header = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (!header.width || !header.height) return fail('photo_unreadable', 'photo.error.unreadable');
    if (header.width * header.height > PHOTO_MAX_PIXELS || (header.pages ?? 1) > 1) {
      return fail('photo_too_many_pixels', 'photo.error.tooManyPixels', { params: { mp: PHOTO_MAX_PIXELS / 1_000_000 } });
    }
    // Decoded once, with the same cap enforced by libvips; rotate() applies the EXIF orientation before
    // the metadata is dropped, so photos stay upright. The thumbnail is made from the smaller result.
    const { data: full, info } = await sharp(bytes, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(full)
      .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75, mozjpeg: true })
      .toBuffer();
    return { ok: true, photo: { full, thumbnail, width: info.width, height: info.height } };
  } catch {
    return fail('photo_unreadable', 'photo.error.unreadable');
  }
}

export interface StoredPhoto {
  key: string;
  thumbnailKey: string;
  width: number;
  height: number;
}

/** Processes and stores one photo; keys are unguessable. */
export async function storePhoto(storage: Storage, bytes: Uint8Array, options: { folder: string; visibility: Visibility }): Promise<Result<{ photo: StoredPhoto }, PhotoError>> {
  const processed = await processPhoto(bytes);
  if (!processed.ok) return processed;
  const key = newKey(options.visibility, options.folder, 'jpg');
  const thumbnailKey = key.replace(/\.jpg$/, '-thumb.jpg');
  await storage.put(key, processed.photo.full, 'image/jpeg');
  await storage.put(thumbnailKey, processed.photo.thumbnail, 'image/jpeg');
  return { ok: true, photo: { key, thumbnailKey, width: processed.photo.width, height: processed.photo.height } };
}

/** The URL of a public key (private keys are served by guarded routes of their own). */
export function mediaUrl(key: string): string {
  return `/media/${key.replace(/^public\//, '')}`;
}
