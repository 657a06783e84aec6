/**
 * A per-process cache of one second for reads that may be a second stale on public pages
 * (categories, the holiday calendar, the city overview, map clusters): under load every request
 * would otherwise read the same rows again. The house rule: several instances share one database,
 * so nothing that must be current is cached here, and writers never read through it.
 * Keyed by the database handle, so that tests with a database each never share entries.
 */
import type { Db } from '../../../db/client';

const TTL_MS = 1000;
/** Above this many keys for one database, expired entries are dropped (map views make many keys). */
const PRUNE_ABOVE = 1000;
const entries = new WeakMap<object, Map<string, { at: number; generation: number; value: Promise<unknown> }>>();
/** Bumped by forgetCachedReads: entries of an older generation are not served. */
let generation = 0;

/**
 * A write answered by this process (the launcher calls this as it starts and as it ends): no read
 * cached before it is served again, so that whoever wrote sees it at once. Other instances catch up
 * within the second.
 */
export function forgetCachedReads(): void {
  generation++;
}

export function cachedForOneSecond<T>(db: Db, key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  let cache = entries.get(db);
  if (!cache) entries.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS && hit.generation === generation) return hit.value as Promise<T>;
  if (cache.size >= PRUNE_ABOVE) {
    for (const [oldKey, entry] of cache) if (now - entry.at >= TTL_MS) cache.delete(oldKey);
    // All fresh: a burst of distinct keys; start over rather than grow without bound.
    if (cache.size >= PRUNE_ABOVE) cache.clear();
  }
  const value = load();
  const entry = { at: now, generation, value };
  cache.set(key, entry);
  // A failed read is not kept.
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}

/** How many keys are cached for a database; for tests. */
export function cachedKeyCount(db: Db): number {
  return entries.get(db)?.size ?? 0;
}
