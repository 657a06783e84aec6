/**
 * A per-process cache of one second for reads that may be a second stale on public pages
 * (categories, departments, the holiday calendar and ticket thresholds): under load every request
 * would otherwise read the same few rows again. Keyed by the database handle, so that tests with a
 * database each never share entries. Writers never read through it.
 */
import type { Db } from '../../../../db/client';

const TTL_MS = 1000;
const entries = new WeakMap<object, Map<string, { at: number; value: Promise<unknown> }>>();

export function cachedForOneSecond<T>(db: Db, key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  let cache = entries.get(db);
  if (!cache) entries.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: now, value });
  // A failed read is not kept.
  value.catch(() => cache.delete(key));
  return value;
}
