/**
 * Run-time settings, one JSON value per key in the settings table, typed by the registry.
 *
 * `getSetting` reads the table every time: several instances share one database, so every read sees
 * the latest write (and reads inside a transaction see that transaction's writes). A page that only
 * shows a setting (a certificate issuer's name) may use `cachedSetting`, at most a second old in
 * another instance and never stale in the one that wrote it.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { settings } from '../../../../db/schema';
import { SETTINGS, type SettingKey, type SettingValue } from './registry';
import { cachedForOneSecond, forgetCachedReads } from '../cache';

export * from './registry';

export class InvalidSettingError extends Error {
  constructor(readonly key: string) {
    super(`Invalid value for setting "${key}"`);
    this.name = 'InvalidSettingError';
  }
}

export function isValidSetting<K extends SettingKey>(key: K, value: unknown): value is SettingValue<K> {
  return SETTINGS[key].isValid(value);
}

/** The stored value if it is valid, else a copy of the default (callers may mutate what they get). */
function valueOrDefault<K extends SettingKey>(key: K, stored: unknown): SettingValue<K> {
  const definition = SETTINGS[key];
  const value = stored !== undefined && definition.isValid(stored) ? stored : definition.defaultValue;
  return structuredClone(value) as SettingValue<K>;
}

export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<SettingValue<K>> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return valueOrDefault(key, row?.value);
}

/** A setting as a page shows it: from the one-second cache of reads (a copy, callers may mutate it). */
export async function cachedSetting<K extends SettingKey>(db: Db, key: K): Promise<SettingValue<K>> {
  return structuredClone(await cachedForOneSecond(db, `setting:${key}`, () => getSetting(db, key)));
}

/** Several settings in one query, e.g. everything a page header needs. */
export async function getSettings<const K extends SettingKey>(db: Db, keys: readonly K[]): Promise<{ [P in K]: SettingValue<P> }> {
  const rows = keys.length
    ? await db
        .select()
        .from(settings)
        .where(inArray(settings.key, [...keys]))
    : [];
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  const values = {} as { [P in K]: SettingValue<P> };
  for (const key of keys) values[key] = valueOrDefault(key, stored.get(key));
  return values;
}

/** Stores a setting; throws InvalidSettingError for a value the registry rejects. */
export async function setSetting<K extends SettingKey>(db: Db, key: K, value: SettingValue<K>, actorId?: number | null): Promise<void> {
  if (!isValidSetting(key, value)) throw new InvalidSettingError(key);
  await db
    .insert(settings)
    .values({ key, value, updatedBy: actorId ?? null })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, updatedBy: actorId ?? null, updatedAt: sql`now()` },
    });
  // Reads cached for a second (thresholds, say) see the change at once in this process.
  forgetCachedReads();
}
