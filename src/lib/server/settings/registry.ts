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

export function isZoom(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 19;
}

export function isBounds(value: unknown): value is BoundsTuple {
  if (!Array.isArray(value) || value.length !== 4 || !value.every(isFiniteNumber)) return false;
  const [west, south, east, north] = value as BoundsTuple;
  return west >= -180 && east <= 180 && south >= -90 && north <= 90 && west < east && south < north;
}

/** Defaults are the demo city's, so that a fresh install shows a sensible map before an admin sets its own. */
const isCount = (min: number, max: number) => (value: unknown): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

export const SETTINGS = {
  'city.name': define<LocalizedName>({ zh: '文明市', en: 'Wenming City' }, isLocalizedName),
  'city.center': define<LatLngTuple>([28.2, 113.0], isLatLng),
  'city.zoom': define<number>(12, isZoom),
  'city.bounds': define<BoundsTuple>([112.92, 28.12, 113.08, 28.28], isBounds),
  /** Check-ins farther than this from the project's place are flagged for the leader. */
  'volunteers.checkInRadiusMeters': define<number>(300, isCount(10, 100_000)),
  /** This many no-shows within noShowWindowDays pause new sign-ups for noShowPauseDays. */
  'volunteers.noShowLimit': define<number>(2, isCount(1, 100)),
  'volunteers.noShowWindowDays': define<number>(60, isCount(1, 3650)),
  'volunteers.noShowPauseDays': define<number>(30, isCount(1, 3650)),
  /** Registration needs this age, by the birth date in the resident ID number (China time). */
  'volunteers.minimumAge': define<number>(16, isCount(1, 100)),
  /** Named on service certificates (志愿服务记录证明). */
  'volunteers.certificateIssuer': define<LocalizedName>({ zh: '文明市志愿服务联合会', en: 'Wenming City Volunteer Federation' }, isLocalizedName),
};

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K] extends SettingDefinition<infer T> ? T : never;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
