/**
 * resolvePoint on the embedded database with the demo city, at random points of the city's bounds
 * (seeded, so every run asks the same questions). Vitest 5 benches are the `bench` fixture of a test.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../db/client';
import { seedDemoCity } from '../../src/lib/server/city/seed';
import { resolvePoint } from '../../src/lib/server/city';
import { getSetting } from '../../src/lib/server/settings';

const POINTS = 1024;
let database: Database;
let points: { lat: number; lng: number }[];

beforeAll(async () => {
  database = await openDatabase({});
  await migrateDatabase(database);
  await seedDemoCity(database.db);
  const [west, south, east, north] = await getSetting(database.db, 'city.bounds');
  let state = 7;
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
  points = Array.from({ length: POINTS }, () => ({ lng: west + random() * (east - west), lat: south + random() * (north - south) }));
});
afterAll(async () => database?.close());

test('resolvePoint on PGlite with the demo city', async ({ bench }) => {
  let next = 0;
  let found = 0;
  await bench('resolvePoint (PGlite, demo city)', async () => {
    if (await resolvePoint(database.db, points[next++ % POINTS]!)) found++;
  }).run();
  // Timings are printed, never asserted (see vitest.bench.config.ts); this only proves the points hit the city.
  expect(found).toBeGreaterThan(0);
});
