/**
 * A photo's own GPS position, read in the browser before upload (the server strips every bit of
 * metadata from what it stores). Only what the report form needs: the GPS latitude and longitude in
 * a JPEG's Exif segment (APP1), the format phone cameras write and browsers hand over (iOS converts
 * HEIC to JPEG for a file input that accepts JPEG). Written out rather than imported: the readers on
 * npm either carry every format and tag (exifr is 8 KB compressed, too much for the map pages'
 * JavaScript budget) or need Node's Buffer. Malformed input gives null, never an exception.
 */

export interface GpsPoint {
  lat: number;
  lng: number;
}

/** Exif sits near the start: APP1 is at most 64 KB, after at most a JFIF segment. */
export const EXIF_SCAN_BYTES = 128 * 1024;

const GPS_IFD_POINTER = 0x8825;
const GPS_LATITUDE_REF = 1;
const GPS_LATITUDE = 2;
const GPS_LONGITUDE_REF = 3;
const GPS_LONGITUDE = 4;
const RATIONAL = 5;
const ASCII = 2;

/** The GPS point in a JPEG's Exif, or null when it has none (or is not a JPEG, or is malformed). */
export function jpegGps(bytes: ArrayBuffer): GpsPoint | null {
  try {
    const view = new DataView(bytes);
    if (view.getUint16(0) !== 0xffd8) return null;
    let offset = 2;
    while (offset + 4 <= view.byteLength) {
      const marker = view.getUint16(offset);
      // Start of scan or end of image: the metadata segments are over.
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda || marker === 0xffd9) return null;
      const length = view.getUint16(offset + 2);
      // "Exif\0\0", then a TIFF structure.
      if (marker === 0xffe1 && length > 8 && view.getUint32(offset + 4) === 0x45786966 && view.getUint16(offset + 8) === 0) {
        const start = offset + 10;
        return tiffGps(new DataView(bytes, start, Math.min(length - 8, view.byteLength - start)));
      }
      offset += 2 + length;
    }
    return null;
  } catch {
    return null;
  }
}

function tiffGps(tiff: DataView): GpsPoint | null {
  const order = tiff.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const little = order === 0x4949;
  const u16 = (at: number) => tiff.getUint16(at, little);
  const u32 = (at: number) => tiff.getUint32(at, little);
  if (u16(2) !== 42) return null;
  /** The entries of the IFD at `ifd`, by tag: the offset of each 12-byte entry. */
  const entries = (ifd: number) => {
    const found = new Map<number, number>();
    const count = u16(ifd);
    for (let i = 0; i < count; i++) found.set(u16(ifd + 2 + i * 12), ifd + 2 + i * 12);
    return found;
  };
  const gpsPointer = entries(u32(4)).get(GPS_IFD_POINTER);
  if (gpsPointer === undefined) return null;
  const gps = entries(u32(gpsPointer + 8));
  const ref = (tag: number) => {
    const entry = gps.get(tag);
    return entry !== undefined && u16(entry + 2) === ASCII ? String.fromCharCode(tiff.getUint8(entry + 8)) : '';
  };
  /** Degrees, minutes and seconds as three rationals. */
  const degrees = (tag: number) => {
    const entry = gps.get(tag);
    if (entry === undefined || u16(entry + 2) !== RATIONAL || u32(entry + 4) < 3) return Number.NaN;
    const at = u32(entry + 8);
    const part = (i: number) => u32(at + i * 8) / u32(at + i * 8 + 4);
    return part(0) + part(1) / 60 + part(2) / 3600;
  };
  const lat = degrees(GPS_LATITUDE) * (ref(GPS_LATITUDE_REF) === 'S' ? -1 : 1);
  const lng = degrees(GPS_LONGITUDE) * (ref(GPS_LONGITUDE_REF) === 'W' ? -1 : 1);
  // 0,0 is what some cameras write when they had no fix.
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180 || (lat === 0 && lng === 0)) return null;
  return { lat, lng };
}
