import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog, notifications, volunteerProjects, volunteers, volunteerShifts, volunteerSignups } from '../../db/schema';
import { translator } from '../../src/i18n';
import { formatNoticeParams } from '../../src/lib/server/notifications';
import { can } from '../../src/lib/server/permissions';
import { cancelShift, cancelSignup, createProject, settleEndedShifts, settleVolunteer, signUp, teamRef, updateProject, updateShift } from '../../src/lib/server/volunteers';
import { createTestDatabase, testDriver } from '../support/db';
import { addShift, createVolunteers, HOUR, prepareProject, NOW } from './fixtures';

describe('times in notifications', () => {
  it('shows an ISO timestamp in a param named *At in the reader’s language and China time, and leaves other params alone', () => {
    const params = { title: '路口劝导', startsAt: '2026-11-30T00:30:00.000Z', count: 3, note: '2026-11-30T00:30:00.000Z' };
    const zh = formatNoticeParams(params, 'zh-CN');
    expect(zh.startsAt).toMatch(/11月30日.*08:30/);
    expect(zh).toMatchObject({ title: '路口劝导', count: 3, note: '2026-11-30T00:30:00.000Z' });
    expect(formatNoticeParams(params, 'en').startsAt).toMatch(/Nov 30.*08:30/);
    expect(translator('zh-CN')('notification.shift.promoted', zh)).not.toContain('T00:30');
  });
});

