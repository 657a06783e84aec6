/**
 * Demo volunteering (demo mode only, once): three teams led by the demo leader and others, projects
 * around the city with shifts over the next two weeks (one full, with a waitlist), past shifts with
 * approved hours, and a certificate whose code WENM-2026-CERT-0001 can be checked on /volunteer/verify.
 * Written in a few batched inserts so that first start stays fast.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  areas,
  users,
  volunteerCertificates,
  volunteerHours,
  volunteerProjects,
  volunteers,
  volunteerShifts,
  volunteerSignups,
  volunteerTeamMembers,
  volunteerTeams,
  type ProjectType,
} from '../../../../db/schema';
import { resolvePoint } from '../city/resolve';
import { idNumberCheckCharacter, maskIdNumber } from './idnumber';
import { encryptIdNumber, hashIdNumber, volunteerKeys } from './secrets';
import { cityDay, startOfCityDay } from '../time';

// Crockford base32 (no I, L, O, U), so it prints exactly as documented.
export const DEMO_CERTIFICATE_CODE = 'WENM2026CERT0001';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const GIVEN = ['秀英', '建国', '海燕', '志强', '丽娟', '明', '静', '伟', '芳', '磊', '婷', '军', '洋', '霞', '杰'];

const HOUR = 3600_000;
const DAY = 24 * HOUR;

function demoIdNumber(n: number): string {
  const birth = new Date(Date.UTC(1965, 0, 1) + n * 397 * DAY).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `430102${birth}${String(100 + n).slice(-3)}`;
  return first17 + idNumberCheckCharacter(first17);
}

/** Midnight today in China, plus days and hours. */
function at(days: number, hours: number, now: Date): Date {
  const chinaMidnight = startOfCityDay(cityDay(now))!.getTime();
  return new Date(chinaMidnight + days * DAY + hours * HOUR);
}

const PROJECTS: { title: string; type: ProjectType; address: string; team: number; community: number; description: string }[] = [
  { title: '五一路口文明交通劝导', type: 'traffic', address: '五一大道与芙蓉路交叉口', team: 0, community: 0, description: '劝导行人和非机动车遵守信号灯、不闯红灯，礼让斑马线。' },
  { title: '火车站学雷锋志愿服务站', type: 'leifeng_station', address: '文明市火车站东广场', team: 1, community: 8, description: '为旅客提供问路指引、行李帮扶、爱心药箱等服务。' },
  { title: '湘江风光带环境清洁', type: 'cleanup', address: '湘江风光带滨江段', team: 2, community: 20, description: '捡拾垃圾、清理小广告，保持风光带整洁。' },
  { title: '农贸市场文明劝导', type: 'civility', address: '清水塘农贸市场', team: 1, community: 14, description: '劝导占道经营、乱扔垃圾，宣传文明城市创建。' },
  { title: '空巢老人关爱帮扶', type: 'care', address: '幸福社区居家养老服务中心', team: 0, community: 1, description: '陪伴聊天、代买代办、健康提醒。' },
  { title: '城市马拉松赛会服务', type: 'event', address: '市民广场', team: 2, community: 24, description: '补给站服务、赛道秩序维护、观众引导。' },
];

