/**
 * Reverse lookup: how a point reads to people, "near <the nearest place or road>, <community>,
 * <subdistrict>" (zh: "<place>附近，<community>，<subdistrict>"). Used by report pages, the staff
 * view, the CSV ledger and Open311's `address`.
 */
import type { Db } from '../../../../db/client';
import type { Locale } from '../../../i18n';
import type { LatLngLiteral } from '../../geo/coords';
import { distanceMeters } from '../kernel/geo';
import { resolvePoint, type AreaRef } from '../city';
import { smallSources, type GazetteerEntry, type GazetteerKind } from './gazetteer';
import { placeIndex, placesAround, type PlaceIndex } from './index-memory';
import { degreesAround, distanceToGeometry } from './geometry';

/** A place or road farther than this is not "near". */
export const NEAR_RADIUS_METERS = 300;

export interface NearPlace {
  ref: string;
  kind: GazetteerKind;
  nameZh: string;
  nameEn: string;
  distanceMeters: number;
}

export interface PointDescription {
  /** The sentence to show, in the requested language. */
  text: string;
  near: NearPlace | null;
  community: AreaRef | null;
  subdistrict: AreaRef | null;
  district: AreaRef | null;
}

/** The imported places and the inspection sites and project places: what "near" may name. */
interface NearSources {
  index: PlaceIndex;
  points: GazetteerEntry[];
}

/** The sites and project places of each gazetteer snapshot (it is replaced, never changed, when it is read again). */
const pointsOf = new WeakMap<GazetteerEntry[], GazetteerEntry[]>();

async function nearSources(db: Db): Promise<NearSources> {
  const [index, small] = await Promise.all([placeIndex(db), smallSources(db)]);
  let points = pointsOf.get(small);
  if (!points) pointsOf.set(small, (points = small.filter((entry) => entry.kind === 'site' || entry.kind === 'project')));
  return { index, points };
}

function nearestIn(sources: NearSources, point: LatLngLiteral): NearPlace | null {
  const { dLat, dLng } = degreesAround(point.lat, NEAR_RADIUS_METERS);
  const rows = placesAround(sources.index, point, NEAR_RADIUS_METERS);
  let best: NearPlace | null = null;
  const consider = (candidate: NearPlace) => {
    if (candidate.distanceMeters <= NEAR_RADIUS_METERS && (!best || candidate.distanceMeters < best.distanceMeters)) best = candidate;
  };
  for (const row of rows) {
    consider({ ref: `place:${row.id}`, kind: row.kind, nameZh: row.nameZh, nameEn: row.nameEn || row.nameZh, distanceMeters: Math.round(distanceToGeometry(point, row.geometry)) });
  }
  for (const entry of sources.points) {
    if (Math.abs(entry.lat - point.lat) > dLat || Math.abs(entry.lng - point.lng) > dLng) continue;
    consider({ ref: entry.ref, kind: entry.kind, nameZh: entry.nameZh, nameEn: entry.nameEn, distanceMeters: Math.round(distanceMeters(point, entry)) });
  }
  return best;
}

/** The nearest imported place or road, inspection site or project place within NEAR_RADIUS_METERS. */
export async function nearestPlace(db: Db, point: LatLngLiteral): Promise<NearPlace | null> {
  return nearestIn(await nearSources(db), point);
}

/** Joins the parts in the language's way; parts that are missing are left out. */
export function formatPointDescription(parts: { near: string | null; community: string | null; subdistrict: string | null }, locale: Locale): string {
  if (locale === 'en') return [parts.near && `near ${parts.near}`, parts.community, parts.subdistrict].filter(Boolean).join(', ');
  return [parts.near && `${parts.near}附近`, parts.community, parts.subdistrict].filter(Boolean).join('，');
}

/**
 * "near <place>, <community>, <subdistrict>" for a WGS-84 point. Outside the city's grid only the
 * nearest place is named; with nothing near and outside the grid, the coordinates are given.
 */
export async function describePoint(db: Db, point: LatLngLiteral, locale: Locale): Promise<PointDescription> {
  const [resolved, near] = await Promise.all([resolvePoint(db, point), nearestPlace(db, point)]);
  const name = (ref: { nameZh: string; nameEn: string } | null | undefined) => (ref ? (locale === 'en' ? ref.nameEn : ref.nameZh) : null);
  let text = formatPointDescription({ near: name(near), community: name(resolved?.community), subdistrict: name(resolved?.subdistrict) }, locale);
  if (!text) text = `${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}`;
  return { text, near, community: resolved?.community ?? null, subdistrict: resolved?.subdistrict ?? null, district: resolved?.district ?? null };
}

/** The nearest named place of each point, in the page's language (null where nothing is near): list cards. */
export async function nearPlaceNames(db: Db, points: LatLngLiteral[], locale: Locale): Promise<(string | null)[]> {
  const sources = await nearSources(db);
  // A list shows the same reports again and again: the answer for a point is kept with the
  // snapshot of the places it came from (a new snapshot, after an import, starts afresh).
  let byIndex = nearMemo.get(sources.index);
  if (!byIndex) nearMemo.set(sources.index, (byIndex = new WeakMap()));
  let byPoint = byIndex.get(sources.points);
  if (!byPoint) byIndex.set(sources.points, (byPoint = new Map()));
  return points.map((point) => {
    const key = `${point.lat},${point.lng}`;
    let near = byPoint.get(key);
    if (near === undefined) {
      if (byPoint.size >= 50_000) byPoint.clear();
      byPoint.set(key, (near = nearestIn(sources, point)));
    }
    return near ? (locale === 'en' ? near.nameEn : near.nameZh) : null;
  });
}

/** nearPlaceNames' answers, by place snapshot (the index and the small sources) and point. */
const nearMemo = new WeakMap<NearSources['index'], WeakMap<NearSources['points'], Map<string, NearPlace | null>>>();
