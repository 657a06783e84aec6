import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { seedBase, seedDemo } from '../../src/lib/server/seed';
import { volunteerShifts, volunteerSignups, volunteers } from '../../db/schema';
import { listShifts, verifyCertificate } from '../../src/lib/server/volunteers';
import { createTestDatabase, testDriver } from '../support/db';

/** The demo's clock: its shifts, hours and certificate are dated around this instant. */
const NOW = new Date('2026-06-15T02:00:00Z');

describe(`demo volunteering on ${testDriver}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedBase(database.db);
    await seedDemo(database.db, NOW);
  }, 120_000);
  afterAll(async () => database?.close());

  it('has shifts over the next two weeks, one full with a gapless waitlist, and a certificate to verify', async () => {
    const shifts = await listShifts(database.db, {}, NOW);
    expect(shifts.length).toBeGreaterThan(20);
    expect(shifts.at(-1)!.startsAt.getTime() - NOW.getTime()).toBeLessThan(15 * 24 * 3600_000);
    const full = shifts.find((shift) => shift.confirmedCount === shift.capacity && shift.waitlistCount > 0)!;
    const waitlist = await database.db.select({ position: volunteerSignups.position }).from(volunteerSignups).where(eq(volunteerSignups.shiftId, full.id));
    expect(waitlist.flatMap((row) => (row.position ? [row.position] : [])).sort()).toEqual([1, 2, 3]);
    expect(await verifyCertificate(database.db, 'WENM-2026-CERT-0001')).toMatchObject({ maskedName: '王*愿', totalHours: 115, valid: true });
  });

  it('seeds once', async () => {
    const before = (await database.db.select({ n: count() }).from(volunteers))[0]!.n;
    await seedDemo(database.db, NOW);
    expect((await database.db.select({ n: count() }).from(volunteers))[0]!.n).toBe(before);
    expect((await database.db.select({ n: count() }).from(volunteerShifts))[0]!.n).toBeGreaterThan(0);
  });
});
