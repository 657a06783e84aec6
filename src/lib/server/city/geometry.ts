/**
 * Plane geometry on GeoJSON [lng, lat] positions: bounding boxes, point-in-polygon and ring validation.
 * Pure functions, so that both database drivers (PGlite has no PostGIS) get the same answers.
 */
import type { AreaGeometry } from '../../../../db/schema';

export type Position = [number, number];
export type Ring = number[][];

export interface LatLng {
  lat: number;
  lng: number;
}

export interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

/** The polygons of a geometry, each a list of rings (outer ring first). */
export function polygonsOf(geometry: AreaGeometry): number[][][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function geometryBBox(geometry: AreaGeometry): BBox {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    // Holes lie inside the outer ring, so the outer ring bounds the polygon.
    for (const position of polygon[0] ?? []) {
      const lng = position[0]!;
      const lat = position[1]!;
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return { minLng, minLat, maxLng, maxLat };
}

/**
 * Even-odd crossing test of a ray going east from the point, over one closed ring.
 *
 * Shared edges must give the same answer in both polygons that own them, so each edge's crossing is
 * computed from its endpoints in a fixed order (lower latitude first), never in ring order: two
 * neighbours then agree bit for bit, and a point on their common edge belongs to exactly one of them
 * (the one to its east, or north on an east-west edge).
 */
function crossesRing(lng: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1]!;
    const b = ring[i]!;
    const ay = a[1]!;
    const by = b[1]!;
    if (ay > lat === by > lat) continue;
    const lo = ay < by ? a : b;
    const hi = ay < by ? b : a;
    const x = lo[0]! + ((lat - lo[1]!) * (hi[0]! - lo[0]!)) / (hi[1]! - lo[1]!);
    if (lng < x) inside = !inside;
  }
  return inside;
}

/** Inside one polygon: inside its outer ring and outside its holes (even-odd over all rings). */
export function pointInPolygon(point: LatLng, polygon: number[][][]): boolean {
  let inside = false;
  for (const ring of polygon) if (crossesRing(point.lng, point.lat, ring)) inside = !inside;
  return inside;
}

/** Inside a Polygon or any part of a MultiPolygon. */
export function pointInGeometry(point: LatLng, geometry: AreaGeometry): boolean {
  return polygonsOf(geometry).some((polygon) => pointInPolygon(point, polygon));
}

/** Signed shoelace area in square degrees; positive for counterclockwise rings. */
export function ringArea(ring: Ring): number {
  let twice = 0;
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1]!;
    const b = ring[i]!;
    twice += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return twice / 2;
}

/** Area in square degrees: outer rings minus holes, whatever their winding. */
export function geometryArea(geometry: AreaGeometry): number {
  let area = 0;
  for (const polygon of polygonsOf(geometry)) {
    polygon.forEach((ring, index) => {
      area += index === 0 ? Math.abs(ringArea(ring)) : -Math.abs(ringArea(ring));
    });
  }
  return area;
}

export interface GeometryIssue {
  key: string;
  params: Record<string, string | number>;
}

const ISSUE = 'city.import.error.';

