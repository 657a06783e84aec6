/**
 * Report data: the campaign's categories and the 2026 holiday calendar on every start (seedBase),
 * and in demo mode a few hundred sample reports in every state across the demo city, some overdue
 * at each ticket colour, some with "after" photos and ratings, plus a demo Open311 key. Bulk inserts,
 * so that seeding takes a moment.
 */
import { asc, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from '../../../../db/client';
import { reportCategories, reportFollowers, reportPhotos, reportRatings, reports, reportTimeline, users, type ReportStatus } from '../../../../db/schema';
import { resolvePoint } from '../city';
import { storePhoto } from '../photos';
import { addWorkingDays, loadCalendar, workingDayBefore } from '../calendar';
import { addDays, cityDay } from '../time';
import { mapCellKey, rebuildMapCells, routeCategory, seedCategories, seedDemoCategoryFields, seedDemoOpen311Key } from '.';
import { getSetting } from '../settings';
import { getStorage } from '../storage';
import { seededRandom } from '../random';

export async function seedReportBase(db: Db): Promise<void> {
  await seedCategories(db);
}

const DEMO_DESCRIPTIONS: Record<string, string[]> = {
  litter: ['小区门口垃圾堆了好几天没人清理，气味很大。', '绿化带里有很多塑料袋和烟头。'],
  parking: ['电动车乱停在人行道上，行人只能走机动车道。', '私家车长期占用消防通道旁的人行道。'],
  'street-vending': ['早上菜贩在路口摆摊，堵住了一半车道。'],
  flyposting: ['电线杆和墙面贴满了小广告，还有人用喷漆写电话号码。'],
  'tactile-paving': ['盲道上停了一排共享单车。'],
  'fire-lane': ['消防通道被杂物堵死，存在安全隐患。'],
  other: ['公交站牌歪了，存在安全隐患。'],
};

/** The mix of states, in that order: [status, how many]. */
const MIX: [ReportStatus, number][] = [
  ['submitted', 40],
  ['accepted', 20],
  ['rejected', 15],
  ['assigned', 55],
  ['in_progress', 45],
  ['returned', 10],
  ['rectified', 30],
  ['closed', 75],
  ['disputed', 10],
];

const PATHS: Record<ReportStatus, ReportStatus[]> = {
  submitted: ['submitted'],
  accepted: ['submitted', 'accepted'],
  rejected: ['submitted', 'rejected'],
  assigned: ['submitted', 'accepted', 'assigned'],
  in_progress: ['submitted', 'accepted', 'assigned', 'in_progress'],
  returned: ['submitted', 'accepted', 'assigned', 'returned'],
  rectified: ['submitted', 'accepted', 'assigned', 'in_progress', 'rectified'],
  closed: ['submitted', 'accepted', 'assigned', 'in_progress', 'rectified', 'closed'],
  disputed: ['submitted', 'accepted', 'assigned', 'in_progress', 'rectified', 'closed', 'disputed'],
  merged: ['submitted', 'merged'],
};

async function demoPhoto(color: { r: number; g: number; b: number }, label: string) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360"><rect width="480" height="360" fill="rgb(${color.r},${color.g},${color.b})"/><text x="24" y="200" font-size="64" fill="white">${label}</text></svg>`;
  const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
  const stored = await storePhoto(getStorage(), bytes, { folder: 'reports', visibility: 'public' });
  if (!stored.ok) throw new Error('demo photo failed');
  return stored.photo;
}

