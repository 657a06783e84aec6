import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog, notifications, users, volunteerHours, volunteers, volunteerSignups } from '../../db/schema';
import { translator } from '../../src/i18n';
import { can } from '../../src/lib/server/permissions';
import {
  addManualHours,
  ageFromIdNumber,
  certificateRequestTeams,
  buildCalendar,
  checkInByHand,
  checkInWithToken,
  clampedMinutes,
  createCheckInTicket,
  createCheckInToken,
  decryptIdNumber,
  foldLine,
  idNumberProblem,
  issueRequestedCertificate,
  requestCertificate,
  revokeCertificate,
  registerVolunteer,
  reviewHours,
  revealIdNumber,
  settleEndedShifts,
  signUp,
  starLevel,
  verifyCertificate,
  verifyCheckInToken,
} from '../../src/lib/server/volunteers';
import { createTestDatabase, testDriver } from '../support/db';
import { addShift, createUsers, createVolunteers, HOUR, keys, prepareProject, validIdNumber, NOW } from './fixtures';

describe('resident ID numbers', () => {
  it('accepts a number whose check character and birth date are right, and names what is wrong otherwise', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('110105194912310021')).toBe('checksum');
    expect(idNumberProblem('110105194902300021')).toBe('birthDate');
    expect(idNumberProblem('110105299912310021')).toBe('birthDate');
    expect(idNumberProblem('1101051949123100')).toBe('format');
    expect(idNumberProblem(validIdNumber(42))).toBeNull();
  });
});

