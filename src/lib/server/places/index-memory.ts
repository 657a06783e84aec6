/**
 * The imported places and roads, held in memory per process for search and reverse lookup: a scan
 * of 50,000 keys in JavaScript takes a few milliseconds, where LIKE over the table took a hundred
 * on PGlite. The copy is checked at most once a second against the table's latest `updated_at`
 * (an index read; places are only ever added or updated by the import, never deleted), and
 * reloaded when that moved, so every instance is at most a second behind an import.
 */
import { desc, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { places, type PlaceGeometry, type PlaceKind } from '../../../../db/schema';
import type { LatLngLiteral } from '../../geo/coords';
import { degreesAround } from './geometry';
import { normalizeQuery, TERM_SEPARATOR } from './search-key';

export interface ImportedPlace {
  id: number;
  kind: PlaceKind;
  nameZh: string;
  nameEn: string;
  lat: number;
  lng: number;
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
  key: string;
  geometry: PlaceGeometry;
  /** The names normalized as queries are, for ranking. */
  zh: string;
  en: string;
}

/** Cells of the lookup grid, in degrees (about 550 m north-south). */
const CELL = 0.005;
const CHECK_EVERY_MS = 1000;

export interface PlaceIndex {
  entries: ImportedPlace[];
  cells: Map<string, ImportedPlace[]>;
  /** Each two-character piece of the search keys → the entries whose key holds it, in order. */
  bigrams: Map<string, Int32Array>;
}

interface Held {
  stamp: string;
  checkedAt: number;
  index: PlaceIndex;
}

const held = new WeakMap<object, { current?: Held; pending?: Promise<PlaceIndex> }>();

function buildIndex(entries: ImportedPlace[]): PlaceIndex {
  const cells = new Map<string, ImportedPlace[]>();
  for (const entry of entries) {
    for (let x = Math.floor(entry.minLng / CELL); x <= Math.floor(entry.maxLng / CELL); x++)
      for (let y = Math.floor(entry.minLat / CELL); y <= Math.floor(entry.maxLat / CELL); y++) {
        const cell = `${x}:${y}`;
        const list = cells.get(cell);
        if (list) list.push(entry);
        else cells.set(cell, [entry]);
      }
  }
  const lists = new Map<string, number[]>();
  entries.forEach((entry, position) => {
    const key = entry.key;
    for (let i = 0; i + 1 < key.length; i++) {
      const gram = key.slice(i, i + 2);
      if (gram.includes(TERM_SEPARATOR)) continue;
      const list = lists.get(gram);
      if (!list) lists.set(gram, [position]);
      else if (list[list.length - 1] !== position) list.push(position);
    }
  });
  const bigrams = new Map<string, Int32Array>();
  for (const [gram, list] of lists) bigrams.set(gram, Int32Array.from(list));
  return { entries, cells, bigrams };
}

const NONE = new Int32Array(0);

/**
 * The entries whose search key contains the text: verified on the entries holding the text's
 * rarest two-character piece (all entries for a one-character query).
 */
export function entriesContaining(index: PlaceIndex, text: string): ImportedPlace[] {
  if (text.length < 2) return index.entries.filter((entry) => entry.key.includes(text));
  let rarest: Int32Array | undefined;
  for (let i = 0; i + 1 < text.length; i++) {
    const list = index.bigrams.get(text.slice(i, i + 2)) ?? NONE;
    if (!rarest || list.length < rarest.length) rarest = list;
    if (list.length === 0) break;
  }
  const found: ImportedPlace[] = [];
  for (const position of rarest ?? NONE) {
    const entry = index.entries[position]!;
    if (entry.key.includes(text)) found.push(entry);
  }
  return found;
}

async function stampOf(db: Db): Promise<string> {
  const [row] = await db
    .select({ at: sql<string>`${places.updatedAt}::text` })
    .from(places)
    .orderBy(desc(places.updatedAt))
    .limit(1);
  return row?.at ?? 'empty';
}

async function load(db: Db, slot: { current?: Held }, now: number): Promise<PlaceIndex> {
  const stamp = await stampOf(db);
  if (slot.current && slot.current.stamp === stamp) {
    slot.current.checkedAt = now;
    return slot.current.index;
  }
  const rows = await db
    .select({
      id: places.id,
      kind: places.kind,
      nameZh: places.nameZh,
      nameEn: places.nameEn,
      lat: places.lat,
      lng: places.lng,
      minLng: places.minLng,
      minLat: places.minLat,
      maxLng: places.maxLng,
      maxLat: places.maxLat,
      key: places.searchKey,
      geometry: places.geometry,
    })
    .from(places)
    .orderBy(places.id);
  const index = buildIndex(rows.map((row) => ({ ...row, zh: normalizeQuery(row.nameZh), en: normalizeQuery(row.nameEn) })));
  slot.current = { stamp, checkedAt: now, index };
  return index;
}

/** The imported places, at most a second old. */
export function placeIndex(db: Db, now = Date.now()): Promise<PlaceIndex> {
  let slot = held.get(db);
  if (!slot) held.set(db, (slot = {}));
  if (slot.current && now - slot.current.checkedAt < CHECK_EVERY_MS) return Promise.resolve(slot.current.index);
  if (slot.pending) return slot.pending;
  const mine = slot;
  const pending = load(db, mine, now).finally(() => (mine.pending = undefined));
  mine.pending = pending;
  return pending;
}

/** The places whose boxes come within `meters` of the point. */
export function placesAround(index: PlaceIndex, point: LatLngLiteral, meters: number): ImportedPlace[] {
  const { dLat, dLng } = degreesAround(point.lat, meters);
  const found = new Set<ImportedPlace>();
  for (let x = Math.floor((point.lng - dLng) / CELL); x <= Math.floor((point.lng + dLng) / CELL); x++)
    for (let y = Math.floor((point.lat - dLat) / CELL); y <= Math.floor((point.lat + dLat) / CELL); y++)
      for (const entry of index.cells.get(`${x}:${y}`) ?? [])
        if (entry.minLat <= point.lat + dLat && entry.maxLat >= point.lat - dLat && entry.minLng <= point.lng + dLng && entry.maxLng >= point.lng - dLng) found.add(entry);
  return [...found];
}

/** After an import in this process: the next read reloads (other instances notice within a second). */
export function forgetPlaceIndex(db: Db): void {
  held.delete(db);
}
