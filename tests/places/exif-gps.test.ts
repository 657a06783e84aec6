import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegGps } from '../../src/lib/geo/exif-gps';

const base = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#c62828' } });
const buffer = (bytes: Buffer) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

describe('reading a photo’s GPS position in the browser', () => {
  it('reads the point a camera wrote, north and east', async () => {
    const jpeg = await base()
      .withExif({ IFD0: { Make: 'WenmingCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 12/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 0/1 36/1' } })
      .jpeg()
      .toBuffer();
    const point = jpegGps(buffer(jpeg))!;
    expect(point.lat).toBeCloseTo(28.2, 9);
    expect(point.lng).toBeCloseTo(113.01, 9);
  });

  it('reads seconds given as fractions, and south and west as negative', async () => {
    const jpeg = await base()
      .withExif({ IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '33/1 51/1 3540/100', GPSLongitudeRef: 'W', GPSLongitude: '70/1 39/1 0/1' } })
      .jpeg()
      .toBuffer();
    const point = jpegGps(buffer(jpeg))!;
    expect(point.lat).toBeCloseTo(-(33 + 51 / 60 + 35.4 / 3600), 9);
    expect(point.lng).toBeCloseTo(-(70 + 39 / 60), 9);
  });

  it('gives null for a photo without GPS, without Exif, for other formats and for garbage', async () => {
    expect(
      jpegGps(
        buffer(
          await base()
            .withExif({ IFD0: { Make: 'WenmingCam' } })
            .jpeg()
            .toBuffer(),
        ),
      ),
    ).toBeNull();
    expect(jpegGps(buffer(await base().jpeg().toBuffer()))).toBeNull();
    expect(jpegGps(buffer(await base().png().toBuffer()))).toBeNull();
    expect(jpegGps(new ArrayBuffer(0))).toBeNull();
    const truncated = await base()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 12/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 0/1 36/1' } })
      .jpeg()
      .toBuffer();
    for (const length of [3, 20, 60, 120]) expect(jpegGps(buffer(truncated.subarray(0, length)))).toBeNull();
  });
});
