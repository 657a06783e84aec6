/**
 * A per-process cache of one second for reads that may be a second stale on public pages
 * (categories, the holiday calendar, the city overview, map clusters): under load every request
 * would otherwise read the same rows again. An entry is read again in the background once it is
 * half a second old, so that a busy page rarely waits for it. The house rule: several instances
 * share one database, so nothing that must be current is cached here, and writers never read
 * through it.
 * Keyed by the database handle, so that tests with a database each never share entries.
 */
import type { Db } from '../../../db/client';

const TTL_MS = 1000;
/**
 * From this age on, the first request that finds an entry starts reading it again in the background
 * and is answered from the entry as it is (still under a second old); the fresh read replaces it when
 * it lands. Under load no request then waits for the read: each second, everything a page caches
 * would otherwise expire and the requests arriving then would all wait for the database together.
 */
const REFRESH_AFTER_MS = 500;
/** Above this many keys for one database, expired entries are dropped (map views make many keys). */
const PRUNE_ABOVE = 1000;

interface Entry {
  /** When its read began: it is served until a second after that. */
  at: number;
  generation: number;
  value: Promise<unknown>;
  /** The background read begun after REFRESH_AFTER_MS, until it lands. */
  next?: Entry | undefined;
}

const entries = new WeakMap<object, Map<string, Entry>>();
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
  if (hit && hit.generation === generation) {
    const age = now - hit.at;
    if (age < TTL_MS) {
      if (age >= REFRESH_AFTER_MS && !hit.next) refresh(cache, key, hit, load, now);
      return hit.value as Promise<T>;
    }
    // Expired while its background read is still out: that read, begun under a second ago, is the answer.
    if (hit.next && now - hit.next.at < TTL_MS) {
      cache.set(key, hit.next);
      return hit.next.value as Promise<T>;
    }
  }
  if (cache.size >= PRUNE_ABOVE) {
    for (const [oldKey, entry] of cache) if (now - entry.at >= TTL_MS) cache.delete(oldKey);
    // All fresh: a burst of distinct keys; start over rather than grow without bound.
    if (cache.size >= PRUNE_ABOVE) cache.clear();
  }
  const value = load();
  const entry: Entry = { at: now, generation, value };
  cache.set(key, entry);
  // A failed read is not kept.
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}

/** Reads `key` again behind `current`, which it replaces when it lands (a failed read is let go: the next request tries again). */
function refresh(cache: Map<string, Entry>, key: string, current: Entry, load: () => Promise<unknown>, now: number): void {
  let value: Promise<unknown>;
  try {
    value = load();
  } catch {
    // The request is answered from the entry all the same; the next one tries again.
    return;
  }
  const next: Entry = { at: now, generation, value };
  current.next = next;
  value.then(
    () => {
      if (cache.get(key) === current) cache.set(key, next);
      if (current.next === next) current.next = undefined;
    },
    () => {
      if (current.next === next) current.next = undefined;
      if (cache.get(key) === next) cache.delete(key);
    },
  );
}

/** How many keys are cached for a database; for tests. */
export function cachedKeyCount(db: Db): number {
  return entries.get(db)?.size ?? 0;
}