export async function seedDemoReports(db: Db, now: Date = new Date()): Promise<void> {
  await seedDemoOpen311Key(db);
  await seedDemoCategoryFields(db);
  const [existing] = await db.select({ id: reports.id }).from(reports).limit(1);
  if (existing) return;
  const categories = await db.select().from(reportCategories).orderBy(asc(reportCategories.sortOrder));
  const people = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['resident', 'volunteer', 'leader', 'moderator', 'staff']));
  const byName = new Map(people.map((p) => [p.username, p.id]));
  const resident = byName.get('resident') ?? null;
  const moderator = byName.get('moderator') ?? null;
  if (!categories.length || moderator === null) return;
  const calendar = await loadCalendar(db);
  const [west, south, east, north] = await getSetting(db, 'city.bounds');
  const random = seededRandom(20_260_401);
  const today = cityDay(now);
  const before = [await demoPhoto({ r: 140, g: 110, b: 80 }, 'before 1'), await demoPhoto({ r: 120, g: 90, b: 90 }, 'before 2')];
  const after = [await demoPhoto({ r: 60, g: 140, b: 90 }, 'after 1'), await demoPhoto({ r: 70, g: 120, b: 150 }, 'after 2')];

  const rows: (typeof reports.$inferInsert)[] = [];
  const plans: { status: ReportStatus; createdAt: Date; assignedAt: Date | null }[] = [];
  let index = 0;
  for (const [status, howMany] of MIX) {
    for (let n = 0; n < howMany; n++, index++) {
      let areasFound = null;
      let lat = 0;
      let lng = 0;
      while (!areasFound) {
        lat = south + random() * (north - south);
        lng = west + random() * (east - west);
        areasFound = await resolvePoint(db, { lat, lng });
      }
      const category = categories[Math.floor(random() * categories.length)]!;
      const routing = (await routeCategory(db, category.id, areasFound.district.id))!;
      const ageDays = 1 + Math.floor(random() * 40);
      const createdAt = new Date(now.getTime() - ageDays * 86_400_000 - Math.floor(random() * 86_400_000));
      const assigned = PATHS[status].includes('assigned');
      const assignedAt = assigned ? new Date(createdAt.getTime() + 6 * 3_600_000) : null;
      let deadline: string | null = assigned ? addWorkingDays(cityDay(assignedAt!), routing.deadlineDays, calendar) : null;
      // Open work at each ticket colour: a deadline 1-3, 4-7 and 8+ working days ago, and some still due.
      if (status === 'assigned' || status === 'in_progress') {
        const shade = n % 4;
        if (shade === 0) deadline = addWorkingDays(today, 1 + (n % 3), calendar);
        else deadline = addDays(workingDayBefore(today, [0, 2, 5, 10][shade]! + (n % 2), calendar), 0);
        if (shade !== 0) deadline = addDays(deadline, -1);
      }
      const texts = DEMO_DESCRIPTIONS[category.code] ?? [`${category.nameZh}：请相关部门尽快处理。`];
      rows.push({
        categoryId: category.id,
        description: texts[n % texts.length]!,
        status,
        version: PATHS[status].length,
        lat,
        lng,
        mapCell: mapCellKey(lat, lng),
        gridId: areasFound.grid.id,
        communityId: areasFound.community.id,
        subdistrictId: areasFound.subdistrict.id,
        districtId: areasFound.district.id,
        proposedDepartmentId: routing.departmentId,
        departmentId: assigned ? routing.departmentId : null,
        deadline,
        source: n % 9 === 0 ? 'hotline' : 'web',
        reporterId: n % 9 === 0 ? null : n % 3 === 0 ? resident : null,
        callerName: n % 9 === 0 ? '王先生' : null,
        callerPhone: n % 9 === 0 ? '13912345678' : null,
        followerCount: 0,
        assignedAt,
        rectifiedAt: PATHS[status].includes('rectified') ? new Date(createdAt.getTime() + 2 * 86_400_000) : null,
        closedAt: PATHS[status].includes('closed') ? new Date(createdAt.getTime() + 3 * 86_400_000) : null,
        createdAt,
        updatedAt: createdAt,
      });
      plans.push({ status, createdAt, assignedAt });
    }
  }
  await db.transaction(async (tx) => {
    const created = await tx.insert(reports).values(rows).returning({ id: reports.id, departmentId: reports.departmentId, deadline: reports.deadline });
    const photos: (typeof reportPhotos.$inferInsert)[] = [];
    const timeline: (typeof reportTimeline.$inferInsert)[] = [];
    const ratings: (typeof reportRatings.$inferInsert)[] = [];
    created.forEach((report, i) => {
      const plan = plans[i]!;
      const photo = before[i % before.length]!;
      photos.push({ reportId: report.id, stage: 'before', ...photo });
      if (PATHS[plan.status].includes('rectified')) photos.push({ reportId: report.id, stage: 'after', ...after[i % after.length]! });
      PATHS[plan.status].forEach((status, step) => {
        timeline.push({
          reportId: report.id,
          fromStatus: step === 0 ? null : PATHS[plan.status][step - 1]!,
          toStatus: status,
          actorId: status === 'submitted' ? (rows[i]!.reporterId ?? null) : moderator,
          actorRole: status === 'submitted' ? 'resident' : 'moderator',
          note: status === 'rejected' ? '不属于受理范围' : status === 'rectified' ? '已清理完毕，恢复原貌。' : status === 'returned' ? '不属于本单位职责' : null,
          departmentId: status === 'assigned' ? report.departmentId : null,
          deadline: status === 'assigned' ? report.deadline : null,
          createdAt: new Date(plan.createdAt.getTime() + step * 3 * 3_600_000),
        });
      });
      if (plan.status === 'closed' && resident !== null && rows[i]!.reporterId === resident && i % 2 === 0) {
        ratings.push({ reportId: report.id, userId: resident, departmentId: report.departmentId, rating: i % 4 === 0 ? 'satisfied' : 'basically_satisfied' });
      }
    });
    await tx.insert(reportPhotos).values(photos);
    for (let i = 0; i < timeline.length; i += 500) await tx.insert(reportTimeline).values(timeline.slice(i, i + 500));
    if (ratings.length) await tx.insert(reportRatings).values(ratings);
    const volunteer = byName.get('volunteer');
    if (volunteer !== undefined) {
      const followed = created.filter((_, i) => i % 7 === 0).map((report) => ({ reportId: report.id, userId: volunteer }));
      if (followed.length) {
        await tx.insert(reportFollowers).values(followed);
        await tx
          .update(reports)
          .set({ followerCount: 1 })
          .where(
            inArray(
              reports.id,
              followed.map((f) => f.reportId),
            ),
          );
      }
    }
    await rebuildMapCells(tx);
  });
}
