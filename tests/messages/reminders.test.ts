import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/client';
import { contactEmails, jobs, notifications, outboxMessages } from '../../db/schema';
import { claimJobs, runClaimedJob, runDueJobs, syncSchedules, tickSchedules } from '../../src/lib/server/jobs';
import '../../src/lib/server/jobs/catalog';
import { signUp } from '../../src/lib/server/volunteers';
import { sendShiftReminders } from '../../src/lib/server/volunteers/reminders';
import { createTestDatabase, secondInstance, testDriver } from '../support/db';
import { addShift, createVolunteers, HOUR, prepareProject } from '../volunteers/fixtures';

describe(`shift reminders on ${testDriver}`, () => {
  let database: Database;
  let db: Db;
  let other: Database | undefined;
  let otherDb: Db;
  let userIds: number[];
  // 10:00 China time.
  const t0 = new Date('2026-12-04T02:00:00Z');
  let shiftId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    other = await secondInstance(database);
    otherDb = other.db;
    const { communityId, projectId, admin } = await prepareProject(db);
    const people = await createVolunteers(db, 3, communityId, 'remind');
    userIds = people.map((person) => person.userId);
    await db.insert(contactEmails).values(userIds.map((userId, i) => ({ userId, email: `v${i}@example.test` })));
    shiftId = await addShift(db, admin, projectId, new Date(t0.getTime() + 26 * HOUR), 3, 10);
    for (const userId of userIds) expect(await signUp(db, userId, shiftId, new Date(t0.getTime() - HOUR))).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await other?.close();
    await database?.close();
  });

  const reminders = (window: string) =>
    db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'shift.reminder'), eq(notifications.messageKey, `notification.shift.reminder.${window}`)));

  it('confirms each sign-up to its volunteer', async () => {
    const confirmations = await db.select().from(notifications).where(eq(notifications.kind, 'shift.signup'));
    expect(confirmations.map((row) => row.userId).sort()).toEqual([...userIds].sort());
    expect(confirmations.every((row) => row.messageKey === 'notification.shift.signup.confirmed')).toBe(true);
  });

  it('sends no reminder before the shift is 24 hours away', async () => {
    expect(await sendShiftReminders(db, t0)).toBe(0);
  });

  it('sends the 24-hour reminder once when two instances run the scheduler at the same time', async () => {
    await db.delete(jobs);
    await syncSchedules(db, t0);
    // 2.5 hours later the shift is 23.5 hours away; both instances tick and run jobs at once, twice.
    const at = new Date(t0.getTime() + 2.5 * HOUR);
    for (let round = 0; round < 2; round++) {
      await Promise.all([runDueJobs(db, { workerId: 'one', now: at }), runDueJobs(otherDb, { workerId: 'two', now: at })]);
      await Promise.all([runDueJobs(db, { workerId: 'one', now: at }), runDueJobs(otherDb, { workerId: 'two', now: at })]);
    }
    const sent = await reminders('24h');
    expect(sent.map((row) => row.userId).sort()).toEqual([...userIds].sort());
    const mails = await db.select().from(outboxMessages).where(like(outboxMessages.dedupeKey, 'shift.reminder:24h:%'));
    expect(mails).toHaveLength(3);
    expect(new Set(mails.map((mail) => mail.recipient)).size).toBe(3);
  });

  it('loses no reminder and sends none twice when the instance running the job dies midway', async () => {
    // 2 hours before: the 2 h reminders are due. Instance "dead" claims the check and gets one
    // reminder out before it dies (its work is the first sign-up's once-only notice).
    const at = new Date(t0.getTime() + 24.5 * HOUR);
    await tickSchedules(db, at);
    const claimed = (await claimJobs(db, { workerId: 'dead', now: at })).filter((job) => job.name === 'volunteers.shift-reminders');
    expect(claimed).toHaveLength(1);
    const { notify } = await import('../../src/lib/server/notifications');
    await notify(
      db,
      [userIds[0]!],
      {
        kind: 'shift.reminder',
        messageKey: 'notification.shift.reminder.2h',
        params: { title: 'x', startsAt: at.toISOString() },
        dedupeKey: `shift.reminder:2h:${await firstSignup()}`,
      },
      at,
    );
    // …and never finishes. Another instance takes the job once the lease is over.
    await runDueJobs(otherDb, { workerId: 'alive', now: new Date(at.getTime() + 60_000) });
    expect((await db.select().from(jobs).where(eq(jobs.id, claimed[0]!.id)))[0]).toMatchObject({ status: 'running', lockedBy: 'dead' });
    expect(await reminders('2h')).toHaveLength(1);
    const later = new Date(at.getTime() + 6 * 60_000);
    while ((await runDueJobs(otherDb, { workerId: 'alive', now: later })) > 0);
    const sent = await reminders('2h');
    expect(sent.map((row) => row.userId).sort()).toEqual([...userIds].sort());
    const mails = await db.select().from(outboxMessages).where(like(outboxMessages.dedupeKey, 'shift.reminder:2h:%'));
    expect(mails).toHaveLength(3);
    const [job] = await db.select().from(jobs).where(eq(jobs.id, claimed[0]!.id));
    expect(job).toMatchObject({ status: 'done', lockedBy: null });
    // The dead instance wakes up late and tries to finish: its claim is gone, nothing changes.
    expect(await runClaimedJob(db, claimed[0]!, { workerId: 'dead', now: later })).toBe('done');
    expect(await reminders('2h')).toHaveLength(3);
  });

  async function firstSignup(): Promise<number> {
    const { volunteerSignups, volunteers } = await import('../../db/schema');
    const [row] = await db
      .select({ id: volunteerSignups.id })
      .from(volunteerSignups)
      .innerJoin(volunteers, eq(volunteers.id, volunteerSignups.volunteerId))
      .where(and(eq(volunteerSignups.shiftId, shiftId), eq(volunteers.userId, userIds[0]!)));
    return row!.id;
  }
});
