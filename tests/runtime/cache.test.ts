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
    expect(await cachedForOneSecond(db, 'k', load, 1_499)).toBe(1);
    expect(await cachedForOneSecond(other, 'k', load, 1_499)).toBe(2);
    expect(await cachedForOneSecond(db, 'k', load, 2_000)).toBe(3);
  });

  it('reads again in the background from half a second on, and never serves a read begun over a second ago', async () => {
    const db = {} as Db;
    let reads = 0;
    const pending: ((value: number) => void)[] = [];
    // Each read lands when the test says so.
    const load = () => new Promise<number>((resolve) => pending.push(() => resolve(++reads)));
    const first = cachedForOneSecond(db, 'k', load, 0);
    pending.shift()!(0);
    expect(await first).toBe(1);
    // Half a second old: answered at once from the entry, and one read begins behind it.
    expect(await cachedForOneSecond(db, 'k', load, 600)).toBe(1);
    expect(await cachedForOneSecond(db, 'k', load, 700)).toBe(1);
    expect(pending).toHaveLength(1);
    // The entry is a second old and its read (begun at 600) is still out: that read is the answer.
    const waiting = cachedForOneSecond(db, 'k', load, 1_000);
    pending.shift()!(0);
    expect(await waiting).toBe(2);
    // It landed: served as it is, and half a second after 600 read again behind it.
    expect(await cachedForOneSecond(db, 'k', load, 1_050)).toBe(2);
    expect(pending).toHaveLength(0);
    expect(await cachedForOneSecond(db, 'k', load, 1_150)).toBe(2);
    expect(pending).toHaveLength(1);
    pending.shift()!(0);
    await new Promise((resolve) => setImmediate(resolve));
    // Past a second after 600: the read begun at 1,150 answers, with nothing to wait for.
    expect(await cachedForOneSecond(db, 'k', load, 1_700)).toBe(3);
    expect(pending).toHaveLength(1);
  });

  it('lets a failed background read go, and the next request tries again', async () => {
    const db = {} as Db;
    expect(await cachedForOneSecond(db, 'k', async () => 'old', 0)).toBe('old');
    expect(await cachedForOneSecond(db, 'k', () => Promise.reject(new Error('down')), 600)).toBe('old');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cachedForOneSecond(db, 'k', async () => 'new', 700)).toBe('old');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cachedForOneSecond(db, 'k', async () => 'newer', 800)).toBe('new');
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
