import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { notifications, volunteerShifts, volunteerSignups } from '../../db/schema';
import { cancelSignup, signUp, SIGNUP_TRANSITIONS } from '../../src/lib/server/volunteers';
import { createTestDatabase, testDriver } from '../support/db';
import { addShift, createVolunteers, HOUR, prepareProject, NOW } from './fixtures';

describe(`signing up for shifts on ${testDriver}`, () => {
  let database: Database;
  let communityId: number;
  let projectId: number;
  let admin: { id: number; role: 'admin' };
  const start = new Date(NOW.getTime() + 7 * 24 * HOUR);
  const before = new Date(start.getTime() - 24 * HOUR);

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ communityId, projectId, admin } = await prepareProject(database.db));
  }, 60_000);
  afterAll(async () => database?.close());

  it('confirms exactly 10 of 200 volunteers signing up at the same moment and waitlists the rest at positions 1-190', async () => {
    const shiftId = await addShift(database.db, admin, projectId, start, 3, 10);
    const crowd = await createVolunteers(database.db, 200, communityId, 'crowd');
    const results = await Promise.all(crowd.map((v) => signUp(database.db, v.userId, shiftId, before)));
    expect(results.every((r) => r.ok)).toBe(true);
    const outcomes = results.map((r) => (r.ok ? r : null)!);
    expect(outcomes.filter((r) => r.status === 'confirmed')).toHaveLength(10);
    const positions = outcomes.flatMap((r) => (r.status === 'waitlisted' ? [r.position] : [])).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));

    const rows = await database.db.select().from(volunteerSignups).where(eq(volunteerSignups.shiftId, shiftId));
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(10);
    const stored = rows.flatMap((r) => (r.status === 'waitlisted' ? [r.position!] : [])).sort((a, b) => a - b);
    expect(stored).toEqual(positions);
    const [shift] = await database.db.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId));
    expect(shift).toMatchObject({ confirmedCount: 10, waitlistCount: 190 });

    // A cancellation promotes position 1, who is notified, and the waitlist closes up to 1-189.
    const leaving = crowd.find((_, i) => outcomes[i]!.status === 'confirmed')!;
    const first = crowd[outcomes.findIndex((r) => r.status === 'waitlisted' && r.position === 1)]!;
    expect((await cancelSignup(database.db, leaving.userId, shiftId, before)).ok).toBe(true);
    const after = await database.db.select().from(volunteerSignups).where(eq(volunteerSignups.shiftId, shiftId)).orderBy(asc(volunteerSignups.position));
    expect(after.find((r) => r.volunteerId === first.id)).toMatchObject({ status: 'confirmed', position: null });
    expect(after.filter((r) => r.status === 'confirmed')).toHaveLength(10);
    expect(after.filter((r) => r.status === 'waitlisted').map((r) => r.position)).toEqual(Array.from({ length: 189 }, (_, i) => i + 1));
    const notes = await database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, first.userId), eq(notifications.kind, 'shift.promoted')));
    expect(notes).toHaveLength(1);
  }, 120_000);

  it('answers a repeated sign-up with the seat already held, without a second row', async () => {
    const shiftId = await addShift(database.db, admin, projectId, new Date(start.getTime() + 10 * HOUR), 2, 1);
    const [a, b] = await createVolunteers(database.db, 2, communityId, 'repeat', 3000);
    expect(await signUp(database.db, a!.userId, shiftId, before)).toMatchObject({ ok: true, status: 'confirmed', created: true });
    expect(await signUp(database.db, a!.userId, shiftId, before)).toMatchObject({ ok: true, status: 'confirmed', created: false });
    expect(await signUp(database.db, b!.userId, shiftId, before)).toMatchObject({ ok: true, status: 'waitlisted', position: 1 });
    expect(await signUp(database.db, b!.userId, shiftId, before)).toMatchObject({ ok: true, status: 'waitlisted', position: 1, created: false });
    const [shift] = await database.db.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId));
    expect(shift).toMatchObject({ confirmedCount: 1, waitlistCount: 1 });
  });

  it('refuses a shift that overlaps one the volunteer already holds, even when both are asked for at once', async () => {
    const morning = await addShift(database.db, admin, projectId, new Date(start.getTime() + 30 * HOUR), 3, 5);
    const overlapping = await addShift(database.db, admin, projectId, new Date(start.getTime() + 32 * HOUR), 3, 5);
    const [v] = await createVolunteers(database.db, 1, communityId, 'overlap', 4000);
    const both = await Promise.all([signUp(database.db, v!.userId, morning, before), signUp(database.db, v!.userId, overlapping, before)]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ ok: false, code: 'overlap', message: 'volunteers.signup.error.overlap' });
    // A shift that starts when the held one ends does not overlap it.
    const held = both[0]!.ok ? morning : overlapping;
    const next = await addShift(database.db, admin, projectId, new Date(start.getTime() + (held === morning ? 33 : 35) * HOUR), 2, 5);
    expect((await signUp(database.db, v!.userId, next, before)).ok).toBe(true);
  });

  it('refuses cancelling a confirmed seat after the cut-off (3 hours before the start by default), with the deadline', async () => {
    const startsAt = new Date(start.getTime() + 50 * HOUR);
    const shiftId = await addShift(database.db, admin, projectId, startsAt, 2, 3);
    const [v] = await createVolunteers(database.db, 1, communityId, 'cutoff', 5000);
    await signUp(database.db, v!.userId, shiftId, before);
    const late = await cancelSignup(database.db, v!.userId, shiftId, new Date(startsAt.getTime() - 2 * HOUR));
    expect(late).toMatchObject({ ok: false, code: 'cutoff', message: 'volunteers.cancel.error.cutoff', params: { hours: 3 } });
    expect((await cancelSignup(database.db, v!.userId, shiftId, new Date(startsAt.getTime() - 3 * HOUR - 1))).ok).toBe(true);
  });

  it('refuses sign-ups before they open, after they close, without the required skills, and from non-volunteers', async () => {
    const startsAt = new Date(start.getTime() + 70 * HOUR);
    const opens = new Date(startsAt.getTime() - 48 * HOUR);
    const shiftId = await addShift(database.db, admin, projectId, startsAt, 2, 3, { signupOpensAt: opens, requiredSkills: ['sign_language'] });
    const [v] = await createVolunteers(database.db, 1, communityId, 'window', 6000);
    expect(await signUp(database.db, v!.userId, shiftId, new Date(opens.getTime() - 1))).toMatchObject({ ok: false, code: 'not_open' });
    expect(await signUp(database.db, v!.userId, shiftId, opens)).toMatchObject({ ok: false, code: 'skills' });
    expect(await signUp(database.db, v!.userId, shiftId, startsAt)).toMatchObject({ ok: false, code: 'not_open' });
    expect(await signUp(database.db, admin.id, shiftId, opens)).toMatchObject({ ok: false, code: 'not_volunteer' });
  });

  it('declares every sign-up transition with who makes it', () => {
    expect(Object.keys(SIGNUP_TRANSITIONS).sort()).toEqual(['cancel', 'markNoShow', 'promote', 'signUp']);
  });
});
