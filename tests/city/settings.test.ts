import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { settings } from '../../db/schema';
import { getSetting, getSettings, InvalidSettingError, SETTINGS, setSetting, type SettingValue } from '../../src/lib/server/settings';
import { createTestDatabase, testDriver } from '../support/db';
import { createAdmin } from './fixtures';

describe(`run-time settings on ${testDriver}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('returns the default of a setting that was never stored', async () => {
    expect(await getSetting(database.db, 'city.zoom')).toBe(SETTINGS['city.zoom'].defaultValue);
    expect(await getSetting(database.db, 'city.name')).toEqual({ zh: '文明市', en: 'Wenming City' });
  });

  it('hands out copies of defaults, so a caller cannot change them for everyone', async () => {
    const name = await getSetting(database.db, 'city.name');
    name.zh = '改过的名字';
    expect((await getSetting(database.db, 'city.name')).zh).toBe('文明市');
  });

  it('stores a value, records who set it and reads it back at once', async () => {
    const admin = await createAdmin(database.db);
    await setSetting(database.db, 'city.center', [28.19, 112.98], admin.id);
    expect(await getSetting(database.db, 'city.center')).toEqual([28.19, 112.98]);
    const [row] = await database.db.select().from(settings).where(eq(settings.key, 'city.center'));
    expect(row?.updatedBy).toBe(admin.id);
  });

  it('replaces an earlier value', async () => {
    await setSetting(database.db, 'city.zoom', 11);
    await setSetting(database.db, 'city.zoom', 13);
    expect(await getSetting(database.db, 'city.zoom')).toBe(13);
    expect(await database.db.select().from(settings).where(eq(settings.key, 'city.zoom'))).toHaveLength(1);
  });

  it('rejects a value of the wrong shape and keeps the stored one', async () => {
    await setSetting(database.db, 'city.bounds', [112.9, 28.1, 113.1, 28.3]);
    const bad = [113.1, 28.1, 112.9, 28.3] as SettingValue<'city.bounds'>; // west east of east
    await expect(setSetting(database.db, 'city.bounds', bad)).rejects.toBeInstanceOf(InvalidSettingError);
    await expect(setSetting(database.db, 'city.zoom', 40)).rejects.toBeInstanceOf(InvalidSettingError);
    await expect(setSetting(database.db, 'city.name', { zh: '', en: 'Nameless' })).rejects.toBeInstanceOf(InvalidSettingError);
    expect(await getSetting(database.db, 'city.bounds')).toEqual([112.9, 28.1, 113.1, 28.3]);
  });

  it('falls back to the default when a stored value was edited by hand into something invalid', async () => {
    await database.db.insert(settings).values({ key: 'city.name', value: 'just a string' });
    expect(await getSetting(database.db, 'city.name')).toEqual(SETTINGS['city.name'].defaultValue);
  });

  it('reads several settings in one go', async () => {
    const values = await getSettings(database.db, ['city.zoom', 'city.bounds', 'city.name']);
    expect(values).toEqual({ 'city.zoom': 13, 'city.bounds': [112.9, 28.1, 113.1, 28.3], 'city.name': { zh: '文明市', en: 'Wenming City' } });
  });

  it('sees a write made inside a transaction only once it commits', async () => {
    await database.db
      .transaction(async (tx) => {
        await setSetting(tx, 'city.zoom', 15);
        expect(await getSetting(tx, 'city.zoom')).toBe(15);
        tx.rollback();
      })
      .catch(() => {});
    expect(await getSetting(database.db, 'city.zoom')).toBe(13);
  });
});