describe(`leaders managing projects and shifts on ${testDriver}`, () => {
  let database: Database;
  let communityId: number;
  let teamId: number;
  let projectId: number;
  let leader: { id: number; role: 'volunteer'; departmentId: null; gridCellId: null };
  let admin: { id: number; role: 'admin' };
  const start = new Date(NOW.getTime() + 7 * 24 * HOUR);
  const before = new Date(start.getTime() - 24 * HOUR);

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareProject(database.db);
    ({ communityId, teamId, projectId, admin } = prepared);
    leader = { id: prepared.leader.userId, role: 'volunteer', departmentId: null, gridCellId: null };
  }, 60_000);
  afterAll(async () => database?.close());

  it('lets only the team’s leaders and admins manage its projects and shifts', async () => {
    const team = (await teamRef(database.db, teamId))!;
    const [member] = await createVolunteers(database.db, 1, communityId, 'member', 5000);
    expect(can(leader, 'volunteers.team.manage', team)).toBe(true);
    expect(can({ ...admin, departmentId: null, gridCellId: null }, 'volunteers.team.manage', team)).toBe(true);
    expect(can({ id: member!.userId, role: 'volunteer', departmentId: null, gridCellId: null }, 'volunteers.team.manage', team)).toBe(false);
    expect(can(null, 'volunteers.team.manage', team)).toBe(false);
    expect(can(leader, 'volunteers.certificate.revoke')).toBe(false);
    expect(can({ ...admin, departmentId: null, gridCellId: null }, 'volunteers.certificate.revoke')).toBe(true);
  });

  it('creates a project at a point on the map or, without one, in the middle of a community, and edits it (audited)', async () => {
    const base = { teamId, title: '  雷锋驿站  ', type: 'leifeng_station' as const, description: '每周六上午', address: '人民路 1 号' };
    const onMap = await createProject(database.db, leader, { ...base, lat: 28.21, lng: 113.01 }, 'req-p1');
    expect(onMap).toMatchObject({ ok: true });
    const id = onMap.ok ? onMap.project.id : 0;
    const [row] = await database.db.select().from(volunteerProjects).where(eq(volunteerProjects.id, id));
    expect(row).toMatchObject({ title: '雷锋驿站', lat: 28.21, lng: 113.01, communityId });
    const byCommunity = await createProject(database.db, leader, { ...base, lat: null, lng: null, communityId });
    expect(byCommunity).toMatchObject({ ok: true });
    const [middle] = await database.db
      .select()
      .from(volunteerProjects)
      .where(eq(volunteerProjects.id, byCommunity.ok ? byCommunity.project.id : 0));
    expect(middle).toMatchObject({ communityId, lat: expect.closeTo(28.2, 6), lng: expect.closeTo(113.0, 6) });
    expect(await createProject(database.db, leader, { ...base, lat: 40, lng: 116 })).toMatchObject({ ok: false, fields: { place: 'volunteers.project.error.place' } });
    expect(await createProject(database.db, leader, { ...base, title: '', lat: null, lng: null })).toMatchObject({
      ok: false,
      fields: { title: 'volunteers.project.error.title', place: 'volunteers.project.error.place' },
    });

    expect(await updateProject(database.db, leader, id, { ...base, title: '人民路雷锋驿站', type: 'care', lat: 28.22, lng: 113.02 }, 'req-p2')).toEqual({ ok: true });
    const [edited] = await database.db.select().from(volunteerProjects).where(eq(volunteerProjects.id, id));
    expect(edited).toMatchObject({ title: '人民路雷锋驿站', type: 'care', lat: 28.22 });
    const audits = await database.db
      .select({ action: auditLog.action, requestId: auditLog.requestId })
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'volunteer_project'), eq(auditLog.targetId, String(id))));
    expect(audits).toEqual([
      { action: 'volunteer.project.create', requestId: 'req-p1' },
      { action: 'volunteer.project.update', requestId: 'req-p2' },
    ]);
  });

  it('refuses to lower capacity below the confirmed volunteers with the number in the message, and promotes the waitlist when capacity rises', async () => {
    const shiftId = await addShift(database.db, admin, projectId, start, 2, 3);
    const crowd = await createVolunteers(database.db, 5, communityId, 'cap', 1000);
    for (const v of crowd) await signUp(database.db, v.userId, shiftId, before);
    const times = { startsAt: start, endsAt: new Date(start.getTime() + 2 * HOUR) };
    const lowered = await updateShift(database.db, leader, shiftId, { ...times, capacity: 2 }, undefined, before);
    expect(lowered).toMatchObject({ ok: false, code: 'capacity_below_confirmed', params: { confirmed: 3 } });
    expect(translator('zh-CN')(lowered.ok ? '' : lowered.message, lowered.ok ? {} : lowered.params)).toContain('已有 3 人确认报名');
    const [unchanged] = await database.db.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId));
    expect(unchanged).toMatchObject({ capacity: 3, confirmedCount: 3, waitlistCount: 2 });

    // Raising it by one gives position 1 the seat (notified); position 2 moves up to 1.
    const raised = await updateShift(database.db, leader, shiftId, { ...times, capacity: 4, cancelCutoffMinutes: 120 }, 'req-s1', before);
    expect(raised).toEqual({ ok: true, promoted: 1 });
    const rows = await database.db.select().from(volunteerSignups).where(eq(volunteerSignups.shiftId, shiftId));
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(4);
    expect(rows.filter((r) => r.status === 'waitlisted').map((r) => r.position)).toEqual([1]);
    const promoted = rows.find((r) => r.promotedAt)!;
    const promotedUser = crowd.find((v) => v.id === promoted.volunteerId)!;
    const notes = await database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, promotedUser.userId), eq(notifications.kind, 'shift.promoted')));
    expect(notes).toHaveLength(1);
    const [shift] = await database.db.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId));
    expect(shift).toMatchObject({ capacity: 4, confirmedCount: 4, waitlistCount: 1, cancelCutoffMinutes: 120 });
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'volunteer.shift.update'), eq(auditLog.targetId, String(shiftId))));
    expect(entry).toMatchObject({ actorId: leader.id, requestId: 'req-s1' });
  });

  it('defaults the cancellation cut-off to three hours before the start', async () => {
    const shiftId = await addShift(database.db, admin, projectId, new Date(start.getTime() + 30 * HOUR), 2, 3);
    const [shift] = await database.db.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId));
    expect(shift!.cancelCutoffMinutes).toBe(180);
  });

  it('cancels a shift with a reason, cancelling every sign-up and notifying everyone signed up (audited)', async () => {
    const shiftId = await addShift(database.db, admin, projectId, new Date(start.getTime() + 50 * HOUR), 2, 1);
    const [a, b] = await createVolunteers(database.db, 2, communityId, 'off', 2000);
    await signUp(database.db, a!.userId, shiftId, before);
    await signUp(database.db, b!.userId, shiftId, before);
    expect(await cancelShift(database.db, leader, shiftId, { reason: ' ' }, undefined, before)).toMatchObject({ ok: false, code: 'invalid' });
    expect(await cancelShift(database.db, leader, shiftId, { reason: '暴雨预警' }, 'req-c1', before)).toEqual({ ok: true, notified: 2 });
    const rows = await database.db.select().from(volunteerSignups).where(eq(volunteerSignups.shiftId, shiftId));
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    const [shift] = await database.db.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId));
    expect(shift).toMatchObject({ confirmedCount: 0, waitlistCount: 0, cancelReason: '暴雨预警' });
    for (const v of [a!, b!]) {
      const [note] = await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, v.userId), eq(notifications.kind, 'shift.cancelled')));
      expect(note).toMatchObject({ messageKey: 'notification.shift.cancelled', params: { reason: '暴雨预警' } });
    }
    expect(await signUp(database.db, a!.userId, shiftId, before)).toMatchObject({ ok: false, code: 'not_open', message: 'volunteers.signup.error.cancelled' });
    expect(await cancelShift(database.db, leader, shiftId, { reason: '再次' }, undefined, before)).toMatchObject({ ok: false, code: 'cancelled' });
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'volunteer.shift.cancel'), eq(auditLog.targetId, String(shiftId))));
    expect(entry).toMatchObject({ actorId: leader.id, requestId: 'req-c1' });
  });

  it('refuses a new sign-up at once with the localized pause message when the volunteer has two ended shifts they never came to, without any timer', async () => {
    const [v] = await createVolunteers(database.db, 1, communityId, 'absent', 3000);
    const base = NOW.getTime() + 60 * 24 * HOUR;
    const first = await addShift(database.db, admin, projectId, new Date(base), 1, 5);
    const second = await addShift(database.db, admin, projectId, new Date(base + 2 * 24 * HOUR), 1, 5);
    const next = await addShift(database.db, admin, projectId, new Date(base + 10 * 24 * HOUR), 1, 5);
    await signUp(database.db, v!.userId, first, new Date(base - 24 * HOUR));
    await signUp(database.db, v!.userId, second, new Date(base - 24 * HOUR));
    // Both shifts are over and nobody settled them.
    const now = new Date(base + 3 * 24 * HOUR);
    const refused = await signUp(database.db, v!.userId, next, now);
    expect(refused).toMatchObject({ ok: false, code: 'paused' });
    const message = refused.ok ? '' : translator('zh-CN')(refused.message, refused.params);
    expect(message).toMatch(/^由于多次报名后未到岗，您的报名已暂停至 \d{4}-\d{2}-\d{2}$/);
    expect(refused.ok ? '' : translator('en')(refused.message, refused.params)).toMatch(/paused until \d{4}-\d{2}-\d{2}$/);
    const statuses = await database.db.select({ status: volunteerSignups.status }).from(volunteerSignups).where(eq(volunteerSignups.volunteerId, v!.id));
    expect(statuses.map((s) => s.status)).toEqual(['no_show', 'no_show']);
    const [row] = await database.db.select().from(volunteers).where(eq(volunteers.id, v!.id));
    expect(row!.pausedUntil!.getTime()).toBe(now.getTime() + 30 * 24 * HOUR);
    const told = await database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, v!.userId), eq(notifications.kind, 'volunteer.paused')));
    expect(told).toHaveLength(1);
    // The leader pages' settlement later finishes the shifts without a second pause notice.
    await settleEndedShifts(database.db, new Date(now.getTime() + HOUR));
    const [settled] = await database.db.select().from(volunteerShifts).where(eq(volunteerShifts.id, first));
    expect(settled!.settledAt).not.toBeNull();
    expect(
      await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, v!.userId), eq(notifications.kind, 'volunteer.paused'))),
    ).toHaveLength(1);
  });

  it('settles a volunteer’s ended shifts when their record is shown', async () => {
    const [v] = await createVolunteers(database.db, 1, communityId, 'record', 4000);
    const base = NOW.getTime() + 90 * 24 * HOUR;
    const shiftId = await addShift(database.db, admin, projectId, new Date(base), 1, 5);
    await signUp(database.db, v!.userId, shiftId, new Date(base - 24 * HOUR));
    await settleVolunteer(database.db, v!.id, new Date(base + 2 * HOUR));
    const [row] = await database.db.select().from(volunteerSignups).where(eq(volunteerSignups.volunteerId, v!.id));
    expect(row!.status).toBe('no_show');
  });

  it('keeps sign-ups, cancellations and settlement of the same volunteer consistent when they run at once', async () => {
    const crowd = await createVolunteers(database.db, 6, communityId, 'race', 6000);
    const base = NOW.getTime() + 120 * 24 * HOUR;
    const ended = await addShift(database.db, admin, projectId, new Date(base), 1, 10);
    const upcoming = await Promise.all([1, 2, 3].map((d) => addShift(database.db, admin, projectId, new Date(base + d * 24 * HOUR), 1, 3)));
    for (const v of crowd) await signUp(database.db, v.userId, ended, new Date(base - 24 * HOUR));
    const now = new Date(base + 2 * HOUR);
    await Promise.all([
      settleEndedShifts(database.db, now),
      ...crowd.flatMap((v, i) => [
        signUp(database.db, v.userId, upcoming[i % 3]!, now),
        cancelSignup(database.db, v.userId, upcoming[(i + 1) % 3]!, now),
        settleVolunteer(database.db, v.id, now),
      ]),
    ]);
    const rows = await database.db.select().from(volunteerSignups).where(eq(volunteerSignups.shiftId, ended));
    expect(rows.every((r) => r.status === 'no_show')).toBe(true);
    for (const shiftId of upcoming) {
      const [shift] = await database.db.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId));
      const signups = await database.db.select().from(volunteerSignups).where(eq(volunteerSignups.shiftId, shiftId));
      expect(shift!.confirmedCount).toBe(signups.filter((s) => s.status === 'confirmed').length);
      expect(shift!.confirmedCount).toBeLessThanOrEqual(3);
    }
  });
});
