/** The S3 storage driver against s3rver on loopback, through the real AWS SDK client. */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storePhoto } from '../../src/lib/server/photos';
import { S3Storage } from '../../src/lib/server/storage/s3';
import { startTestS3, type TestS3 } from '../support/s3';

describe('the S3 storage driver', () => {
  let s3: TestS3;
  let storage: S3Storage;

  beforeAll(async () => {
    s3 = await startTestS3();
    storage = new S3Storage({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      bucket: s3.bucket,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
    });
  });

  afterAll(async () => {
    storage?.destroy();
    await s3?.close();
  });

  it('stores a photo and its thumbnail and reads them back with their content type', async () => {
    const bytes = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 10, g: 120, b: 60 } } })
      .jpeg()
      .toBuffer();
    const stored = await storePhoto(storage, bytes, { folder: 'reports', visibility: 'public' });
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    const keys = Object.values(stored.photo).filter((value): value is string => typeof value === 'string' && value.startsWith('public/'));
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const key of keys) {
      const file = await storage.get(key);
      expect(file?.contentType).toBe('image/jpeg');
      expect((await sharp(file!.data).metadata()).format).toBe('jpeg');
    }
    const listed: string[] = [];
    for await (const key of storage.keys('public/reports/')) listed.push(key);
    expect(listed.sort()).toEqual([...keys].sort());
  });

  it('answers null for a missing or invalid key and deletes', async () => {
    expect(await storage.get('public/reports/0000.jpg')).toBeNull();
    expect(await storage.get('../etc/passwd')).toBeNull();
    await storage.put('private/evidence/abc.png', new Uint8Array([1, 2, 3]), 'image/png');
    expect((await storage.get('private/evidence/abc.png'))?.data).toEqual(Buffer.from([1, 2, 3]));
    await storage.delete('private/evidence/abc.png');
    expect(await storage.get('private/evidence/abc.png')).toBeNull();
  });
});