export async function seedDemoVolunteers(db: Db, now = new Date()): Promise<void> {
  const [existing] = await db.select({ id: volunteerTeams.id }).from(volunteerTeams).limit(1);
  if (existing) return;
  const named = await db
    .select({ id: users.id, username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(inArray(users.username, ['volunteer', 'leader']));
  const demoVolunteer = named.find((u) => u.username === 'volunteer');
  const demoLeader = named.find((u) => u.username === 'leader');
  const communities = await db
    .select({ id: areas.id, minLng: areas.minLng, maxLng: areas.maxLng, minLat: areas.minLat, maxLat: areas.maxLat })
    .from(areas)
    .where(eq(areas.level, 'community'))
    .orderBy(asc(areas.code));
  if (!demoVolunteer || !demoLeader || communities.length === 0) return;
  const keys = volunteerKeys();

  // Project places (resolved outside the transaction: reads only).
  const places = await Promise.all(
    PROJECTS.map(async (project) => {
      const c = communities[project.community % communities.length]!;
      const point = { lat: (c.minLat + c.maxLat) / 2, lng: (c.minLng + c.maxLng) / 2 };
      return { ...point, resolved: await resolvePoint(db, point) };
    }),
  );

  await db.transaction(async (tx) => {
    const extra = await tx
      .insert(users)
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          username: `demo-volunteer-${String(i + 1).padStart(2, '0')}`,
          phone: `1380001${String(i + 1).padStart(4, '0')}`,
          displayName: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
          passwordHash: demoVolunteer.passwordHash,
          role: 'volunteer' as const,
          phoneVerifiedAt: now,
        })),
      )
      .returning({ id: users.id, displayName: users.displayName });
    const people = [
      { userId: demoVolunteer.id, realName: '王志愿' },
      { userId: demoLeader.id, realName: '张队长' },
      ...extra.map((u) => ({ userId: u.id, realName: u.displayName })),
    ];
    const rows = await tx
      .insert(volunteers)
      .values(
        people.map((person, i) => {
          const idNumber = demoIdNumber(i);
          return {
            ...person,
            idNumberCipher: encryptIdNumber(keys, idNumber),
            idNumberHash: hashIdNumber(keys, idNumber),
            idNumberMasked: maskIdNumber(idNumber),
            phone: `1380002${String(i).padStart(4, '0')}`,
            communityId: communities[(i * 5) % communities.length]!.id,
            skills: i % 3 === 0 ? ['first_aid', 'traffic'] : i % 3 === 1 ? ['elderly_care'] : ['english'],
            availability: ['weekend'],
            createdAt: new Date(now.getTime() - (200 - i) * DAY),
          };
        }),
      )
      .returning({ id: volunteers.id });
    const ids = rows.map((row) => row.id);
    const [me, leader] = ids as [number, number];

    const teams = await tx
      .insert(volunteerTeams)
      .values([
        { name: '文华区文明交通志愿服务队', organization: '文华区志愿服务联合会', description: '路口文明交通劝导和赛会服务。' },
        { name: '学雷锋志愿服务队', organization: '文明市学雷锋志愿服务中心', description: '志愿服务站和市场文明劝导。' },
        { name: '南湖环境志愿服务队', organization: '南湖区志愿服务联合会', description: '环境清洁和大型活动服务。' },
      ])
      .returning({ id: volunteerTeams.id });
    await tx
      .insert(volunteerTeamMembers)
      .values([
        { teamId: teams[0]!.id, volunteerId: leader, role: 'leader' as const },
        { teamId: teams[1]!.id, volunteerId: leader, role: 'leader' as const },
        { teamId: teams[2]!.id, volunteerId: ids[2]!, role: 'leader' as const },
        { teamId: teams[0]!.id, volunteerId: me, role: 'member' as const },
        ...ids.slice(3).map((id, i) => ({ teamId: teams[i % 3]!.id, volunteerId: id, role: 'member' as const })),
      ]);

    const projects = await tx
      .insert(volunteerProjects)
      .values(
        PROJECTS.map((project, i) => ({
          teamId: teams[project.team]!.id,
          title: project.title,
          type: project.type,
          description: project.description,
          address: project.address,
          lat: places[i]!.lat,
          lng: places[i]!.lng,
          communityId: places[i]!.resolved?.community.id ?? null,
          districtId: places[i]!.resolved?.district.id ?? null,
        })),
      )
      .returning({ id: volunteerProjects.id });

    // Upcoming shifts: each project every other day for two weeks, mornings or afternoons.
    type Seat = { volunteerId: number; status: 'confirmed' | 'waitlisted'; position: number | null };
    const upcoming: { projectId: number; startsAt: Date; endsAt: Date; capacity: number; seats: Seat[] }[] = [];
    projects.forEach((project, p) => {
      for (let day = 1 + (p % 2); day <= 14; day += 2) {
        const startHour = p % 2 === 0 ? 8 : 14;
        upcoming.push({ projectId: project.id, startsAt: at(day, startHour, now), endsAt: at(day, startHour + 2.5, now), capacity: 6 + ((p + day) % 7), seats: [] });
      }
    });
    // The first shift of the traffic project: the demo volunteer is signed up (the leader's QR demo).
    upcoming[0]!.seats.push({ volunteerId: me, status: 'confirmed', position: null });
    // The first market shift is full, with three on the waitlist.
    const full = upcoming.find((shift) => shift.projectId === projects[3]!.id)!;
    full.capacity = 5;
    full.seats = ids
      .slice(3, 11)
      .map((volunteerId, i) => (i < 5 ? { volunteerId, status: 'confirmed' as const, position: null } : { volunteerId, status: 'waitlisted' as const, position: i - 4 }));
    upcoming.forEach((shift, i) => {
      if (shift.seats.length === 0 && i % 3 === 1)
        shift.seats = ids.slice(11 + (i % 10), 13 + (i % 10)).map((volunteerId) => ({ volunteerId, status: 'confirmed' as const, position: null }));
    });

    // Past shifts, attended and approved.
    const past = [-45, -30, -20, -10, -3].map((day, i) => ({
      projectId: projects[i % projects.length]!.id,
      startsAt: at(day, 8, now),
      endsAt: at(day, 11, now),
      capacity: 8,
      settledAt: at(day, 12, now),
    }));
    const insertedUpcoming = await tx
      .insert(volunteerShifts)
      .values(
        upcoming.map(({ seats, ...shift }) => ({
          ...shift,
          confirmedCount: seats.filter((s) => s.status === 'confirmed').length,
          waitlistCount: seats.filter((s) => s.status === 'waitlisted').length,
        })),
      )
      .returning({ id: volunteerShifts.id });
    const insertedPast = await tx
      .insert(volunteerShifts)
      .values(past.map((shift) => ({ ...shift, confirmedCount: 4 })))
      .returning({ id: volunteerShifts.id });
    const attendees = (i: number) => [me, ...ids.slice(3 + i * 2, 6 + i * 2)];
    await tx.insert(volunteerSignups).values([
      ...upcoming.flatMap((shift, i) =>
        shift.seats.map((seat) => ({ shiftId: insertedUpcoming[i]!.id, ...seat, signedUpAt: new Date(now.getTime() - (10 - (seat.volunteerId % 5)) * HOUR) })),
      ),
      ...past.flatMap((shift, i) =>
        attendees(i).map((volunteerId) => ({
          shiftId: insertedPast[i]!.id,
          volunteerId,
          status: 'confirmed' as const,
          signedUpAt: new Date(shift.startsAt.getTime() - 3 * DAY),
          checkedInAt: new Date(shift.startsAt.getTime() - 5 * 60_000),
          checkInMethod: 'qr' as const,
          checkInDistanceM: 40 + (volunteerId % 80),
          checkedOutAt: new Date(shift.endsAt.getTime() + 3 * 60_000),
          checkOutMethod: 'qr' as const,
        })),
      ),
    ]);
    const day = (date: Date) => cityDay(date);
    const backfill = (volunteerId: number, projectId: number, hours: number, firstDay: number) =>
      Array.from({ length: Math.ceil(hours / 5) }, (_, n) => {
        const minutes = Math.min(5, hours - n * 5) * 60;
        const startsAt = at(firstDay + n, 9, now);
        return {
          volunteerId,
          projectId,
          source: 'manual' as const,
          servedOn: day(startsAt),
          startsAt,
          endsAt: new Date(startsAt.getTime() + minutes * 60_000),
          minutes,
          approvedMinutes: minutes,
          status: 'approved' as const,
          reason: '平台上线前的服务时长补录',
          createdBy: demoLeader.id,
          approvedBy: demoLeader.id,
          approvedAt: at(-60, 10, now),
        };
      });
    await tx.insert(volunteerHours).values([
      ...past.flatMap((shift, i) =>
        attendees(i).map((volunteerId) => ({
          volunteerId,
          projectId: shift.projectId,
          shiftId: insertedPast[i]!.id,
          source: 'system' as const,
          servedOn: day(shift.startsAt),
          minutes: 180,
          approvedMinutes: 180,
          status: 'approved' as const,
          approvedBy: demoLeader.id,
          approvedAt: shift.settledAt,
        })),
      ),
      // Hours served before the portal existed, entered by the leader: a plausible day each (at most 5 h, 09:00-14:00).
      ...backfill(me, projects[0]!.id, 100, -99),
      ...ids.slice(3, 15).flatMap((volunteerId, i) => backfill(volunteerId, projects[i % projects.length]!.id, 10 + i * 9, -160 + i)),
    ]);
    const myMinutes = 100 * 60 + past.length * 180;
    const fromDay = day(at(-100, 0, now));
    const toDay = day(at(-1, 0, now));
    await tx.insert(volunteerCertificates).values({
      volunteerId: me,
      number: `ZM-${now.getFullYear()}-000001`,
      verificationCode: DEMO_CERTIFICATE_CODE,
      periodFrom: fromDay,
      periodTo: toDay,
      totalMinutes: myMinutes,
      projects: [
        { title: PROJECTS[0]!.title, minutes: 100 * 60 + 180 * past.filter((_, i) => i % projects.length === 0).length },
        ...PROJECTS.slice(1, past.length).map((project) => ({ title: project.title, minutes: 180 })),
      ],
      issuer: '文明市志愿服务联合会',
      realName: '王志愿',
      idNumberMasked: maskIdNumber(demoIdNumber(0)),
      volunteerNumber: `WMV${String(me).padStart(7, '0')}`,
      issuedBy: demoVolunteer.id,
      issuedAt: at(-1, 10, now),
    });
  });
}
