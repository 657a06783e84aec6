/**
 * Place search (GET /api/v1/places?q=): prefix and substring matches on names, aliases and their
 * pinyin, best first: exact names, then names starting with the query, then any term starting with
 * it, then the rest; areas before roads before places, shorter names first.
 */
import type { Db } from '../../../../db/client';
import type { Locale } from '../../../i18n';
import { entriesContaining, placeIndex } from './index-memory';
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

/** 0 exact, 1 a name starts with it, 2 a term starts with it, 3 a term contains it. Names come normalized. */
function rank(zh: string, en: string, key: string, q: string): number {
  if (zh === q || en === q) return 0;
  if (zh.startsWith(q) || en.startsWith(q)) return 1;
  if (key.startsWith(q) || key.includes(TERM_SEPARATOR + q)) return 2;
  return 3;
}

export async function searchPlaces(db: Db, text: string, locale: Locale, limit = 10): Promise<PlaceHit[]> {
  const q = normalizeQuery(text).slice(0, PLACE_QUERY_MAX);
  if (!q) return [];
  const n = Math.max(1, Math.min(PLACE_RESULTS_MAX, limit));
  const compact = q.replaceAll(' ', '');
  const matches = (key: string) => key.includes(q) || (compact !== q && key.includes(compact));
  const [imported, small] = await Promise.all([placeIndex(db), smallSources(db)]);
  const candidates: { rank: number; kind: GazetteerKind; length: number; ref: string; make: () => GazetteerEntry }[] = [];
  const rows = new Set(entriesContaining(imported, q));
  if (compact !== q) for (const row of entriesContaining(imported, compact)) rows.add(row);
  for (const row of rows) {
    candidates.push({
      rank: rank(row.zh, row.en, row.key, q),
      kind: row.kind,
      length: row.nameZh.length,
      ref: `place:${row.id}`,
      make: () => ({
        ref: `place:${row.id}`,
        kind: row.kind,
        nameZh: row.nameZh,
        nameEn: row.nameEn || row.nameZh,
        lat: row.lat,
        lng: row.lng,
        bbox: row.kind === 'road' ? [row.minLng, row.minLat, row.maxLng, row.maxLat] : null,
        key: row.key,
      }),
    });
  }
  for (const entry of small) {
    if (matches(entry.key))
      candidates.push({
        rank: rank(normalizeQuery(entry.nameZh), normalizeQuery(entry.nameEn), entry.key, q),
        kind: entry.kind,
        length: entry.nameZh.length,
        ref: entry.ref,
        make: () => entry,
      });
  }
  candidates.sort((a, b) => a.rank - b.rank || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.length - b.length || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return candidates.slice(0, n).map((candidate) => {
    const { ref, kind, nameZh, nameEn, lat, lng, bbox } = candidate.make();
    return { ref, kind, name: locale === 'en' ? nameEn : nameZh, nameZh, nameEn, lat, lng, bbox };
  });
}
