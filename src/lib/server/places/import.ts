/**
 * Command: import places and roads into the gazetteer from GeoJSON (a FeatureCollection of Point,
 * LineString or MultiLineString features with `name`, optional `name_en`, `aliases` and `kind`) or
 * CSV (columns name, name_en, aliases, kind, lat, lng; aliases separated by 、 or ;). All or nothing:
 * every problem is reported with its feature or line number before anything is written; rows are
 * upserted by kind and Chinese name, in one transaction with one audit entry. Coordinates are WGS-84.
 *
 * Callers check can(user, 'places.import') first.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { PLACE_KINDS, places, type PlaceGeometry, type PlaceKind, type Role } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import { parseCsv } from '../csv';
import { proposedValues } from '../upsert';
import { anchorOf, bboxOf, linesOf } from './geometry';
import { forgetPlaceIndex } from './index-memory';
import { searchKey } from './search-key';

export const PLACE_NAME_MAX = 60;
export const PLACE_ALIASES_MAX = 10;
export const PLACES_IMPORT_MAX = 100_000;

export interface PlaceInput {
  kind: PlaceKind;
  nameZh: string;
  nameEn: string;
  aliases: string[];
  geometry: PlaceGeometry;
}

export interface PlaceImportError {
  /** 1-based feature or CSV line; null for the file as a whole. */
  row: number | null;
  /** i18n key under places.import.error. */
  key: string;
  params: Record<string, string | number>;
}

export type PlaceImportResult = { ok: true; inserted: number; updated: number } | { ok: false; errors: PlaceImportError[] };

const ERROR = 'places.import.error.';
const CONTROL = /[\u0000-\u001f\u007f]/;
const ERRORS_SHOWN = 50;

function isPosition(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length >= 2 && Number.isFinite(value[0]) && Number.isFinite(value[1]) && Math.abs(value[0]) <= 180 && Math.abs(value[1]) <= 90;
}

function checkGeometry(value: unknown): PlaceGeometry | null {
  const geometry = value as PlaceGeometry | null;
  if (!geometry || typeof geometry !== 'object') return null;
  if (geometry.type === 'Point') return isPosition(geometry.coordinates) ? { type: 'Point', coordinates: geometry.coordinates.slice(0, 2) } : null;
  if (geometry.type === 'LineString' || geometry.type === 'MultiLineString') {
    const lines = Array.isArray(geometry.coordinates) ? linesOf(geometry) : [];
    const fine = lines.length > 0 && lines.every((line) => Array.isArray(line) && line.length >= 2 && line.length <= 5000 && line.every(isPosition));
    return fine ? geometry : null;
  }
  return null;
}

function splitAliases(value: unknown): string[] | null {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[、;；|]/) : null;
  if (!list || !list.every((alias) => typeof alias === 'string')) return null;
  return [...new Set(list.map((alias: string) => alias.trim()).filter(Boolean))];
}

/** Checks one row's fields; pushes its problems and returns the input when there are none. */
function checkRow(
  row: number,
  fields: { name: unknown; nameEn: unknown; aliases: unknown; kind: unknown; geometry: PlaceGeometry | null },
  errors: PlaceImportError[],
): PlaceInput | null {
  const before = errors.length;
  const name = typeof fields.name === 'string' ? fields.name.trim() : '';
  const nameEn = typeof fields.nameEn === 'string' ? fields.nameEn.trim() : '';
  if (!name) errors.push({ row, key: `${ERROR}name`, params: { row } });
  else if (name.length > PLACE_NAME_MAX || CONTROL.test(name)) errors.push({ row, key: `${ERROR}nameInvalid`, params: { row, max: PLACE_NAME_MAX } });
  if (nameEn.length > PLACE_NAME_MAX * 2 || CONTROL.test(nameEn)) errors.push({ row, key: `${ERROR}nameInvalid`, params: { row, max: PLACE_NAME_MAX } });
  const aliases = splitAliases(fields.aliases);
  if (!aliases || aliases.length > PLACE_ALIASES_MAX || aliases.some((a) => a.length > PLACE_NAME_MAX || CONTROL.test(a)))
    errors.push({ row, key: `${ERROR}aliases`, params: { row, max: PLACE_ALIASES_MAX } });
  if (!fields.geometry) errors.push({ row, key: `${ERROR}geometry`, params: { row } });
  const kindText = typeof fields.kind === 'string' && fields.kind.trim() ? fields.kind.trim() : fields.geometry?.type === 'Point' ? 'place' : 'road';
  if (!(PLACE_KINDS as readonly string[]).includes(kindText)) errors.push({ row, key: `${ERROR}kind`, params: { row, kind: String(fields.kind) } });
  if (errors.length > before) return null;
  return { kind: kindText as PlaceKind, nameZh: name, nameEn, aliases: aliases!, geometry: fields.geometry! };
}

