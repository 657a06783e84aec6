/**
 * Sign-ups on the embedded database: each iteration is one volunteer's first sign-up (row locks,
 * overlap check, counters), to one shared 100-seat shift (so most land on its waitlist) or spread
 * over 100 shifts. PGlite runs one statement at a time, so this is the per-sign-up cost; the HTTP
 * bench in scripts/bench.mjs shows it under 50 concurrent connections.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../db/client';
import { volunteerSignups } from '../../db/schema';
import { signUp } from '../../src/lib/server/volunteers';
import { addShift, createCity, createTeamWithProject, createUsers, createVolunteers } from '../volunteers/fixtures';

const DAY = 86_400_000;
let database: Database;
let users: number[];
let oneShift: number;
let manyShifts: number[];
const start = Date.now() + 30 * DAY;

beforeAll(async () => {
  database = await openDatabase({});
  await migrateDatabase(database);
  const { community } = await createCity(database.db);
  const pool = await createVolunteers(database.db, 3000, community, 'bench');
  users = pool.map((v) => v.userId);
  const { projectId } = await createTeamWithProject(database.db, pool[0]!.id, community);
  const admin = (await createUsers(database.db, 1, 'bench-admin', 'admin'))[0] as { id: number; role: 'admin' };
  oneShift = await addShift(database.db, admin, projectId, new Date(start), 2, 100);
  manyShifts = [];
  for (let i = 0; i < 100; i++) manyShifts.push(await addShift(database.db, admin, projectId, new Date(start + (i + 1) * DAY), 2, 20));
}, 300_000);
afterAll(async () => database?.close());

test('signUp on PGlite', async ({ bench }) => {
  const now = new Date(start - DAY);
  let next = 0;
  await bench('signUp, one 100-seat shift (mostly waitlist)', async () => {
    const result = await signUp(database.db, users[next++]!, oneShift, now);
    if (!result.ok) throw new Error(result.code);
  }).run();
  await bench('signUp, spread over 100 shifts', async () => {
    const i = next++;
    const result = await signUp(database.db, users[i]!, manyShifts[i % 100]!, now);
    if (!result.ok) throw new Error(result.code);
  }).run();
  expect((await database.db.select().from(volunteerSignups)).length).toBe(next);
});
