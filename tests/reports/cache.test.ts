import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { cachedForOneSecond } from '../../src/lib/server/reports/cache';

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
});