function orient(a: number[], b: number[], c: number[]): number {
  return (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
}

/** c lies within the bounding box of segment a-b (callers know the three are collinear). */
function within(a: number[], b: number[], c: number[]): boolean {
  return Math.min(a[0]!, b[0]!) <= c[0]! && c[0]! <= Math.max(a[0]!, b[0]!) && Math.min(a[1]!, b[1]!) <= c[1]! && c[1]! <= Math.max(a[1]!, b[1]!);
}

/** Closed segments p1-p2 and p3-p4 share at least one point. */
function segmentsTouch(p1: number[], p2: number[], p3: number[], p4: number[]): boolean {
  const d1 = orient(p3, p4, p1);
  const d2 = orient(p3, p4, p2);
  const d3 = orient(p1, p2, p3);
  const d4 = orient(p1, p2, p4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 === 0 && within(p3, p4, p1)) || (d2 === 0 && within(p3, p4, p2)) || (d3 === 0 && within(p1, p2, p3)) || (d4 === 0 && within(p1, p2, p4));
}

/**
 * True when a closed ring (first position repeated last, consecutive duplicates removed, at least
 * four positions) crosses or touches itself: two non-adjacent edges meet, or two adjacent edges fold
 * back over each other. Edges are swept in order of their west end so that only edges whose
 * longitudes overlap are compared, which keeps long real-world boundaries fast.
 */
export function ringSelfIntersects(ring: Ring): boolean {
  const m = ring.length - 1; // number of edges; edge i runs from ring[i] to ring[i + 1]
  for (let i = 0; i < m; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    const c = ring[(i + 2) % m]!; // wraps to ring[1] after the closing edge
    if (orient(a, b, c) === 0 && (b[0]! - a[0]!) * (c[0]! - b[0]!) + (b[1]! - a[1]!) * (c[1]! - b[1]!) < 0) return true;
  }
  const order = Array.from({ length: m }, (_, i) => i);
  const west = (i: number) => Math.min(ring[i]![0]!, ring[i + 1]![0]!);
  const east = (i: number) => Math.max(ring[i]![0]!, ring[i + 1]![0]!);
  order.sort((x, y) => west(x) - west(y));
  for (let s = 0; s < m; s++) {
    const i = order[s]!;
    const eastI = east(i);
    for (let t = s + 1; t < m; t++) {
      const j = order[t]!;
      if (west(j) > eastI) break;
      const gap = Math.abs(i - j);
      if (gap === 1 || gap === m - 1) continue; // adjacent edges share a vertex by construction
      if (segmentsTouch(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return true;
    }
  }
  return false;
}

function samePosition(a: number[], b: number[]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/**
 * Checks one ring of raw GeoJSON and returns it as [lng, lat] pairs (altitude dropped), or the
 * issues found. `polygon` and `ring` are 1-based, for people reading the message.
 */
function checkRing(raw: unknown, polygon: number, ring: number, issues: GeometryIssue[]): Position[] | null {
  const where = { polygon, ring };
  if (!Array.isArray(raw)) {
    issues.push({ key: `${ISSUE}geometryShape`, params: where });
    return null;
  }
  const positions: Position[] = [];
  for (let p = 0; p < raw.length; p++) {
    const position: unknown = raw[p];
    if (!Array.isArray(position) || position.length < 2) {
      issues.push({ key: `${ISSUE}geometryShape`, params: where });
      return null;
    }
    const [lng, lat] = position as unknown[];
    if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
      issues.push({ key: `${ISSUE}coordinateNotNumber`, params: { ...where, position: p + 1 } });
      return null;
    }
    if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
      issues.push({ key: `${ISSUE}coordinateOutOfRange`, params: { ...where, position: p + 1, lng, lat } });
      return null;
    }
    positions.push([lng, lat]);
  }
  if (positions.length < 4) {
    issues.push({ key: `${ISSUE}ringTooShort`, params: { ...where, count: positions.length } });
    return null;
  }
  if (!samePosition(positions[0]!, positions[positions.length - 1]!)) {
    issues.push({ key: `${ISSUE}ringNotClosed`, params: where });
    return null;
  }
  // A repeated position adds a zero-length edge, harmless and common in exported files; drop it.
  const distinct = positions.filter((position, i) => i === 0 || !samePosition(position, positions[i - 1]!));
  if (distinct.length < 4) {
    issues.push({ key: `${ISSUE}ringTooShort`, params: { ...where, count: distinct.length } });
    return null;
  }
  if (ringSelfIntersects(distinct)) {
    issues.push({ key: `${ISSUE}ringSelfIntersects`, params: where });
    return null;
  }
  return distinct;
}

function checkPolygon(raw: unknown, polygon: number, issues: GeometryIssue[]): Position[][] | null {
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.push({ key: `${ISSUE}geometryShape`, params: { polygon, ring: 1 } });
    return null;
  }
  const rings = raw.map((ring: unknown, index) => checkRing(ring, polygon, index + 1, issues));
  return rings.every((ring) => ring !== null) ? (rings as Position[][]) : null;
}

/**
 * Validates a GeoJSON geometry as an area outline: a Polygon or MultiPolygon of closed, simple
 * rings with at least four positions and coordinates in range. Returns the normalized geometry
 * or every issue found (at most one per ring, since one bad position spoils its ring).
 */
export function validateGeometry(raw: unknown): { geometry: AreaGeometry; issues: [] } | { geometry: null; issues: GeometryIssue[] } {
  const issues: GeometryIssue[] = [];
  if (typeof raw !== 'object' || raw === null) {
    return { geometry: null, issues: [{ key: `${ISSUE}geometryMissing`, params: {} }] };
  }
  const { type, coordinates } = raw as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    return { geometry: null, issues: [{ key: `${ISSUE}geometryType`, params: { type: String(type) } }] };
  }
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    return { geometry: null, issues: [{ key: `${ISSUE}geometryShape`, params: { polygon: 1, ring: 1 } }] };
  }
  if (type === 'Polygon') {
    const polygon = checkPolygon(coordinates, 1, issues);
    return polygon ? { geometry: { type, coordinates: polygon }, issues: [] } : { geometry: null, issues };
  }
  const polygons = coordinates.map((polygon: unknown, index) => checkPolygon(polygon, index + 1, issues));
  return polygons.every((polygon) => polygon !== null) ? { geometry: { type, coordinates: polygons as Position[][][] }, issues: [] } : { geometry: null, issues };
}
