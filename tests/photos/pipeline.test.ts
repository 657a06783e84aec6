import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { mediaUrl, PHOTO_MAX_SIDE, processPhoto, sniffImageFormat, storePhoto } from '../../src/lib/server/photos';
import { LocalDiskStorage } from '../../src/lib/server/storage';

/** A camera-like JPEG: 3000×2000 with GPS coordinates and a camera model in its EXIF. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .withExif({
      IFD0: { Make: 'WenmingCam', Model: 'Test 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 12/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 0/1 0/1' },
    })
    .jpeg()
    .toBuffer();
}

/** A PNG signature and header chunk declaring width × height, with one empty image chunk: no pixels to speak of. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(0))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('the photo pipeline', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'wenming-storage-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('removes all metadata, GPS included, and caps the long side', async () => {
    const input = await photoWithGps();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const result = await processPhoto(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const meta = await sharp(result.photo.full).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(Math.max(meta.width!, meta.height!)).toBe(PHOTO_MAX_SIDE);
    expect(result.photo.full.includes(Buffer.from('WenmingCam'))).toBe(false);
    const thumb = await sharp(result.photo.thumbnail).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(400);
  });

  it('judges a file by its bytes, not its name', async () => {
    expect(sniffImageFormat(Buffer.from('GIF89a...'))).toBeNull();
    expect(
      sniffImageFormat(
        await sharp({ create: { width: 2, height: 2, channels: 3, background: 'white' } })
          .png()
          .toBuffer(),
      ),
    ).toBe('png');
    expect(
      sniffImageFormat(
        await sharp({ create: { width: 2, height: 2, channels: 3, background: 'white' } })
          .webp()
          .toBuffer(),
      ),
    ).toBe('webp');
    const text = await processPhoto(Buffer.from('this is not a picture, whatever its name says'));
    expect(text).toMatchObject({ ok: false, code: 'photo_type', message: 'photo.error.type' });
    const truncated = (await photoWithGps()).subarray(0, 2000);
    expect(await processPhoto(truncated)).toMatchObject({ ok: false, code: 'photo_unreadable' });
  });

  it('refuses photos over 10 MB', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0xff);
    expect(await processPhoto(big)).toMatchObject({ ok: false, code: 'photo_too_large', params: { mb: 10 } });
  });

  it('refuses a tiny PNG that declares over 24 megapixels without decoding it', async () => {
    const bomb = pngHeaderOnly(8000, 5000); // 40 MP declared in a few dozen bytes
    expect(bomb.length).toBeLessThan(100);
    expect(await processPhoto(bomb)).toMatchObject({ ok: false, code: 'photo_too_many_pixels', params: { mp: 24 } });
    expect(await processPhoto(pngHeaderOnly(6000, 4001))).toMatchObject({ ok: false, code: 'photo_too_many_pixels' });
  });

  it('stores the photo and its thumbnail under unguessable keys', async () => {
    const storage = new LocalDiskStorage(root);
    const stored = await storePhoto(storage, await photoWithGps(), { folder: 'reports', visibility: 'public' });
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    expect(stored.photo.key).toMatch(/^public\/reports\/[0-9a-f]{40}\.jpg$/);
    expect(stored.photo.thumbnailKey).toMatch(/^public\/reports\/[0-9a-f]{40}-thumb\.jpg$/);
    expect((await storage.get(stored.photo.key))?.contentType).toBe('image/jpeg');
    expect(mediaUrl(stored.photo.key)).toMatch(/^\/media\/reports\//);
    expect(readdirSync(path.join(root, 'public', 'reports'))).toHaveLength(2);
    expect(await storage.get('public/../../etc/passwd.jpg')).toBeNull();
  });
});
