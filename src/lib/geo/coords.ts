/**
 * The portal stores every point in WGS-84 (GPS, 天地图's CGCS2000 for our purposes). 高德 (AMap)
 * tiles are drawn in GCJ-02, the offset datum of Chinese web maps, so a map on those tiles shows
 * stored points converted to GCJ-02 and converts taps back to WGS-84 before anything is stored.
 * The conversion is gcoord's (GCJ-02 to WGS-84 is iterative there, well under a metre); this module
 * is shared by the islands and the server so both sides convert the same way.
 */
import gcoord from 'gcoord';

export interface LatLngLiteral {
  lat: number;
  lng: number;
}

/** The datum a base map draws in. */
export type MapDatum = 'wgs84' | 'gcj02';

export function wgs84ToGcj02(point: LatLngLiteral): LatLngLiteral {
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lat, lng };
}

export function gcj02ToWgs84(point: LatLngLiteral): LatLngLiteral {
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lat, lng };
}

/** From storage (WGS-84) to the map's datum, and back: the identity for WGS-84 maps. */
export function toMapDatum(point: LatLngLiteral, datum: MapDatum): LatLngLiteral {
  return datum === 'gcj02' ? wgs84ToGcj02(point) : { lat: point.lat, lng: point.lng };
}

export function fromMapDatum(point: LatLngLiteral, datum: MapDatum): LatLngLiteral {
  return datum === 'gcj02' ? gcj02ToWgs84(point) : { lat: point.lat, lng: point.lng };
}
