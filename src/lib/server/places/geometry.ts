/** Distances from a point to the gazetteer's points and lines, in metres (local flat projection: fine within a city). */
import type { PlaceGeometry } from '../../../../db/schema';
import type { LatLngLiteral } from '../../geo/coords';

const METERS_PER_DEGREE = 111_320;

export function linesOf(geometry: PlaceGeometry): number[][][] {
  if (geometry.type === 'Point') return [[geometry.coordinates]];
  return geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
}

/** Metres from the point to the nearest part of the geometry. */
export function distanceToGeometry(point: LatLngLiteral, geometry: PlaceGeometry): number {
  const kx = METERS_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180);
  const ky = METERS_PER_DEGREE;
  let best = Infinity;
  for (const line of linesOf(geometry)) {
    for (let i = 0; i < line.length; i++) {
      const ax = (line[i]![0]! - point.lng) * kx;
      const ay = (line[i]![1]! - point.lat) * ky;
      const next = line[i + 1];
      if (!next) {
        best = Math.min(best, Math.hypot(ax, ay));
        continue;
      }
      const bx = (next[0]! - point.lng) * kx;
      const by = (next[1]! - point.lat) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const length2 = dx * dx + dy * dy;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

/** The point a search result moves the map to: a point itself, a line's middle vertex. */
export function anchorOf(geometry: PlaceGeometry): LatLngLiteral {
  if (geometry.type === 'Point') return { lng: geometry.coordinates[0]!, lat: geometry.coordinates[1]! };
  const vertices = linesOf(geometry).flat();
  const middle = vertices[Math.floor(vertices.length / 2)]!;
  return { lng: middle[0]!, lat: middle[1]! };
}

export function bboxOf(geometry: PlaceGeometry) {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const line of linesOf(geometry))
    for (const [lng, lat] of line) {
      minLng = Math.min(minLng, lng!);
      maxLng = Math.max(maxLng, lng!);
      minLat = Math.min(minLat, lat!);
      maxLat = Math.max(maxLat, lat!);
    }
  return { minLng, minLat, maxLng, maxLat };
}

/** Degrees of latitude and longitude that span `meters` around a latitude. */
export function degreesAround(lat: number, meters: number) {
  return { dLat: meters / METERS_PER_DEGREE, dLng: meters / (METERS_PER_DEGREE * Math.cos((lat * Math.PI) / 180)) };
}