describe('check-in codes', () => {
  const now = new Date('2026-11-23T08:00:10Z');
  it('accept the current and the previous 30-second window and refuse an older or tampered code', () => {
    const code = createCheckInToken(keys, 7, 'in', now);
    expect(verifyCheckInToken(keys, code, now)).toEqual({ ok: true, shiftId: 7, mode: 'in' });
    expect(verifyCheckInToken(keys, code, new Date(now.getTime() + 30_000))).toMatchObject({ ok: true });
    expect(verifyCheckInToken(keys, code, new Date(now.getTime() + 60_000))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyCheckInToken(keys, code.replace('.in.', '.out.'), now)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyCheckInToken({ ...keys, secret: 'another' }, code, now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('issue a ten-minute ticket for the login detour', () => {
    const ticket = createCheckInTicket(keys, 7, 'out', now);
    expect(verifyCheckInToken(keys, ticket, new Date(now.getTime() + 9 * 60_000))).toEqual({ ok: true, shiftId: 7, mode: 'out' });
    expect(verifyCheckInToken(keys, ticket, new Date(now.getTime() + 11 * 60_000))).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('iCalendar text', () => {
  it('uses CRLF, escapes text, writes UTC times and folds long lines at 75 octets without splitting a character', () => {
    const text = buildCalendar(
      [
        {
          uid: 'shift-1-signup-2@example.org',
          startsAt: new Date('2026-12-01T01:30:00Z'),
          endsAt: new Date('2026-12-01T04:00:00Z'),
          summary: '文明交通劝导; 路口, 第一班',
          description: 'line one\nline two',
          location: '五一大道\\芙蓉路口',
        },
      ],
      { name: 'Test', now: new Date('2026-11-23T00:00:00Z') },
    );
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('DTSTART:20261201T013000Z\r\n');
    expect(unfolded).toContain('SUMMARY:文明交通劝导\\; 路口\\, 第一班\r\n');
    expect(unfolded).toContain('DESCRIPTION:line one\\nline two\r\n');
    expect(unfolded).toContain('LOCATION:五一大道\\\\芙蓉路口\r\n');
    expect(unfolded).toContain('UID:shift-1-signup-2@example.org');
    expect(
      foldLine('字'.repeat(40))
        .split('\r\n ')
        .every((part) => Buffer.byteLength(part) <= 75),
    ).toBe(true);
  });
});

describe(`volunteer records on ${testDriver}`, () => {
  let database: Database;
  let communityId: number;
  let projectId: number;
  let admin: { id: number; role: 'admin' };
  let leaderUserId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareProject(database.db);
    ({ communityId, projectId, admin } = prepared);
    leaderUserId = prepared.leader.userId;
  }, 60_000);
  afterAll(async () => database?.close());

  it('registers a resident with the ID number encrypted, masked and unique, and makes them a volunteer (audited)', async () => {
    const [resident, other] = await createUsers(database.db, 2, 'register');
    const idNumber = '11010519491231002X';
    const input = {
      realName: '王小明',
      idNumber: '11010519491231002x',
      phone: '13812345678',
      communityId,
      skills: ['first_aid'],
      availability: ['weekend'],
      idNumberConsent: true,
    };
    const bad = await registerVolunteer(database.db, { ...resident!, departmentId: null, gridCellId: null }, { ...input, idNumber: '110105194912310021' }, keys);
    expect(bad).toMatchObject({ ok: false, code: 'invalid', fields: { idNumber: 'volunteers.register.error.id.checksum' } });
    const result = await registerVolunteer(database.db, { ...resident!, departmentId: null, gridCellId: null }, input, keys);
    expect(result).toMatchObject({ ok: true, volunteer: { volunteerNumber: expect.stringMatching(/^WMV\d{7}$/) } });
    const [row] = await database.db.select().from(volunteers).where(eq(volunteers.userId, resident!.id));
    expect(row!.idNumberMasked).toBe('1101**********002X');
    expect(row!.idNumberCipher).not.toContain(idNumber);
    expect(decryptIdNumber(keys, row!.idNumberCipher)).toBe(idNumber);
    const [account] = await database.db.select({ role: users.role }).from(users).where(eq(users.id, resident!.id));
    expect(account!.role).toBe('volunteer');
    const audits = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorId, resident!.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['user.role.change', 'volunteer.register']);
    // One volunteer per ID number.
    const again = await registerVolunteer(database.db, { ...other!, departmentId: null, gridCellId: null }, input, keys);
    expect(again).toMatchObject({ ok: false, code: 'id_taken' });
    // Only through revealIdNumber, which is audited.
    expect(await revealIdNumber(database.db, { ...admin, departmentId: null, gridCellId: null }, row!.id, keys)).toBe(idNumber);
    const [reveal] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'volunteer.id_number.reveal'), eq(auditLog.targetId, String(row!.id))));
    expect(reveal).toBeTruthy();
  });

  it('checks in by a fresh code with the distance, refuses an old code, and clamps hours to the shift', async () => {
    const startsAt = new Date(NOW.getTime() + 3 * 24 * HOUR);
    const shiftId = await addShift(database.db, admin, projectId, startsAt, 2, 5);
    const [v, far] = await createVolunteers(database.db, 2, communityId, 'onsite', 7000);
    await signUp(database.db, v!.userId, shiftId, new Date(startsAt.getTime() - 24 * HOUR));
    await signUp(database.db, far!.userId, shiftId, new Date(startsAt.getTime() - 24 * HOUR));
    const early = new Date(startsAt.getTime() - 20 * 60_000);
    const old = createCheckInToken(keys, shiftId, 'in', new Date(early.getTime() - 61_000));
    expect(await checkInWithToken(database.db, keys, v!.userId, old, null, early)).toMatchObject({ ok: false, code: 'expired_code' });
    const code = createCheckInToken(keys, shiftId, 'in', early);
    const near = await checkInWithToken(database.db, keys, v!.userId, code, { lat: 28.2005, lng: 113.0 }, early);
    expect(near).toMatchObject({ ok: true, mode: 'in', already: false, flagged: false, distanceM: 56 });
    const away = await checkInWithToken(database.db, keys, far!.userId, code, { lat: 28.21, lng: 113.0 }, early);
    expect(away).toMatchObject({ ok: true, flagged: true, distanceM: 1112 });
    expect(await checkInWithToken(database.db, keys, v!.userId, code, null, early)).toMatchObject({ ok: true, already: true });
    // Checked out after the end: the 20 minutes early and the 30 late are not counted.
    const late = new Date(startsAt.getTime() + 2.5 * HOUR);
    const out = await checkInWithToken(database.db, keys, v!.userId, createCheckInToken(keys, shiftId, 'out', late), null, late);
    expect(out).toMatchObject({ ok: true, mode: 'out', minutes: 120 });
    expect(
      clampedMinutes({ startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR) }, new Date(startsAt.getTime() + 15 * 60_000), new Date(startsAt.getTime() + 75 * 60_000)),
    ).toBe(60);

    // The other forgot to check out: settling gives hours until the end, marked; nothing is approved yet.
    await settleEndedShifts(database.db, new Date(startsAt.getTime() + 2.1 * HOUR));
    const hours = await database.db.select().from(volunteerHours).where(eq(volunteerHours.shiftId, shiftId));
    expect(hours.map((h) => ({ v: h.volunteerId, minutes: h.minutes, noCheckOut: h.noCheckOut, status: h.status })).sort((a, b) => a.v - b.v)).toEqual([
      { v: v!.id, minutes: 120, noCheckOut: false, status: 'pending' },
      { v: far!.id, minutes: 120, noCheckOut: true, status: 'pending' },
    ]);

    // Adjusting needs a reason; approval is audited; hand-added hours are kept apart.
    const farHours = hours.find((h) => h.volunteerId === far!.id)!;
    const actor = { ...admin, departmentId: null, gridCellId: null };
    expect(await reviewHours(database.db, actor, farHours.id, { decision: 'approve', minutes: 90 })).toMatchObject({
      ok: false,
      fields: { reason: 'volunteers.hours.error.reason' },
    });
    expect((await reviewHours(database.db, actor, farHours.id, { decision: 'approve', minutes: 90, reason: '提前离开' })).ok).toBe(true);
    const [approved] = await database.db.select().from(volunteerHours).where(eq(volunteerHours.id, farHours.id));
    expect(approved).toMatchObject({ status: 'approved', minutes: 120, approvedMinutes: 90, reason: '提前离开' });
    expect(await addManualHours(database.db, actor, { volunteerId: far!.id, projectId, servedOn: '2026-01-05', from: '09:00', to: '10:00', reason: '补录' })).toMatchObject({
      ok: false,
      fields: { volunteerId: 'volunteers.hours.error.member' },
    });
  });

  it('marks confirmed volunteers who never came as no-shows and pauses sign-ups after the second within 60 days', async () => {
    const [v] = await createVolunteers(database.db, 1, communityId, 'absent', 8000);
    const base = NOW.getTime() + 10 * 24 * HOUR;
    const first = await addShift(database.db, admin, projectId, new Date(base), 1, 5);
    const second = await addShift(database.db, admin, projectId, new Date(base + 5 * 24 * HOUR), 1, 5);
    const third = await addShift(database.db, admin, projectId, new Date(base + 20 * 24 * HOUR), 1, 5);
    await signUp(database.db, v!.userId, first, new Date(base - HOUR * 24));
    await signUp(database.db, v!.userId, second, new Date(base - HOUR * 24));
    await settleEndedShifts(database.db, new Date(base + 2 * HOUR));
    const [afterOne] = await database.db.select().from(volunteers).where(eq(volunteers.id, v!.id));
    expect(afterOne!.pausedUntil).toBeNull();
    const secondEnd = new Date(base + 5 * 24 * HOUR + 2 * HOUR);
    await settleEndedShifts(database.db, secondEnd);
    const statuses = await database.db.select({ status: volunteerSignups.status }).from(volunteerSignups).where(eq(volunteerSignups.volunteerId, v!.id));
    expect(statuses.map((s) => s.status)).toEqual(['no_show', 'no_show']);
    const [paused] = await database.db.select().from(volunteers).where(eq(volunteers.id, v!.id));
    expect(paused!.pausedUntil!.getTime()).toBe(secondEnd.getTime() + 30 * 24 * HOUR);
    expect(await signUp(database.db, v!.userId, third, new Date(secondEnd.getTime() + HOUR))).toMatchObject({ ok: false, code: 'paused' });
  });

  it('issues a certificate at once when every record in the period is decided, whose code anyone can verify, showing only the masked name and hours', async () => {
    const [v] = await createVolunteers(database.db, 1, communityId, 'cert', 8500);
    const shiftId = await addShift(database.db, admin, projectId, new Date(NOW.getTime() + 40 * 24 * HOUR), 2, 5);
    await database.db.update(volunteers).set({ realName: '李文明' }).where(eq(volunteers.id, v!.id));
    await database.db.insert(volunteerHours).values([
      { volunteerId: v!.id, projectId, shiftId, source: 'system', servedOn: '2026-03-01', minutes: 150, approvedMinutes: 150, status: 'approved' },
      { volunteerId: v!.id, projectId, source: 'manual', servedOn: '2026-04-01', minutes: 90, approvedMinutes: 90, status: 'approved', reason: '补录' },
      { volunteerId: v!.id, projectId, source: 'manual', servedOn: '2026-04-02', minutes: 600, status: 'rejected', reason: '无记录' },
    ]);
    const actor = { id: v!.userId, role: 'volunteer' as const, departmentId: null, gridCellId: null };
    expect(await requestCertificate(database.db, actor, { periodFrom: '2026-05-01', periodTo: '2026-06-01' })).toMatchObject({ ok: false, code: 'no_hours' });
    const issued = await requestCertificate(database.db, actor, { periodFrom: '2026-01-01', periodTo: '2026-12-31' });
    expect(issued).toMatchObject({ ok: true, status: 'issued', certificate: { number: expect.stringMatching(/^ZM-\d{4}-\d{6}$/) } });
    const certificate = (await database.db.query.volunteerCertificates.findFirst({ where: (c, { eq: is }) => is(c.volunteerId, v!.id) }))!;
    // Issued by the system in the name of the organization in the settings.
    expect(certificate).toMatchObject({ issuer: '文明市志愿服务联合会', issuedBy: null, totalMinutes: 240 });
    expect(certificate.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    const shown = await verifyCertificate(database.db, certificate.verificationCode.toLowerCase().replace(/(.{4})/g, '$1-'));
    expect(shown).toEqual({
      number: expect.any(String),
      maskedName: '李*明',
      totalHours: 4,
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
      issuedOn: expect.any(String),
      valid: true,
    });
    expect(await verifyCertificate(database.db, 'ABCD-EFGH-JKMN-PQRS')).toBeNull();
    expect(starLevel(99 * 60)).toBe(0);
    expect(starLevel(100 * 60)).toBe(1);
    expect(starLevel(1500 * 60)).toBe(5);

    // An admin revokes it (audited); the public check then says it is revoked.
    const adminActor = { ...admin, departmentId: null, gridCellId: null };
    expect(await revokeCertificate(database.db, adminActor, certificate.id, { reason: '' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await revokeCertificate(database.db, adminActor, certificate.id, { reason: '时长记录有误' }, 'req-revoke')).toEqual({ ok: true });
    expect(await verifyCertificate(database.db, certificate.verificationCode)).toMatchObject({ valid: false });
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'volunteer.certificate.revoke'), eq(auditLog.targetId, String(certificate.id))));
    expect(entry).toMatchObject({ actorId: admin.id, requestId: 'req-revoke' });
    expect(await revokeCertificate(database.db, adminActor, certificate.id, { reason: '再次' })).toMatchObject({ ok: false, code: 'already_revoked' });
  });

  it('leaves a request with hours still pending to a leader of the team, who issues it in the name of the team’s organization', async () => {
    const [v] = await createVolunteers(database.db, 1, communityId, 'certreq', 8600);
    await database.db.insert(volunteerHours).values([
      { volunteerId: v!.id, projectId, source: 'manual', servedOn: '2025-03-01', minutes: 120, approvedMinutes: 120, status: 'approved', reason: '补录' },
      { volunteerId: v!.id, projectId, source: 'manual', servedOn: '2025-03-02', minutes: 60, status: 'pending' },
    ]);
    const actor = { id: v!.userId, role: 'volunteer' as const, departmentId: null, gridCellId: null };
    const requested = await requestCertificate(database.db, actor, { periodFrom: '2025-01-01', periodTo: '2025-12-31' });
    expect(requested).toMatchObject({ ok: true, status: 'requested', pending: 1 });
    const requestId = requested.ok && requested.status === 'requested' ? requested.request.id : 0;
    const covering = (await certificateRequestTeams(database.db, requestId))!;
    expect(can(actor, 'volunteers.certificate.issue', covering)).toBe(false);
    expect(can({ ...admin, departmentId: null, gridCellId: null }, 'volunteers.certificate.issue', covering)).toBe(true);
    expect(covering.leaderUserIds).toEqual([leaderUserId]);
    const leader = { id: leaderUserId, role: 'volunteer' as const, departmentId: null, gridCellId: null };
    expect(can(leader, 'volunteers.certificate.issue', covering)).toBe(true);
    const issued = await issueRequestedCertificate(database.db, leader, requestId, 'zh-CN', 'req-issue');
    expect(issued).toMatchObject({ ok: true });
    const certificate = (await database.db.query.volunteerCertificates.findFirst({ where: (c, { eq: is }) => is(c.volunteerId, v!.id) }))!;
    // Only approved hours count; the organization that recorded them issues it.
    expect(certificate).toMatchObject({ issuer: '测试组织', issuedBy: leaderUserId, totalMinutes: 120 });
    expect(await issueRequestedCertificate(database.db, leader, requestId)).toMatchObject({ ok: false, code: 'already_issued' });
    const notes = await database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, v!.userId), eq(notifications.kind, 'certificate.issued')));
    expect(notes).toHaveLength(1);
  });

  it('lets a leader reject recorded hours with a reason, audited, and they then count for nothing', async () => {
    const [v] = await createVolunteers(database.db, 1, communityId, 'reject', 8700);
    const [record] = await database.db.insert(volunteerHours).values({ volunteerId: v!.id, projectId, source: 'system', servedOn: '2026-02-01', minutes: 180 }).returning();
    const leader = { id: leaderUserId, role: 'volunteer' as const, departmentId: null, gridCellId: null };
    expect(await reviewHours(database.db, leader, record!.id, { decision: 'reject' })).toMatchObject({ ok: false, fields: { reason: 'volunteers.hours.error.reason' } });
    expect(await reviewHours(database.db, leader, record!.id, { decision: 'reject', reason: '当天未到岗' }, 'req-reject')).toEqual({ ok: true });
    const [after] = await database.db.select().from(volunteerHours).where(eq(volunteerHours.id, record!.id));
    expect(after).toMatchObject({ status: 'rejected', approvedMinutes: null, reason: '当天未到岗', approvedBy: leaderUserId });
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'volunteer.hours.reject'), eq(auditLog.targetId, String(record!.id))));
    expect(entry).toMatchObject({ actorId: leaderUserId, requestId: 'req-reject' });
  });

  it('refuses to register someone younger than the minimum age by the birth date in their ID number', async () => {
    const [young, old] = await createUsers(database.db, 2, 'age');
    const now = new Date('2026-06-15T12:00:00+08:00');
    const input = { realName: '张少年', phone: '13812345679', communityId, skills: [], availability: [], idNumberConsent: true };
    // Sixteen tomorrow: refused today, with the age named in both languages.
    const tooYoung = await registerVolunteer(
      database.db,
      { ...young!, departmentId: null, gridCellId: null },
      { ...input, idNumber: validIdNumber(1, new Date(Date.UTC(2010, 5, 15))) },
      keys,
      undefined,
      now,
    );
    expect(tooYoung).toMatchObject({ ok: false, code: 'invalid', fields: { idNumber: 'volunteers.register.error.id.tooYoung' }, params: { age: 16 } });
    expect(translator('zh-CN')('volunteers.register.error.id.tooYoung', { age: 16 })).toContain('年满 16 周岁');
    expect(translator('en')('volunteers.register.error.id.tooYoung', { age: 16 })).toContain('at least 16');
    // Sixteen today: accepted.
    const sixteen = await registerVolunteer(
      database.db,
      { ...old!, departmentId: null, gridCellId: null },
      { ...input, realName: '张青年', idNumber: validIdNumber(0, new Date(Date.UTC(2010, 5, 15))) },
      keys,
      undefined,
      now,
    );
    expect(sixteen).toMatchObject({ ok: true });
    expect(ageFromIdNumber(validIdNumber(0, new Date(Date.UTC(2010, 5, 15))), now)).toBe(16);
  });

  it('lets a leader check a volunteer in by hand, audited', async () => {
    const startsAt = new Date(NOW.getTime() + 2 * HOUR);
    const shiftId = await addShift(database.db, admin, projectId, startsAt, 2, 5);
    const [v] = await createVolunteers(database.db, 1, communityId, 'byhand', 8800);
    await signUp(database.db, v!.userId, shiftId, new Date(startsAt.getTime() - HOUR));
    const actor = { ...admin, departmentId: null, gridCellId: null };
    expect(await checkInByHand(database.db, actor, shiftId, v!.id, 'in', 'req-1', startsAt)).toMatchObject({ ok: true, already: false });
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'volunteer.checkin.manual'), eq(auditLog.targetId, String(shiftId))));
    expect(entry).toMatchObject({ actorId: admin.id, requestId: 'req-1' });
  });
});
