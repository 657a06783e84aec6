/**
 * A per-process memo for data that may be up to a second stale (the house rule: several instances
 * share one database, so nothing that must be current is cached here).
 */
const entries = new Map<string, { expires: number; value: Promise<unknown> }>();

export function cachedFor<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { expires: now + ttlMs, value });
  value.catch(() => entries.delete(key));
  return value;
}
