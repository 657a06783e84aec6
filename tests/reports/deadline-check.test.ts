import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { notifications, reportDeadlineEvents, reports } from '../../db/schema';
import { runDeadlineCheck } from '../../src/lib/server/reports/deadline-check';
import { submitReport, transitionReport } from '../../src/lib/server/reports';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, pointInCell, prepareReports, sanitationId } from './fixtures';

describe(`the deadline check on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let id: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    ({ cast, storage } = prepared);
    const point = (await pointInCell(database.db, prepared.cell))!;
    const filed = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode: 'litter', description: '垃圾桶满溢无人清理', photos: [await photo()] },
    );
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    id = filed.report.id;
    expect(await transitionReport(database.db, storage, cast.moderator, id, { to: 'accepted', version: 1 })).toMatchObject({ ok: true });
    expect(await transitionReport(database.db, storage, cast.moderator, id, { to: 'assigned', version: 2, departmentId: await sanitationId(database.db) })).toMatchObject({
      ok: true,
    });
    // The deadline: Friday 2026-12-11 (a working day; the next is Monday the 14th).
    await database.db.update(reports).set({ deadline: '2026-12-11' }).where(eq(reports.id, id));
  });
  afterAll(async () => database?.close());

  const events = async () => (await database.db.select().from(reportDeadlineEvents).where(eq(reportDeadlineEvents.reportId, id))).map((row) => row.kind).sort();
  const noticesOf = (userId: number) =>
    database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), inArray(notifications.kind, ['report.deadline', 'report.ticket'])));

  it('tells the department and the grid worker of a new assignment', async () => {
    for (const person of [cast.staff, cast.grid]) {
      const notes = await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, person.id), eq(notifications.kind, 'report.assigned')));
      expect(notes.map((note) => note.link)).toEqual([`/reports/${id}`]);
    }
    expect(
      await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, cast.otherStaff.id), eq(notifications.kind, 'report.assigned'))),
    ).toEqual([]);
  });

  it('warns the department and the grid worker once, one working day before the deadline', async () => {
    const thursday = new Date('2026-12-10T01:00:00Z'); // 09:00 in China
    await runDeadlineCheck(database.db, thursday);
    await runDeadlineCheck(database.db, new Date(thursday.getTime() + 15 * 60_000));
    expect(await events()).toEqual(['warning']);
    for (const person of [cast.staff, cast.grid]) {
      const notes = await noticesOf(person.id);
      expect(notes.map((note) => note.messageKey)).toEqual(['reports.notice.deadline.warning']);
      expect(notes[0]!.params).toMatchObject({ count: 1, list: `#${id}` });
    }
    expect(await noticesOf(cast.otherStaff.id)).toEqual([]);
    expect(await noticesOf(cast.otherGrid.id)).toEqual([]);
    expect(await noticesOf(cast.moderator.id)).toEqual([]);
  });

  it('records each ticket colour once as the report stays overdue, and tells the office from yellow on', async () => {
    // Monday the 14th: one working day past the deadline, a white ticket.
    await runDeadlineCheck(database.db, new Date('2026-12-14T02:00:00Z'));
    await runDeadlineCheck(database.db, new Date('2026-12-14T05:00:00Z'));
    expect(await events()).toEqual(['warning', 'white']);
    expect(await noticesOf(cast.moderator.id)).toEqual([]);
    // Weeks later: red (the ticket jumps straight there if the check did not run in between).
    await runDeadlineCheck(database.db, new Date('2027-01-20T02:00:00Z'));
    await runDeadlineCheck(database.db, new Date('2027-01-20T02:15:00Z'));
    expect(await events()).toEqual(['red', 'warning', 'white']);
    expect((await noticesOf(cast.moderator.id)).map((note) => note.messageKey)).toEqual(['reports.notice.deadline.red']);
    expect((await noticesOf(cast.staff.id)).map((note) => note.messageKey).sort()).toEqual([
      'reports.notice.deadline.red',
      'reports.notice.deadline.warning',
      'reports.notice.deadline.white',
    ]);
  });

  it('sends the morning digest of open and overdue items once a day to the department and the grid worker', async () => {
    const { sendStaffDigests } = await import('../../src/lib/server/reports/staff-digest');
    const morning = new Date('2027-01-21T00:00:00Z');
    await sendStaffDigests(database.db, morning);
    await sendStaffDigests(database.db, new Date(morning.getTime() + 60_000));
    for (const person of [cast.staff, cast.grid]) {
      const notes = await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, person.id), eq(notifications.kind, 'report.digest')));
      expect(notes).toHaveLength(1);
      expect(notes[0]!.params).toMatchObject({ open: 1, overdue: 1 });
    }
    expect(
      await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, cast.otherStaff.id), eq(notifications.kind, 'report.digest'))),
    ).toEqual([]);
  });

  it('warns again for a new deadline after a reassignment', async () => {
    await database.db.update(reports).set({ deadline: '2027-02-03' }).where(eq(reports.id, id));
    await runDeadlineCheck(database.db, new Date('2027-02-02T02:00:00Z'));
    expect((await events()).filter((kind) => kind === 'warning')).toHaveLength(2);
  });
});
