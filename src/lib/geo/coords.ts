/**
 * The portal stores every point in WGS-84 (GPS, 天地图's CGCS2000 for our purposes). 高德 (AMap)
 * tiles are drawn in GCJ-02, the offset datum of Chinese web maps, so a map on those tiles shows
 * stored points converted to GCJ-02 and converts taps back to WGS-84 before anything is stored.
 *
 * The conversion is the published GCJ-02 formula (as in eviltransform and gcoord), written out here
 * rather than imported: this module is loaded by the map pages on 高德 tiles, within their
 * JavaScript budget, and gcoord's bundle of every Chinese datum is three times the size. GCJ-02 to
 * WGS-84 has no closed form and is solved by iteration to well under a centimetre. The tests check
 * it against published reference points and against gcoord. Shared by the islands and the server.
 */

export interface LatLngLiteral {
  lat: number;
  lng: number;
}

/** The datum a base map draws in. */
export type MapDatum = 'wgs84' | 'gcj02';

/** Krasovsky 1940, the ellipsoid the GCJ-02 offset is defined on. */
const A = 6378245.0;
const EE = 0.006693421622965943;

/** Outside China the two datums agree (GCJ-02 applies only inside this box). */
function outsideChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function offsetLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function offsetLng(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

/** The GCJ-02 offset at a WGS-84 point, in degrees. */
function delta(lat: number, lng: number): LatLngLiteral {
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  return {
    lat: (offsetLat(lng - 105.0, lat - 35.0) * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI),
    lng: (offsetLng(lng - 105.0, lat - 35.0) * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI),
  };
}

export function wgs84ToGcj02(point: LatLngLiteral): LatLngLiteral {
  if (outsideChina(point.lat, point.lng)) return { lat: point.lat, lng: point.lng };
  const d = delta(point.lat, point.lng);
  return { lat: point.lat + d.lat, lng: point.lng + d.lng };
}

/** The WGS-84 point that GCJ-02 shows at `point`: fixed-point iteration, each step about 1e-5 of the last error. */
export function gcj02ToWgs84(point: LatLngLiteral): LatLngLiteral {
  if (outsideChina(point.lat, point.lng)) return { lat: point.lat, lng: point.lng };
  let lat = point.lat;
  let lng = point.lng;
  for (let i = 0; i < 10; i++) {
    const shown = wgs84ToGcj02({ lat, lng });
    const dLat = point.lat - shown.lat;
    const dLng = point.lng - shown.lng;
    lat += dLat;
    lng += dLng;
    if (Math.abs(dLat) < 1e-10 && Math.abs(dLng) < 1e-10) break;
  }
  return { lat, lng };
}

/** From storage (WGS-84) to the map's datum, and back: the identity for WGS-84 maps. */
export function toMapDatum(point: LatLngLiteral, datum: MapDatum): LatLngLiteral {
  return datum === 'gcj02' ? wgs84ToGcj02(point) : { lat: point.lat, lng: point.lng };
}

export function fromMapDatum(point: LatLngLiteral, datum: MapDatum): LatLngLiteral {
  return datum === 'gcj02' ? gcj02ToWgs84(point) : { lat: point.lat, lng: point.lng };
}
