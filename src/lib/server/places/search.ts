/**
 * Place search (GET /api/v1/places?q=): prefix and substring matches on names, aliases and their
 * pinyin, best first: exact names, then names starting with the query, then any term starting with
 * it, then the rest; areas before roads before places, shorter names first.
 */
import { and, asc, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { places } from '../../../../db/schema';
import type { Locale } from '../../../i18n';
import { smallSources, type GazetteerEntry, type GazetteerKind } from './gazetteer';
import { normalizeQuery, TERM_SEPARATOR } from './search-key';

export const PLACE_QUERY_MAX = 40;
export const PLACE_RESULTS_MAX = 20;

export interface PlaceHit {
  ref: string;
  kind: GazetteerKind;
  name: string;
  nameZh: string;
  nameEn: string;
  /** WGS-84. */
  lat: number;
  lng: number;
  bbox: [number, number, number, number] | null;
}

const KIND_ORDER: Record<GazetteerKind, number> = { district: 0, subdistrict: 1, community: 2, road: 3, place: 4, site: 5, project: 6, grid: 7 };

function likePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** 0 exact, 1 a name starts with it, 2 a term starts with it, 3 a term contains it. */
function rank(entry: { nameZh: string; nameEn: string; key: string }, q: string): number {
  const zh = normalizeQuery(entry.nameZh);
  const en = normalizeQuery(entry.nameEn);
  if (zh === q || en === q) return 0;
  if (zh.startsWith(q) || en.startsWith(q)) return 1;
  if (entry.key.split(TERM_SEPARATOR).some((term) => term.startsWith(q))) return 2;
  return 3;
}

export async function searchPlaces(db: Db, text: string, locale: Locale, limit = 10): Promise<PlaceHit[]> {
  const q = normalizeQuery(text).slice(0, PLACE_QUERY_MAX);
  if (!q) return [];
  const n = Math.max(1, Math.min(PLACE_RESULTS_MAX, limit));
  const compact = q.replaceAll(' ', '');
  const pattern = `%${likePattern(q)}%`;
  const compactPattern = `%${likePattern(compact)}%`;
  const prefix = `${likePattern(q)}%`;
  const [imported, small] = await Promise.all([
    db
      .select({ id: places.id, kind: places.kind, nameZh: places.nameZh, nameEn: places.nameEn, lat: places.lat, lng: places.lng, key: places.searchKey, minLng: places.minLng, minLat: places.minLat, maxLng: places.maxLng, maxLat: places.maxLat })
      .from(places)
      .where(and(compact === q ? sql`${places.searchKey} like ${pattern}` : sql`(${places.searchKey} like ${pattern} or ${places.searchKey} like ${compactPattern})`))
      // Names that start with the query first, so that a common syllable still finds them within the limit.
      .orderBy(sql`(${places.searchKey} like ${prefix}) desc`, sql`length(${places.nameZh})`, asc(places.id))
      .limit(n * 3),
    smallSources(db),
  ]);
  const candidates: (GazetteerEntry & { rank: number })[] = [];
  for (const row of imported) {
    const entry: GazetteerEntry = {
      ref: `place:${row.id}`,
      kind: row.kind,
      nameZh: row.nameZh,
      nameEn: row.nameEn || row.nameZh,
      lat: row.lat,
      lng: row.lng,
      bbox: row.kind === 'road' ? [row.minLng, row.minLat, row.maxLng, row.maxLat] : null,
      key: row.key,
    };
    candidates.push({ ...entry, rank: rank(entry, q) });
  }
  for (const entry of small) {
    if (entry.key.includes(q) || (compact !== q && entry.key.includes(compact))) candidates.push({ ...entry, rank: rank(entry, q) });
  }
  candidates.sort((a, b) => a.rank - b.rank || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.nameZh.length - b.nameZh.length || a.ref.localeCompare(b.ref));
  return candidates.slice(0, n).map(({ ref, kind, nameZh, nameEn, lat, lng, bbox }) => ({ ref, kind, name: locale === 'en' ? nameEn : nameZh, nameZh, nameEn, lat, lng, bbox }));
}
