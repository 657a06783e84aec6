/**
 * Hours added by hand stay plausible, on both drivers: a span of one past day that overlaps no other
 * recorded hours of the person and keeps the day within 24 hours; above the setting's threshold they
 * wait for a second approver; and parallel additions cannot pass the checks together.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { volunteerHours, volunteerTeamMembers } from '../../db/schema';
import type { Actor } from '../../src/lib/server/auth/permissions';
import { setSetting } from '../../src/lib/server/settings';
import { addManualHours, getVolunteerRecord, pendingManualHours, reviewHours } from '../../src/lib/server/volunteers';
import { createTestDatabase, testDriver } from '../support/db';
import { createVolunteers, prepareProject } from './fixtures';

describe(`hand-added volunteer hours on ${testDriver}`, () => {
  let database: Database;
  let projectId: number;
  let teamId: number;
  let communityId: number;
  let leader: Actor;
  let admin: Actor;
  const now = new Date('2026-12-04T20:00:00+08:00');

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareProject(database.db);
    ({ projectId, teamId, communityId } = prepared);
    leader = { id: prepared.leader.userId, role: 'team_leader', departmentId: null, gridCellId: null };
    admin = { ...prepared.admin, departmentId: null, gridCellId: null };
  }, 60_000);
  afterAll(async () => database?.close());

  async function member(prefix: string, offset: number) {
    const [v] = await createVolunteers(database.db, 1, communityId, prefix, offset);
    await database.db.insert(volunteerTeamMembers).values({ teamId, volunteerId: v!.id, role: 'member' });
    return v!;
  }
  const add = (volunteerId: number, servedOn: string, from: string, to: string, actor = leader) =>
    addManualHours(database.db, actor, { volunteerId, projectId, servedOn, from, to, reason: '补录' }, undefined, now);

  it('refuses a fifth 24-hour day on one date, overlaps with other recorded hours, and spans not yet over', async () => {
    const v = await member('plausible', 100);
    expect(await add(v.id, '2026-12-01', '00:00', '24:00', admin)).toMatchObject({ ok: true, status: 'pending' });
    // The same day again (the defect: 4 × 24 h on one date, counted at once).
    expect(await add(v.id, '2026-12-01', '00:00', '24:00', admin)).toMatchObject({ ok: false, fields: { from: 'volunteers.hours.error.overlap' } });
    expect(await add(v.id, '2026-12-02', '08:00', '12:00')).toMatchObject({ ok: true, status: 'approved' });
    expect(await add(v.id, '2026-12-02', '11:30', '13:00')).toMatchObject({ ok: false, fields: { from: 'volunteers.hours.error.overlap' } });
    expect((await add(v.id, '2026-12-02', '12:00', '13:00')).ok).toBe(true);
    // Overlap with check-in hours (system rows carry their span too).
    await database.db.insert(volunteerHours).values({
      volunteerId: v.id,
      projectId,
      source: 'system',
      servedOn: '2026-12-03',
      startsAt: new Date('2026-12-03T09:00:00+08:00'),
      endsAt: new Date('2026-12-03T11:00:00+08:00'),
      minutes: 120,
    });
    expect(await add(v.id, '2026-12-03', '10:00', '10:30')).toMatchObject({ ok: false, fields: { from: 'volunteers.hours.error.overlap' } });
    // A rejected record no longer takes the time.
    const [system] = await database.db.select({ id: volunteerHours.id }).from(volunteerHours).where(eq(volunteerHours.servedOn, '2026-12-03'));
    expect((await reviewHours(database.db, leader, system!.id, { decision: 'reject', reason: '未到岗' })).ok).toBe(true);
    expect((await add(v.id, '2026-12-03', '10:00', '10:30')).ok).toBe(true);
    expect(await add(v.id, '2026-12-04', '19:00', '21:00')).toMatchObject({ ok: false, fields: { to: 'volunteers.hours.error.future' } });
    expect(await add(v.id, '2026-12-04', '10:00', '09:00')).toMatchObject({ ok: false, fields: { to: 'volunteers.hours.error.order' } });
    expect(await add(v.id, '2026-12-04', '9:00', '10:00')).toMatchObject({ ok: false, fields: { from: 'volunteers.hours.error.time' } });
  });

  it('keeps a day within 24 hours with rows recorded before spans were kept', async () => {
    const v = await member('daytotal', 200);
    await database.db
      .insert(volunteerHours)
      .values({ volunteerId: v.id, projectId, source: 'manual', servedOn: '2026-11-20', minutes: 23 * 60, approvedMinutes: 23 * 60, status: 'approved' });
    expect(await add(v.id, '2026-11-20', '08:00', '10:00')).toMatchObject({
      ok: false,
      fields: { minutes: 'volunteers.hours.error.dayTotal' },
      params: { hours: '23', left: '1' },
    });
    expect((await add(v.id, '2026-11-20', '08:00', '09:00')).ok).toBe(true);
  });

  it('holds back hours above the threshold until a second leader or an admin approves them, never the one who added them', async () => {
    const v = await member('second', 300);
    await setSetting(database.db, 'volunteers.manualHours.secondApprovalMinutes', 4 * 60);
    const small = await add(v.id, '2026-11-10', '08:00', '12:00');
    expect(small).toMatchObject({ ok: true, status: 'approved' });
    const large = await add(v.id, '2026-11-11', '08:00', '18:00');
    expect(large).toMatchObject({ ok: true, status: 'pending' });
    // Not counted yet.
    expect((await getVolunteerRecord(database.db, v.id)).manualMinutes).toBe(4 * 60);
    expect((await pendingManualHours(database.db, teamId)).map((row) => row.id)).toContain(large.ok && large.id);
    expect(await reviewHours(database.db, leader, large.ok ? large.id : -1, { decision: 'approve' })).toMatchObject({ ok: false, code: 'second_approver' });
    expect((await reviewHours(database.db, admin, large.ok ? large.id : -1, { decision: 'approve' })).ok).toBe(true);
    expect((await getVolunteerRecord(database.db, v.id)).manualMinutes).toBe(14 * 60);
    // Approving more than the span is refused.
    const another = await add(v.id, '2026-11-12', '08:00', '17:00');
    expect(await reviewHours(database.db, admin, another.ok ? another.id : -1, { decision: 'approve', minutes: 10 * 60, reason: '加班' })).toMatchObject({
      ok: false,
      fields: { minutes: 'volunteers.hours.error.span' },
    });
    await setSetting(database.db, 'volunteers.manualHours.secondApprovalMinutes', 8 * 60);
  });

  it('lets only one of several parallel additions of overlapping hours through', async () => {
    const v = await member('parallel', 400);
    const results = await Promise.all(Array.from({ length: 6 }, () => add(v.id, '2026-11-05', '00:00', '24:00', admin)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const rows = await database.db.select({ minutes: volunteerHours.minutes }).from(volunteerHours).where(eq(volunteerHours.volunteerId, v.id));
    expect(rows).toEqual([{ minutes: 24 * 60 }]);
  });
});
