import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { cachedForOneSecond, cachedKeyCount, forgetCachedReads } from '../../src/lib/server/cache';

describe('the one-second cache', () => {
  it('answers from memory within a second, reads again after it, and keeps databases apart', async () => {
    const db = {} as Db;
    const other = {} as Db;
    let reads = 0;
    const load = async () => ++reads;
    expect(await cachedForOneSecond(db, 'k', load, 1_000)).toBe(1);
    expect(await cachedForOneSecond(db, 'k', load, 1_999)).toBe(1);
    expect(await cachedForOneSecond(other, 'k', load, 1_999)).toBe(2);
    expect(await cachedForOneSecond(db, 'k', load, 2_000)).toBe(3);
  });

  it('does not keep a failed read', async () => {
    const db = {} as Db;
    await expect(cachedForOneSecond(db, 'k', () => Promise.reject(new Error('down')), 0)).rejects.toThrow('down');
    expect(await cachedForOneSecond(db, 'k', async () => 'up', 1)).toBe('up');
  });

  it('drops expired keys when many have piled up, and never holds more than a thousand', async () => {
    const db = {} as Db;
    for (let i = 0; i < 1000; i++) await cachedForOneSecond(db, `old-${i}`, async () => i, 0);
    expect(cachedKeyCount(db)).toBe(1000);
    // A second later the old ones are stale: the next new key sweeps them out.
    await cachedForOneSecond(db, 'new', async () => 'n', 1_000);
    expect(cachedKeyCount(db)).toBe(1);
    // A burst of fresh distinct keys starts over instead of growing.
    for (let i = 0; i < 1500; i++) await cachedForOneSecond(db, `burst-${i}`, async () => i, 1_500);
    expect(cachedKeyCount(db)).toBeLessThanOrEqual(1000);
    expect(await cachedForOneSecond(db, 'burst-1499', async () => -1, 1_600)).toBe(1499);
  });

  it('reads again after a write in this process, whatever the time', async () => {
    const db = {} as Db;
    let reads = 0;
    const load = async () => ++reads;
    expect(await cachedForOneSecond(db, 'k', load, 1_000)).toBe(1);
    forgetCachedReads();
    expect(await cachedForOneSecond(db, 'k', load, 1_001)).toBe(2);
    expect(await cachedForOneSecond(db, 'k', load, 1_002)).toBe(2);
  });
});
