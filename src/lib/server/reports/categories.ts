/** Report categories, seeded from the campaign, and routing a point to its responsible department. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { departments, reportCategories, reportCategoryOverrides } from '../../../../db/schema';
import { resolvePoint, type ResolvedPoint } from '../city';
import { cachedForOneSecond } from '../cache';
import { addWorkingDays, type Calendar } from '../calendar';
import { cityDay } from '../time';

/** [code, 中文, English, department code, working days]. */
export const CAMPAIGN_CATEGORIES: [string, string, string, string, number][] = [
  ['litter', '乱扔垃圾/卫生死角', 'Litter / neglected corners', 'sanitation', 2],
  ['spitting', '随地吐痰', 'Spitting', 'sanitation', 3],
  ['flyposting', '乱贴乱画/小广告（"牛皮癣"）', 'Graffiti / fly-posting', 'chengguan', 3],
  ['parking', '乱停乱放（机动车/非机动车）', 'Bad parking (cars / bicycles)', 'traffic-police', 2],
  ['street-vending', '占道经营/乱设摊点', 'Street vending blocking the way', 'chengguan', 3],
  ['illegal-building', '乱搭乱建/违章建筑', 'Illegal structures', 'housing', 10],
  ['piling', '乱堆乱放', 'Things piled in public space', 'chengguan', 3],
  ['hanging', '乱挂晒', 'Laundry hung in public', 'chengguan', 3],
  ['jaywalking', '闯红灯/行人乱穿马路/逆行', 'Red-light running / jaywalking / wrong-way riding', 'traffic-police', 5],
  ['greenery', '损坏花草树木', 'Damaged plants and trees', 'parks', 5],
  ['tactile-paving', '盲道被占用', 'Blocked tactile paving', 'chengguan', 2],
  ['public-ads', '公益广告破损', 'Damaged public-service posters', 'wenmingban', 5],
  ['smoking', '公共场所吸烟', 'Smoking in public places', 'health', 5],
  ['fire-lane', '消防通道占用', 'Blocked fire lane', 'chengguan', 1],
  ['cables', '线缆"蜘蛛网"', 'Tangled overhead cables', 'housing', 10],
  ['dogs', '流浪犬/不文明养犬', 'Stray dogs / irresponsible dog owners', 'chengguan', 3],
  ['frontage', '门前三包不落实', 'Shop frontage duties neglected (门前三包)', 'market-regulation', 3],
  ['market', '农贸市场脏乱', 'Dirty farmers’ market', 'market-regulation', 5],
  ['facilities', '公共设施损坏', 'Damaged public facilities', 'parks', 5],
  ['other', '其他', 'Other', 'wenmingban', 5],
];

export async function seedCategories(db: Db): Promise<void> {
  const rows = await db.select({ id: departments.id, code: departments.code }).from(departments);
  const byCode = new Map(rows.map((row) => [row.code, row.id]));
  const values = CAMPAIGN_CATEGORIES.flatMap(([code, nameZh, nameEn, department, deadlineDays], sortOrder) => {
    const departmentId = byCode.get(department);
    return departmentId ? [{ code, nameZh, nameEn, departmentId, deadlineDays, sortOrder }] : [];
  });
  if (values.length) await db.insert(reportCategories).values(values).onConflictDoNothing({ target: reportCategories.code });
}

export interface CategoryView {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  deadlineDays: number;
  department: { id: number; code: string; nameZh: string; nameEn: string };
}

export async function listCategories(db: Db): Promise<CategoryView[]> {
  return db
    .select({
      id: reportCategories.id,
      code: reportCategories.code,
      nameZh: reportCategories.nameZh,
      nameEn: reportCategories.nameEn,
      deadlineDays: reportCategories.deadlineDays,
      department: { id: departments.id, code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn },
    })
    .from(reportCategories)
    .innerJoin(departments, eq(reportCategories.departmentId, departments.id))
    .where(eq(reportCategories.active, true))
    .orderBy(asc(reportCategories.sortOrder), asc(reportCategories.id));
}

/** Every category's names, retired ones too (for naming what people chose earlier), in id order. */
export async function listCategoryNames(db: Db): Promise<{ code: string; nameZh: string; nameEn: string }[]> {
  return db.select({ code: reportCategories.code, nameZh: reportCategories.nameZh, nameEn: reportCategories.nameEn }).from(reportCategories).orderBy(asc(reportCategories.id));
}

/** The active categories, at most one second old: public pages and GET /api/v1/categories (never for writes). */
export function cachedCategories(db: Db): Promise<CategoryView[]> {
  return cachedForOneSecond(db, 'categories', () => listCategories(db));
}

/** The active category with this code from a list at most one second old (public reads: map, nearby). */
export async function cachedCategoryByCode(db: Db, code: string): Promise<CategoryView | null> {
  const categories = await cachedCategories(db);
  return categories.find((category) => category.code === code) ?? null;
}

export async function getCategoryByCode(db: Db, code: string) {
  const [row] = await db
    .select()
    .from(reportCategories)
    .where(and(eq(reportCategories.code, code), eq(reportCategories.active, true)));
  return row ?? null;
}

/** Sets (or, with both null, clears) a district's routing of a category. */
export async function setCategoryOverride(db: Db, override: { categoryId: number; districtId: number; departmentId: number | null; deadlineDays: number | null }): Promise<void> {
  if (override.departmentId === null && override.deadlineDays === null) {
    await db.delete(reportCategoryOverrides).where(and(eq(reportCategoryOverrides.categoryId, override.categoryId), eq(reportCategoryOverrides.districtId, override.districtId)));
    return;
  }
  await db
    .insert(reportCategoryOverrides)
    .values(override)
    .onConflictDoUpdate({
      target: [reportCategoryOverrides.categoryId, reportCategoryOverrides.districtId],
      set: { departmentId: sql`excluded.department_id`, deadlineDays: sql`excluded.deadline_days` },
    });
}

export interface Routing {
  departmentId: number;
  deadlineDays: number;
}

/** The category's department and working days for a district: the district's override, else the default. */
export async function routeCategory(db: Db, categoryId: number, districtId: number | null): Promise<Routing | null> {
  const [row] = await db
    .select({
      departmentId: sql<number>`coalesce(${reportCategoryOverrides.departmentId}, ${reportCategories.departmentId})`,
      deadlineDays: sql<number>`coalesce(${reportCategoryOverrides.deadlineDays}, ${reportCategories.deadlineDays})`,
    })
    .from(reportCategories)
    .leftJoin(reportCategoryOverrides, and(eq(reportCategoryOverrides.categoryId, reportCategories.id), eq(reportCategoryOverrides.districtId, districtId ?? -1)))
    .where(eq(reportCategories.id, categoryId));
  return row ? { departmentId: Number(row.departmentId), deadlineDays: Number(row.deadlineDays) } : null;
}

export interface RoutedPoint {
  areas: ResolvedPoint;
  routing: Routing;
}

/** Resolves a point to its cell, community, subdistrict and district, and proposes the department. */
export async function routeReport(db: Db, point: { lat: number; lng: number }, categoryId: number): Promise<RoutedPoint | null> {
  const areas = await resolvePoint(db, point);
  if (!areas) return null;
  const routing = await routeCategory(db, categoryId, areas.district.id);
  return routing ? { areas, routing } : null;
}

/** The deadline for an assignment made today. */
export function deadlineFrom(deadlineDays: number, calendar: Calendar, now: Date = new Date()): string {
  return addWorkingDays(cityDay(now), deadlineDays, calendar);
}