export function parsePlacesGeoJson(text: string): { ok: true; rows: PlaceInput[] } | { ok: false; errors: PlaceImportError[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, errors: [{ row: null, key: `${ERROR}notJson`, params: {} }] };
  }
  const features = (data as { type?: unknown; features?: unknown })?.features;
  if ((data as { type?: unknown })?.type !== 'FeatureCollection' || !Array.isArray(features))
    return { ok: false, errors: [{ row: null, key: `${ERROR}notCollection`, params: {} }] };
  if (features.length === 0 || features.length > PLACES_IMPORT_MAX) return { ok: false, errors: [{ row: null, key: `${ERROR}count`, params: { max: PLACES_IMPORT_MAX } }] };
  const errors: PlaceImportError[] = [];
  const rows: PlaceInput[] = [];
  features.forEach((feature: { properties?: Record<string, unknown>; geometry?: unknown } | null, index) => {
    const properties = (feature && typeof feature.properties === 'object' && feature.properties) || {};
    const row = checkRow(
      index + 1,
      { name: properties.name, nameEn: properties.name_en, aliases: properties.aliases, kind: properties.kind, geometry: checkGeometry(feature?.geometry) },
      errors,
    );
    if (row) rows.push(row);
  });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

export function parsePlacesCsv(text: string): { ok: true; rows: PlaceInput[] } | { ok: false; errors: PlaceImportError[] } {
  const lines = parseCsv(text.replace(/^\uFEFF/, '')).filter((line) => line.some((cell) => cell.trim() !== ''));
  const header = (lines[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const column = (name: string) => header.indexOf(name);
  if (column('name') < 0 || column('lat') < 0 || column('lng') < 0) return { ok: false, errors: [{ row: null, key: `${ERROR}csvHeader`, params: {} }] };
  if (lines.length < 2 || lines.length - 1 > PLACES_IMPORT_MAX) return { ok: false, errors: [{ row: null, key: `${ERROR}count`, params: { max: PLACES_IMPORT_MAX } }] };
  const errors: PlaceImportError[] = [];
  const rows: PlaceInput[] = [];
  lines.slice(1).forEach((cells, index) => {
    const cell = (name: string) => (column(name) >= 0 ? (cells[column(name)] ?? '').trim() : '');
    const lat = cell('lat') === '' ? NaN : Number(cell('lat'));
    const lng = cell('lng') === '' ? NaN : Number(cell('lng'));
    const geometry = checkGeometry({ type: 'Point', coordinates: [lng, lat] });
    const row = checkRow(index + 2, { name: cell('name'), nameEn: cell('name_en'), aliases: cell('aliases'), kind: cell('kind') || 'place', geometry }, errors);
    if (row) rows.push(row);
  });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

const BATCH = 500;

/** Upserts the rows by kind and Chinese name; returns how many were new. The caller holds the transaction. */
export async function writePlaces(db: Db, rows: PlaceInput[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += BATCH) {
    const values = rows.slice(start, start + BATCH).map((row) => {
      const anchor = anchorOf(row.geometry);
      return { ...row, lat: anchor.lat, lng: anchor.lng, ...bboxOf(row.geometry), searchKey: searchKey([row.nameZh, row.nameEn, ...row.aliases]), updatedAt: new Date() };
    });
    const written = await db
      .insert(places)
      .values(values)
      .onConflictDoUpdate({
        target: [places.kind, places.nameZh],
        set: proposedValues(places, ['nameEn', 'aliases', 'geometry', 'lat', 'lng', 'minLng', 'minLat', 'maxLng', 'maxLat', 'searchKey', 'updatedAt']),
      })
      .returning({ inserted: sql<boolean>`xmax = 0` });
    inserted += written.filter((w) => w.inserted).length;
  }
  forgetPlaceIndex(db);
  return inserted;
}

export async function importPlaces(db: Db, actor: { id: number; role: Role }, format: 'geojson' | 'csv', text: string): Promise<PlaceImportResult> {
  const parsed = format === 'csv' ? parsePlacesCsv(text) : parsePlacesGeoJson(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.slice(0, ERRORS_SHOWN) };
  // The last row of a name wins, as it would if the file were imported line by line.
  const byName = new Map<string, PlaceInput>();
  for (const row of parsed.rows) byName.set(`${row.kind}\u0000${row.nameZh}`, row);
  const rows = [...byName.values()];
  const result = await db.transaction(async (tx) => {
    const inserted = await writePlaces(tx, rows);
    const result = { ok: true as const, inserted, updated: rows.length - inserted };
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'places.import',
      targetType: 'places',
      targetId: null,
      summary: { after: { format, rows: rows.length, inserted, updated: result.updated } },
    });
    return result;
  });
  forgetPlaceIndex(db);
  return result;
}

/** How many places and roads admins have imported. */
export async function countImportedPlaces(db: Db): Promise<number> {
  return db.$count(places);
}
