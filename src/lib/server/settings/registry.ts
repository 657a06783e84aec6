/**
 * Every run-time setting, with its default and a check of stored values. Adding a setting is one
 * line in SETTINGS; its type is inferred from the default.
 */

export interface SettingDefinition<T> {
  defaultValue: T;
  /** Guards writes, and reads of rows edited by hand. */
  isValid: (value: unknown) => value is T;
}

function define<T>(defaultValue: T, isValid: (value: unknown) => value is T): SettingDefinition<T> {
  return { defaultValue, isValid };
}

export interface LocalizedName {
  zh: string;
  en: string;
}
/** [lat, lng], Leaflet's order. */
export type LatLngTuple = [number, number];
/** [west, south, east, north], GeoJSON's bbox order. */
export type BoundsTuple = [number, number, number, number];

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export function isLocalizedName(value: unknown): value is LocalizedName {
  const name = value as LocalizedName | null;
  return typeof name === 'object' && name !== null && typeof name.zh === 'string' && name.zh.trim() !== '' && typeof name.en === 'string' && name.en.trim() !== '';
}

export function isLatLng(value: unknown): value is LatLngTuple {
  if (!Array.isArray(value) || value.length !== 2 || !value.every(isFiniteNumber)) return false;
  const [lat, lng] = value as LatLngTuple;
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
}

export function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

export function isZoom(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 19;
}

export function isBounds(value: unknown): value is BoundsTuple {
  if (!Array.isArray(value) || value.length !== 4 || !value.every(isFiniteNumber)) return false;
  const [west, south, east, north] = value as BoundsTuple;
  return west >= -180 && east <= 180 && south >= -90 && north <= 90 && west < east && south < north;
}

/** Defaults are the demo city's, so that a fresh install shows a sensible map before an admin sets its own. */
export const SETTINGS = {
  'city.name': define<LocalizedName>({ zh: '文明市', en: 'Wenming City' }, isLocalizedName),
  'city.center': define<LatLngTuple>([28.2, 113.0], isLatLng),
  'city.zoom': define<number>(12, isZoom),
  'city.bounds': define<BoundsTuple>([112.92, 28.12, 113.08, 28.28], isBounds),
  /** A ballot is flagged when its address has cast this many ballots in one burst window of a round. */
  'nominations.flag.burstBallots': define<number>(20, isPositiveInteger),
  'nominations.flag.burstWindowMinutes': define<number>(10, isPositiveInteger),
  /** A ballot is flagged when its account was created less than this many hours before it voted. */
  'nominations.flag.newAccountHours': define<number>(24, isPositiveInteger),
};

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K] extends SettingDefinition<infer T> ? T : never;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
